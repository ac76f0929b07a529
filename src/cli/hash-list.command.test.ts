import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDb } from '../../test/db.ts';
import { parseHashList } from '../core/hash-list.ts';
import type { ServiceContext } from '../services/context.ts';
import { hashListCommand, type HashListCommandDeps } from './hash-list.command.ts';

const samples = path.join(path.dirname(fileURLToPath(import.meta.url)), '../../docs/hash-lists');
const scratch = mkdtempSync(path.join(tmpdir(), 'minhbach-hash-list-cli-'));
let ctx: ServiceContext;
let close: () => Promise<void>;

beforeAll(async () => {
  const db = await openTestDb();
  ctx = { db: db.db, now: () => new Date() };
  close = db.close;
});
afterAll(async () => {
  await close?.();
  rmSync(scratch, { recursive: true, force: true });
});

/** The command on the test database; standard output and error collected. */
async function run(argv: string[]) {
  let out = '';
  const err: string[] = [];
  const deps: HashListCommandDeps = {
    run: (local) => local(ctx),
    out: (text) => {
      out += text;
    },
    err: (line) => err.push(line),
  };
  const code = await hashListCommand(argv, deps);
  return { code, out, err };
}

describe('minhbach hash-list', () => {
  it('imports the sample files of docs/hash-lists and exports them again, the same signals', async () => {
    for (const [file, format, count] of [
      ['sample.pdq.txt', 'text', 4],
      ['sample.pdq.csv', 'csv', 3],
    ] as const) {
      const imported = await run(['import', path.join(samples, file), '--name', `Mẫu ${format}`, '--source', 'docs']);
      expect(imported.code, imported.err.join('\n')).toBe(0);
      const result = JSON.parse(imported.out);
      expect(result).toMatchObject({ name: `Mẫu ${format}`, owner: null, format, entry_count: count, source: 'docs' });

      const exported = await run(['export', '--list', result.id, '--format', format]);
      expect(exported.code).toBe(0);
      const original = parseHashList(readFileSync(path.join(samples, file), 'utf8')).entries;
      expect(parseHashList(exported.out).entries).toEqual(original.map((e) => ({ ...e, id: null, quality: null })));
    }
    const listed = await run(['list']);
    expect(JSON.parse(listed.out).items.map((l: { name: string }) => l.name)).toEqual(expect.arrayContaining(['Mẫu text', 'Mẫu csv']));
  });

  it("exports minhbach's own signals without --list, in the CSV of threatexchange dataset", async () => {
    const res = await run(['export', '--format', 'csv']);
    expect(res.code).toBe(0);
    expect(res.out).toBe('collab,signal_type,signal_str,category,tags\r\n');
  });

  it('refuses a file that is no list, naming the line, and shows its usage when asked wrong', async () => {
    const bad = path.join(scratch, 'bad.txt');
    writeFileSync(bad, 'f8f8f0cee0f4a84f\n');
    await expect(run(['import', bad, '--name', 'x'])).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'line 1: pdq' }] });
    const latin1 = path.join(scratch, 'latin1.txt');
    writeFileSync(latin1, Buffer.from([0x66, 0xe9, 0x0a]));
    await expect(run(['import', latin1, '--name', 'x'])).rejects.toMatchObject({ code: 'validation_failed', fields: [{ field: 'content' }] });
    for (const argv of [['import', bad], ['export', '--format', 'xml'], ['nothing']]) {
      const res = await run(argv);
      expect(res.code).toBe(64);
      expect(res.err[0]).toMatch(/^usage: hash-list import/);
    }
  });
});
