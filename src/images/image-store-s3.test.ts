import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AwsV4Signer } from 'aws4fetch';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../core/errors.ts';
import { s3ImageStore, type S3ImageStoreConfig } from './image-store-s3.ts';

/**
 * A loopback stand-in for an S3-compatible service: it checks each request's shape (path-style
 * address, SigV4 Authorization recomputed from the request, the payload's SHA-256) and keeps objects.
 */
const objects = new Map<string, { body: Buffer; type: string | undefined }>();
const seen: { method: string; path: string; headers: IncomingMessage['headers'] }[] = [];
let failNext: number | null = null;
let server: Server;
let config: S3ImageStoreConfig;

const SECRET = 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY';

async function signatureHolds(req: IncomingMessage, body: Buffer): Promise<boolean> {
  const auth = String(req.headers.authorization);
  const signed = /SignedHeaders=([^,]+)/.exec(auth)![1]!.split(';');
  const headers: Record<string, string> = {};
  for (const h of signed) if (h !== 'host') headers[h] = String(req.headers[h]);
  const again = new AwsV4Signer({
    method: req.method!,
    url: `http://${req.headers.host}${req.url}`,
    headers,
    body: body.length ? new Uint8Array(body) : undefined,
    accessKeyId: 'AKIDEXAMPLE',
    secretAccessKey: SECRET,
    service: 's3',
    region: 'ap-southeast-1',
    datetime: String(req.headers['x-amz-date']),
  });
  return (await again.authHeader()) === auth;
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const body = Buffer.concat(chunks);
        seen.push({ method: req.method!, path: req.url!, headers: req.headers });
        const bad = (status: number, why: string) => {
          res.writeHead(status, { 'content-type': 'application/xml' }).end(`<Error><Code>${why}</Code></Error>`);
        };
        if (failNext !== null) {
          const status = failNext;
          failNext = null;
          return bad(status, 'InternalError');
        }
        if (
          !/^AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE\/\d{8}\/ap-southeast-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]+, Signature=[0-9a-f]{64}$/.test(
            String(req.headers.authorization),
          )
        ) {
          return bad(403, 'AccessDenied');
        }
        if (!(await signatureHolds(req, body))) return bad(403, 'SignatureDoesNotMatch');
        const m = /^\/minhbach-images\/images\/([0-9a-f]{64})$/.exec(req.url!);
        if (!m) return bad(400, 'InvalidURI');
        const payloadHash = createHash('sha256').update(body).digest('hex');
        if (req.headers['x-amz-content-sha256'] !== payloadHash) return bad(400, 'XAmzContentSHA256Mismatch');
        const key = m[1]!;
        if (req.method === 'PUT') {
          objects.set(key, { body, type: req.headers['content-type'] });
          return res.writeHead(200).end();
        }
        if (req.method === 'GET') {
          const o = objects.get(key);
          if (!o) return bad(404, 'NoSuchKey');
          return res.writeHead(200, { 'content-type': o.type ?? 'application/octet-stream' }).end(o.body);
        }
        if (req.method === 'DELETE') {
          objects.delete(key);
          return res.writeHead(204).end();
        }
        return bad(405, 'MethodNotAllowed');
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  config = { endpoint: `http://127.0.0.1:${port}`, bucket: 'minhbach-images', region: 'ap-southeast-1', accessKeyId: 'AKIDEXAMPLE', secretAccessKey: SECRET };
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe('the S3-compatible image store', () => {
  it('PUTs and GETs objects path-style, signed with SigV4, stating the payload’s SHA-256', async () => {
    const store = s3ImageStore(config);
    const bytes = new Uint8Array(50_000).map((_, i) => i % 251);
    const address = sha(bytes);
    seen.length = 0;
    await store.put(address, bytes, 'image/png');
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ method: 'PUT', path: `/minhbach-images/images/${address}` });
    // The object's name is its content's hash: S3 refuses bytes damaged on the way.
    expect(seen[0]!.headers['x-amz-content-sha256']).toBe(address);
    expect(seen[0]!.headers['content-type']).toBe('image/png');
    expect(objects.get(address)?.body.equals(Buffer.from(bytes))).toBe(true);

    const back = await store.get(address);
    expect(Buffer.from(back!).equals(Buffer.from(bytes))).toBe(true);
    expect(seen[1]).toMatchObject({ method: 'GET', path: `/minhbach-images/images/${address}` });
    expect(seen[1]!.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 /);
  });

  it('answers null for an object that is not there, and deletes', async () => {
    const store = s3ImageStore(config);
    const bytes = new Uint8Array([1, 2, 3]);
    const address = sha(bytes);
    expect(await store.get(address)).toBeNull();
    await store.put(address, bytes, 'image/jpeg');
    await store.delete(address);
    expect(objects.has(address)).toBe(false);
    await store.delete(address);
  });

  it('turns a failing bucket into 503 (unavailable), the caller’s request not being at fault', async () => {
    const store = s3ImageStore(config);
    failNext = 500;
    const error = await store.put(sha(new Uint8Array([4])), new Uint8Array([4]), 'image/png').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('unavailable');
    const wrongKey = s3ImageStore({ ...config, secretAccessKey: 'not-the-secret' });
    expect(((await wrongKey.get(sha(new Uint8Array([5]))).catch((e: unknown) => e)) as AppError).code).toBe('unavailable');
  });

  it('never turns anything but 64 lowercase hex digits into a key', async () => {
    await expect(s3ImageStore(config).get('../other-bucket/x')).rejects.toThrow(/not an image address/);
  });
});
