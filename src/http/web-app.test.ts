import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { APP_PAGES, isAppPage } from '../core/app-pages.ts';

let t: TestApp;
let root: string;

beforeAll(async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-web-'));
  root = path.join(dir, 'dist');
  mkdirSync(path.join(root, 'assets'), { recursive: true });
  writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(path.join(root, 'assets', 'index-abc123.js'), 'console.log(1)');
  writeFileSync(path.join(dir, 'secret.txt'), 'outside the build');
  t = await openTestApp({ webRoot: root });
});
afterAll(async () => {
  await t.close();
  rmSync(path.dirname(root), { recursive: true, force: true });
});

const get = (url: string) => t.app.inject({ method: 'GET', url });

describe('the web app at /', () => {
  it('serves the app, its hashed assets cached for a year, and its page for any app path', async () => {
    const home = await get('/');
    expect(home.statusCode).toBe(200);
    expect(home.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(home.headers['cache-control']).toBe('no-cache');
    expect(home.headers['content-security-policy']).toContain("script-src 'self'");
    const asset = await get('/assets/index-abc123.js');
    expect(asset.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(asset.headers['cache-control']).toContain('immutable');
    for (const page of ['/records/0190a0b0-0000-7000-8000-000000000000', '/stats', '/?q=l%E1%BB%ABa%20%C4%91%E1%BA%A3o', '/sign-in', '/account/totp', '/invitations/abc']) {
      const res = await get(page);
      expect(res.statusCode, page).toBe(200);
      expect(res.body).toContain('<title>app</title>');
    }
  });

  it('serves with 200 exactly the pages the app’s router has (web/src/main.tsx and src/core/app-pages.ts agree)', () => {
    const router = readFileSync(path.resolve(import.meta.dirname, '../../web/src/main.tsx'), 'utf8');
    const paths = [...router.matchAll(/\{ path: '([^']+)'/g)].map((m) => m[1]!).filter((p) => p !== '*');
    const routed = new Set(['/', ...paths.map((p) => `/${p}`)]);
    expect(routed).toEqual(new Set(APP_PAGES));
    for (const page of APP_PAGES) expect(isAppPage(page.replace(/:[a-z]+/g, 'x1')), page).toBe(true);
    expect(isAppPage('/cases/x1/extra')).toBe(false);
  });

  it('answers 404 for a path that is no page: the app’s page for a browser, a problem for anything else', async () => {
    const browser = await t.app.inject({ method: 'GET', url: '/no-such-page', headers: { accept: 'text/html,application/xhtml+xml' } });
    expect(browser.statusCode).toBe(404);
    expect(browser.body).toContain('<title>app</title>');
    const client = await t.app.inject({ method: 'GET', url: '/nolog/checkpoint', headers: { accept: 'text/plain' } });
    expect(client.statusCode).toBe(404);
    expect(client.headers['content-type']).toContain('application/problem+json');
  });

  it('keeps the API’s answers to unknown API paths, and refuses files that are not there or outside the build', async () => {
    const api = await get('/api/v1/nothing-here');
    expect(api.statusCode).toBe(404);
    expect(api.headers['content-type']).toContain('application/problem+json');
    expect((await get('/log/nothing')).statusCode).toBe(404);
    expect((await get('/assets/missing.js')).statusCode).toBe(404);
    for (const escape of ['/../secret.txt', '/%2e%2e/secret.txt', '/assets/..%2f..%2fsecret.txt', '/%E0%A4%A']) {
      const res = await get(escape);
      expect(res.body, escape).not.toContain('outside the build');
      expect(res.statusCode, escape).toBeLessThan(500);
    }
  });

  it('says the app is not built, rather than failing, when there is no build', async () => {
    const bare = await openTestApp({ webRoot: path.join(root, 'nowhere') });
    const res = await bare.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(503);
    expect(res.json().detail).toContain('build:web');
    await bare.close();
  });
});
