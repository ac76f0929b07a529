import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

const S3 = {
  MINHBACH_IMAGES_S3_ENDPOINT: 'https://s3.example.vn:9000',
  MINHBACH_IMAGES_S3_BUCKET: 'minhbach-images',
  MINHBACH_IMAGES_S3_ACCESS_KEY_ID: 'AKIDEXAMPLE',
  MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY',
};

describe('image store settings', () => {
  it('keep images beside the embedded database by default, and where MINHBACH_IMAGES_DIR says', () => {
    expect(loadConfig({ MINHBACH_DATA_DIR: 'var/db' }, '/srv/minhbach').images).toEqual({ kind: 'disk', dir: path.resolve('/srv/minhbach/var/db/images') });
    expect(loadConfig({ MINHBACH_IMAGES_DIR: 'pictures' }, '/srv/minhbach').images).toEqual({ kind: 'disk', dir: path.resolve('/srv/minhbach/pictures') });
  });

  it('have no disk default on PostgreSQL, where API servers may not share a disk: no images unless a store is given', () => {
    const pg = { DATABASE_URL: 'postgres://db.example/minhbach' };
    expect(loadConfig(pg).images).toBeNull();
    expect(loadConfig({ ...pg, MINHBACH_IMAGES_DIR: '/mnt/shared/images' }).images).toEqual({ kind: 'disk', dir: '/mnt/shared/images' });
    expect(loadConfig({ ...pg, ...S3 }).images).toMatchObject({ kind: 's3' });
  });

  it('take an S3-compatible bucket, path-style, with us-east-1 as the default region', () => {
    expect(loadConfig({ ...S3 }).images).toEqual({
      kind: 's3',
      endpoint: 'https://s3.example.vn:9000',
      bucket: 'minhbach-images',
      region: 'us-east-1',
      accessKeyId: 'AKIDEXAMPLE',
      secretAccessKey: S3.MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY,
    });
    expect(loadConfig({ ...S3, MINHBACH_IMAGES_S3_REGION: 'ap-southeast-1', MINHBACH_IMAGES_S3_ENDPOINT: 'http://127.0.0.1:9000/' }).images).toMatchObject({
      endpoint: 'http://127.0.0.1:9000',
      region: 'ap-southeast-1',
    });
  });

  it('refuse an incomplete or contradictory bucket configuration at boot, naming the variable and never echoing the secret', () => {
    const bad = (env: Record<string, string>, variable: string) => {
      let error: unknown;
      try {
        loadConfig(env);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as Error).message).toContain(variable);
      expect((error as Error).message).not.toContain(S3.MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY);
    };
    bad({ ...S3, MINHBACH_IMAGES_S3_BUCKET: '' }, 'MINHBACH_IMAGES_S3_BUCKET');
    bad({ ...S3, MINHBACH_IMAGES_S3_BUCKET: 'a/../b' }, 'MINHBACH_IMAGES_S3_BUCKET');
    bad({ ...S3, MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY: '' }, 'MINHBACH_IMAGES_S3_SECRET_ACCESS_KEY');
    bad({ ...S3, MINHBACH_IMAGES_S3_ACCESS_KEY_ID: '' }, 'MINHBACH_IMAGES_S3_ACCESS_KEY_ID');
    bad({ ...S3, MINHBACH_IMAGES_S3_ENDPOINT: 'ftp://s3.example.vn' }, 'MINHBACH_IMAGES_S3_ENDPOINT');
    bad({ ...S3, MINHBACH_IMAGES_S3_ENDPOINT: 'https://key:secret@s3.example.vn' }, 'MINHBACH_IMAGES_S3_ENDPOINT');
    bad({ ...S3, MINHBACH_IMAGES_S3_ENDPOINT: 'https://s3.example.vn/bucket' }, 'MINHBACH_IMAGES_S3_ENDPOINT');
    bad({ ...S3, MINHBACH_IMAGES_S3_REGION: 'Mars 1' }, 'MINHBACH_IMAGES_S3_REGION');
    bad({ ...S3, MINHBACH_IMAGES_DIR: '/srv/images' }, 'MINHBACH_IMAGES_DIR');
    const { MINHBACH_IMAGES_S3_ENDPOINT: _endpoint, ...withoutEndpoint } = S3;
    bad(withoutEndpoint, 'MINHBACH_IMAGES_S3_');
  });
});
