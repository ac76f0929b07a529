import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseCsv } from '../core/csv.ts';
import { DUMP_COLUMNS, dumpRow } from '../core/dump-csv.ts';
import { verifyCommand } from '../cli/verify.command.ts';
import { openCheckpoint } from '../core/tlog/checkpoint.ts';
import { parseVerifierKey } from '../core/tlog/note.ts';
import { checkDumpLines, parseDumpLine } from '../verifier/dump-check.ts';
import { failure, integrate, type LogServer, openLogServer, publishDecision, publishNotices, verify, withdrawRecord } from '../verifier/test-fixtures.ts';
import { makeDailyDump, type PublicDump } from './dump.service.ts';

let s: LogServer;
const dumpsDir = mkdtempSync(path.join(tmpdir(), 'minhbach-dumps-'));
const downloads = mkdtempSync(path.join(tmpdir(), 'minhbach-dl-'));
let dump: PublicDump;
let withdrawnId: string;
let records: number;
const served = new Map<string, Buffer>();
const OPERATOR_TOKEN = 'operator-token-for-the-dumps-test-0123456789';

const sha256 = (b: Buffer) => createHash('sha256').update(b).digest('hex');

beforeAll(async () => {
  s = await openLogServer({ dumpsDir, operatorToken: OPERATOR_TOKEN });
  const caseIds = await publishNotices(s, 4);
  await publishDecision(s, caseIds[0]!);
  await integrate(s);
  // A record withdrawn after it was logged: the dump shows its tombstone.
  const [first] = await s.t.ctx.db.query<{ record_id: string }>(`SELECT record_id FROM log_entries WHERE idx = 1`);
  withdrawnId = first!.record_id;
  await withdrawRecord(s, withdrawnId);
  await integrate(s);
  [{ records }] = (await s.t.ctx.db.query<{ records: number }>(`SELECT count(*)::int AS records FROM log_entries`)) as [{ records: number }];

  const outcome = await makeDailyDump(s.t.ctx, { dir: dumpsDir });
  expect(outcome.made).toBe(true);
  if (!outcome.made) throw new Error('no dump');
  dump = outcome.dump;
  for (const f of dump.files) {
    const res = await s.t.app.inject({ method: 'GET', url: f.url });
    expect(res.statusCode).toBe(200);
    served.set(f.format, res.rawPayload);
    writeFileSync(path.join(downloads, f.name), res.rawPayload);
  }
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dumpsDir, { recursive: true, force: true });
  rmSync(downloads, { recursive: true, force: true });
});

const jsonlLines = () =>
  served
    .get('jsonl')!
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const p = parseDumpLine(l);
      if (!p.ok) throw new Error(p.error);
      return p.line;
    });

