import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../config.ts';
import { smtpOptions } from './mailer.ts';

const base = { MINHBACH_DATA_DIR: '/tmp/minhbach-test-unused' };

describe('e-mail configuration', () => {
  it('is off when MINHBACH_SMTP_URL is unset', () => {
    expect(loadConfig(base).mail).toBeNull();
  });
  it('needs a sender and a public address, and names the variable that is wrong', () => {
    const env = { ...base, MINHBACH_SMTP_URL: 'smtp://user:s3cret@mail.example.vn:587' };
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(/MINHBACH_MAIL_FROM/);
    expect(() => loadConfig({ ...env, MINHBACH_MAIL_FROM: 'no-reply@minhbach.vn' })).toThrow(/MINHBACH_PUBLIC_URL/);
    expect(() => loadConfig({ ...env, MINHBACH_MAIL_FROM: 'not an address', MINHBACH_PUBLIC_URL: 'https://minhbach.vn' })).toThrow(/MINHBACH_MAIL_FROM/);
    expect(() => loadConfig({ ...base, MINHBACH_SMTP_URL: 'http://s3cret@mail', MINHBACH_MAIL_FROM: 'a@b.vn', MINHBACH_PUBLIC_URL: 'https://minhbach.vn' })).toThrow(
      /MINHBACH_SMTP_URL/,
    );
    try {
      loadConfig({ ...base, MINHBACH_SMTP_URL: 'smtp://user:s3cret@', MINHBACH_MAIL_FROM: 'a@b.vn' });
    } catch (e) {
      expect(String(e)).not.toContain('s3cret');
    }
    const ok = loadConfig({ ...env, MINHBACH_MAIL_FROM: 'Minh bạch <no-reply@minhbach.vn>', MINHBACH_PUBLIC_URL: 'https://minhbach.vn/' });
    expect(ok.mail).toEqual({ smtpUrl: env.MINHBACH_SMTP_URL, from: 'Minh bạch <no-reply@minhbach.vn>', publicUrl: 'https://minhbach.vn' });
  });
  it('reads host, port, TLS and credentials from the URL', () => {
    expect(smtpOptions('smtps://a%40b:p%3Ass@mail.vn')).toMatchObject({ host: 'mail.vn', port: 465, secure: true, auth: { user: 'a@b', pass: 'p:ss' } });
    expect(smtpOptions('smtp://127.0.0.1:2525')).toMatchObject({ host: '127.0.0.1', port: 2525, secure: false });
    expect(smtpOptions('smtp://127.0.0.1:2525')).not.toHaveProperty('auth');
  });
});
