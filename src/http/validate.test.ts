import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { databaseImportTarget, importCommand } from '../cli/import.command.ts';
import type { FieldError } from '../core/errors.ts';

let t: TestApp;
let authority: TestOrg;
let dir: string;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  dir = mkdtempSync(path.join(tmpdir(), 'minhbach-validate-'));
});
afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await t.close();
});

type Verdict = { accepted: true } | { accepted: false; errors: FieldError[] };

async function viaNotices(doc: Record<string, unknown>): Promise<Verdict> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: doc });
  if (res.status === 201) return { accepted: true };
  expect(res.status, res.body).toBe(422);
  return { accepted: false, errors: res.json.errors };
}

async function viaBatch(doc: Record<string, unknown>): Promise<Verdict> {
  const res = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices: [doc] } });
  // Text no field may hold (NUL, lone surrogates) is refused for the whole body, naming the notice.
  if (res.status === 422) return { accepted: false, errors: res.json.errors.map((e: FieldError) => ({ ...e, field: e.field.replace(/^notices\[0\]\./, '') })) };
  expect(res.status, res.body).toBe(200);
  const [r] = res.json.results;
  return r.status === 'accepted' ? { accepted: true } : { accepted: false, errors: r.errors };
}

async function viaImport(doc: Record<string, unknown>): Promise<Verdict> {
  const file = path.join(dir, `${Math.random().toString(36).slice(2)}.jsonl`);
  writeFileSync(file, `${JSON.stringify(doc)}\n`);
  const lines: string[] = [];
  await importCommand(
    [file, '--org', authority.actor.orgId],
    databaseImportTarget((fn) => fn(t.ctx)),
    (l) => lines.push(l),
  );
  const out = lines.map((l) => JSON.parse(l));
  const rejected = out.find((o) => o.line);
  return rejected ? { accepted: false, errors: rejected.errors } : { accepted: true };
}

// Each document is sent three times with a fresh URL and explanation, so none is a repeat.
const fresh = (doc: Record<string, unknown>) => ({
  ...doc,
  items: doc.items ?? [{ url: freshUrl() }],
  explanation: typeof doc.explanation === 'string' ? `${doc.explanation} ${Math.random()}` : doc.explanation,
});

const DOCUMENTS: [string, Record<string, unknown>][] = [
  ['a valid notice', { ...noticeInput(), items: undefined }],
  // Coercion once made these pass on /notices and fail in a batch or an import.
  ['a category_specification given as a string, not an array', { ...noticeInput(), items: undefined, category_specification: 'KEYWORD_PHISHING' }],
  ['a URL given as a number', { ...noticeInput(), items: [{ url: 12345 }] }],
  ['an explanation given as a number', { ...noticeInput(), items: undefined, explanation: 42 }],
  ['an unknown field', { ...noticeInput(), items: undefined, colour: 'red' }],
  // The NUL guard once covered HTTP bodies only: an imported line reached the database with it.
  ['a NUL character in the explanation', { ...noticeInput(), items: undefined, explanation: 'Lừa đảo\u0000 chuyển khoản' }],
  ['a lone surrogate in a URL', { ...noticeInput(), items: [{ url: 'https://www.facebook.com/page/posts/1\ud800' }] }],
];

describe('one validator configuration', () => {
  it.each(DOCUMENTS)('%s gets the same answer from /notices, /notices/batch and import', async (_name, doc) => {
    const verdicts = [await viaNotices(fresh(doc)), await viaBatch(fresh(doc)), await viaImport(fresh(doc))];
    const normalized = verdicts.map((v) => (v.accepted ? v : { accepted: false, errors: v.errors.map((e) => ({ ...e })).sort((a, b) => a.field.localeCompare(b.field)) }));
    expect(normalized[1]).toEqual(normalized[0]);
    expect(normalized[2]).toEqual(normalized[0]);
    if (_name !== 'a valid notice') expect(normalized[0]!.accepted).toBe(false);
  });

  it('still reads numbers from query strings', async () => {
    const res = await call(t.app, 'GET', '/api/v1/notices?limit=1', { org: authority });
    expect(res.status, res.body).toBe(200);
    expect(res.json.items.length).toBeLessThanOrEqual(1);
    const bad = await call(t.app, 'GET', '/api/v1/notices?limit=many', { org: authority });
    expect(bad.status).toBe(422);
    expect(bad.json.errors[0].field).toBe('limit');
  });
});