describe('open data dumps', () => {
  it('hold every logged record in log order, each as its public document', async () => {
    expect(dump).toMatchObject({ records, checkpoint: { size: records, origin: 'test.minhbach.localhost/log' } });
    expect(dump.files.map((f) => f.name)).toEqual(['jsonl', 'csv', 'parquet'].map((ext) => `minhbach-records-${dump.date}-${records}.${ext}`));
    const lines = jsonlLines();
    expect(lines.map((l) => l.log_index)).toEqual([...Array(records).keys()]);
    for (const line of lines) {
      const res = await s.t.app.inject({ method: 'GET', url: `/api/v1/public/records/${String(line.record.id)}` });
      const { log_index, ...document } = res.json() as Record<string, unknown>;
      expect(log_index).toBe(line.log_index);
      // The API may present more beside the document (its log index, links added later); the dump holds the document.
      expect(document).toMatchObject(line.record);
    }
    const tomb = lines.find((l) => l.record.id === withdrawnId)!;
    expect(tomb.record.withdrawn).toBe(true);
    expect(tomb.entry_sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it('lists each file with the SHA-256 and size of the bytes served, as a download', async () => {
    const res = await s.t.app.inject({ method: 'GET', url: '/api/v1/public/dumps', headers: { origin: 'https://research.example' } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('*');
    expect(res.json().items).toEqual([dump]);
    for (const f of dump.files) {
      expect(sha256(served.get(f.format)!)).toBe(f.sha256);
      expect(served.get(f.format)!.length).toBe(f.bytes);
      const head = await s.t.app.inject({ method: 'GET', url: f.url });
      expect(head.headers['content-disposition']).toBe(`attachment; filename="${f.name}"`);
      expect(head.headers['content-length']).toBe(String(f.bytes));
    }
    expect((await s.t.app.inject({ method: 'GET', url: `/api/v1/public/dumps/${dump.id}/xlsx` })).statusCode).toBe(422);
    expect((await s.t.app.inject({ method: 'GET', url: `/api/v1/public/dumps/01900000-0000-7000-8000-000000000000/csv` })).statusCode).toBe(404);
    // No temporary files are left beside the dump.
    expect(readdirSync(dumpsDir).sort()).toEqual(dump.files.map((f) => f.name).sort());
  });

  it('writes the same cells to CSV and Parquet, read back equal to the JSON lines', async () => {
    const lines = jsonlLines();
    const expected = lines.map((l) => dumpRow(l.log_index, l.record));
    const csv = served.get('csv')!.toString('utf8');
    expect(csv.charCodeAt(0)).not.toBe(0xfeff);
    const parsed = parseCsv(csv, ',');
    if (!parsed.ok) throw new Error('CSV does not parse');
    expect(parsed.records[0]!.cells).toEqual(DUMP_COLUMNS);
    expect(parsed.records.slice(1).map((r) => r.cells)).toEqual(expected.map((row) => row.map((c) => c ?? '')));

    const buf = served.get('parquet')!;
    const rows = await parquetReadObjects({ file: buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength) as ArrayBuffer });
    expect(rows.map((r) => DUMP_COLUMNS.map((c) => (c === 'log_index' ? String(r[c]) : (r[c] ?? null))))).toEqual(expected);
  });

  it('publishes the dump as a logged open_data_dump record, once per Vietnamese day', async () => {
    await integrate(s);
    const list = (await s.t.app.inject({ method: 'GET', url: '/api/v1/public/dumps' })).json().items as PublicDump[];
    expect(list[0]!.log_index).toBe(records);
    const rec = (await s.t.app.inject({ method: 'GET', url: `/api/v1/public/records/${dump.public_record_id}` })).json();
    expect(rec).toMatchObject({ type: 'open_data_dump', log_index: records, date: dump.date, records, checkpoint: { size: records, root_hash: dump.checkpoint.root_hash } });
    expect(rec.files).toEqual(dump.files.map(({ url: _url, ...f }) => f));
    expect(rec.checkpoint.note).toContain(`\n${records}\n${dump.checkpoint.root_hash}\n`);

    const again = await makeDailyDump(s.t.ctx, { dir: dumpsDir });
    expect(again).toMatchObject({ made: false, reason: 'done', dump: { id: dump.id } });
    // `minhbach dump` beside a running server: the operator route says the day is done.
    const viaServer = await s.t.app.inject({ method: 'POST', url: '/api/v1/admin/dumps', headers: { authorization: `Bearer ${OPERATOR_TOKEN}` } });
    expect(viaServer.statusCode).toBe(200);
    expect(viaServer.json()).toMatchObject({ made: false, reason: 'done', dump: { id: dump.id } });
    expect((await s.t.app.inject({ method: 'GET', url: '/api/v1/public/dumps' })).json().items).toHaveLength(1);
  });

  it('is made by one worker when several try the same day, and taken over from a worker that died mid-dump', async () => {
    s.t.advance(86_400_000);
    const outcomes = await Promise.all([makeDailyDump(s.t.ctx, { dir: dumpsDir }), makeDailyDump(s.t.ctx, { dir: dumpsDir }), makeDailyDump(s.t.ctx, { dir: dumpsDir })]);
    expect(outcomes.filter((o) => o.made)).toHaveLength(1);
    expect(outcomes.filter((o) => !o.made).map((o) => !o.made && o.reason)).toEqual(expect.arrayContaining([expect.stringMatching(/^(busy|done)$/)]));

    // The next day, a claim renewed a minute ago is another worker at work; one left for an hour is a dead one's.
    s.t.advance(86_400_000);
    const now = s.t.ctx.now();
    const day = new Date(now.getTime() + 7 * 3_600_000).toISOString().slice(0, 10);
    await s.t.ctx.db.query(`INSERT INTO open_data_dumps (id, day, claim_token, claimed_at) VALUES ($1, $2::date, $1, $3)`, [
      '01900000-0000-7000-8000-00000000dead',
      day,
      new Date(now.getTime() - 60_000),
    ]);
    expect(await makeDailyDump(s.t.ctx, { dir: dumpsDir })).toMatchObject({ made: false, reason: 'busy' });
    await s.t.ctx.db.query(`UPDATE open_data_dumps SET claimed_at = $2 WHERE day = $1::date`, [day, new Date(now.getTime() - 3_600_000)]);
    const taken = await makeDailyDump(s.t.ctx, { dir: dumpsDir });
    expect(taken).toMatchObject({ made: true, dump: { date: day } });
    expect((await s.t.app.inject({ method: 'GET', url: '/api/v1/public/dumps' })).json().items.map((d: PublicDump) => d.date)).toEqual([day, expect.any(String), dump.date]);
  });

  it('gives the day back when writing fails, so the next run makes it', async () => {
    s.t.advance(86_400_000);
    const notADirectory = path.join(downloads, 'not-a-directory');
    writeFileSync(notADirectory, '');
    await expect(makeDailyDump(s.t.ctx, { dir: notADirectory })).rejects.toThrow();
    expect(await makeDailyDump(s.t.ctx, { dir: dumpsDir })).toMatchObject({ made: true });
  });

  it('is verified against the log: a downloaded JSON lines dump entry by entry, CSV and Parquet by their digest', async () => {
    const [jsonl, csv, parquet] = ['jsonl', 'csv', 'parquet'].map((f) => path.join(downloads, dump.files.find((x) => x.format === f)!.name)) as [string, string, string];
    const ok = await verify(s, { dumpPath: jsonl });
    expect(ok.dump).toMatchObject({ format: 'jsonl', checked: 'entries', size: records, dump_id: dump.id, record_id: dump.public_record_id, withdrawn: 1 });
    expect((await verify(s, { dumpPath: csv, fullAudit: false })).dump).toMatchObject({ format: 'csv', checked: 'digest' });
    expect((await verify(s, { dumpPath: parquet, fullAudit: false })).dump).toMatchObject({ format: 'parquet', checked: 'digest' });

    // Through the command, as an operator or researcher runs it.
    const out: string[] = [];
    const code = await verifyCommand(['--log', s.logUrl, '--key', s.vkey, '--dump', jsonl, '--no-full-audit'], { out: (l) => out.push(l), err: () => undefined });
    expect(code).toBe(0);
    expect(JSON.parse(out[0]!)).toMatchObject({ ok: true, dump: { checked: 'entries' } });
  });

  it('rejects a dump with a changed line, naming its index, and one with a line removed', async () => {
    const lines = served.get('jsonl')!.toString('utf8').split('\n');
    const changed = [...lines];
    const l2 = JSON.parse(changed[2]!);
    l2.record.explanation = `${String(l2.record.explanation)} (sửa)`;
    changed[2] = JSON.stringify(l2);
    const changedPath = path.join(downloads, 'changed.jsonl');
    writeFileSync(changedPath, changed.join('\n'));
    // Under another name, its SHA-256 is no dump's: it is not even found.
    expect((await failure(verify(s, { dumpPath: changedPath, fullAudit: false }))).message).toContain('no dump listed');

    // Under the published name (a tampered copy), every line is checked against the log and the first change is named.
    const jsonlName = dump.files.find((f) => f.format === 'jsonl')!.name;
    const tampered = mkdtempSync(path.join(downloads, 'tampered-'));
    writeFileSync(path.join(tampered, jsonlName), changed.join('\n'));
    expect((await failure(verify(s, { dumpPath: path.join(tampered, jsonlName), fullAudit: false }))).message).toMatch(
      /line 3 \(log index 2, record "[0-9a-f-]+"\): it is not what log entry 2 commits to .*the record was changed/,
    );
    writeFileSync(path.join(tampered, jsonlName), lines.filter((_, i) => i !== 1).join('\n'));
    expect((await failure(verify(s, { dumpPath: path.join(tampered, jsonlName), fullAudit: false }))).message).toContain(
      'line 2 says log_index 2, but it is line 2, which must hold log index 1',
    );
    writeFileSync(path.join(tampered, jsonlName), lines.slice(0, -2).join('\n'));
    expect((await failure(verify(s, { dumpPath: path.join(tampered, jsonlName), fullAudit: false }))).message).toContain(
      `${records - 1} lines, but the dump's checkpoint has ${records} records`,
    );
    // The same records re-encoded (here: a blank line less at the end) are not the published file either.
    writeFileSync(path.join(tampered, jsonlName), lines.join('\n').trimEnd());
    expect((await failure(verify(s, { dumpPath: path.join(tampered, jsonlName), fullAudit: false }))).message).toContain('the file was changed');

    // Without the log's entries at hand, the checkpoint's root alone refuses a changed record.
    const note = (await s.t.app.inject({ method: 'GET', url: `/api/v1/public/records/${dump.public_record_id}` })).json().checkpoint.note as string;
    const cp = openCheckpoint(note, parseVerifierKey(s.vkey)).checkpoint;
    await expect(checkDumpLines(changedPath, cp)).rejects.toThrow(/do not form the checkpoint's tree/);
  });
});
