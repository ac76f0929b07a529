import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeLogEntry, parseLogEntry } from '../core/tlog/log-entry.ts';
import { NoteSigner } from '../core/tlog/note.ts';
import { verifyCommand } from '../cli/verify.command.ts';
import { defaultApiUrl } from './log-client.ts';
import { failure, insertBulkRecords, integrate, loggedRecords, type LogServer, openLogServer, publishDecision, publishNotices, verify, withdrawRecord } from './test-fixtures.ts';

let s: LogServer;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-verify-'));

beforeAll(async () => {
  s = await openLogServer();
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs the command in-process, capturing its output. */
async function command(args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await verifyCommand(args, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err: err.join('\n'), json: out.length ? JSON.parse(out[out.length - 1]!) : null };
}

describe('the standalone verifier', () => {
  it('verifies the empty log', async () => {
    const summary = await verify(s);
    expect(summary).toMatchObject({ ok: true, origin: 'test.minhbach.localhost/log', size: 0, root: '47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=' });
  });

  it('verifies a small log, a record in it, and an entry file', async () => {
    const [caseId] = await publishNotices(s, 3);
    const sorId = await publishDecision(s, caseId!);
    await integrate(s);
    const logged = await loggedRecords(s);
    expect(logged.length).toBe(4);

    const lines: string[] = [];
    const summary = await verify(s, { report: (l) => lines.push(l) });
    expect(summary).toMatchObject({ ok: true, size: 4, audit: { mode: 'full', tiles: 1, entries: 4 } });
    expect(lines.join('\n')).toContain('signature by test.minhbach.localhost/log verified');

    const withRecord = await verify(s, { recordId: sorId });
    expect(withRecord.record).toMatchObject({ id: sorId, index: 3, type: 'statement_of_reasons', status: 'included', proof_size: 4 });
    const first = await verify(s, { recordId: logged[0]!.record_id, fullAudit: false });
    expect(first.record).toMatchObject({ index: 0, status: 'included' });
    expect(first.audit.mode).toBe('peaks');

    const viaEntry = await verify(s, { entry: logged[2]!.entry });
    expect(viaEntry.entry).toMatchObject({ id: logged[2]!.record_id, index: 2 });
    // Through the command, from a file with a trailing newline, as a user would save it.
    const file = path.join(dir, 'entry.json');
    writeFileSync(file, `${Buffer.from(logged[1]!.entry).toString('utf8')}\n`);
    const cmd = await command(['--log', s.logUrl, '--key', s.vkey, '--entry-file', file]);
    expect(cmd.code).toBe(0);
    expect(cmd.json).toMatchObject({ ok: true, size: 4, entry: { id: logged[1]!.record_id, index: 1 } });
    // Different bytes (still a valid entry, another digest) are not in the log.
    const e = parseLogEntry(logged[1]!.entry);
    const other = encodeLogEntry({ ...e, sha256: `${e.sha256[0] === '0' ? '1' : '0'}${e.sha256.slice(1)}` });
    const bad = await failure(verify(s, { entry: other }));
    expect(bad.message).toMatch(/^entry of record [0-9a-f-]{36}: inclusion proof of entry 1: inclusion proof does not lead to the root$/);
  });

  it('remembers the checkpoint with --state and checks the log only grew', async () => {
    const state = path.join(dir, 'state.json');
    const one = await verify(s, { statePath: state });
    expect(one.state).toMatchObject({ previous_size: null, written: true });
    const saved = JSON.parse(readFileSync(state, 'utf8'));
    expect(saved).toMatchObject({ version: 1, origin: 'test.minhbach.localhost/log', size: 4, root: one.root });
    expect(saved.checkpoint).toContain('\n\n— test.minhbach.localhost/log ');

    await publishNotices(s, 2);
    await integrate(s);
    const lines: string[] = [];
    const two = await verify(s, { statePath: state, report: (l) => lines.push(l) });
    expect(two).toMatchObject({ size: 6, state: { previous_size: 4, previous_root: one.root } });
    expect(lines.join('\n')).toContain('the log grew from size 4 to 6 consistently');
    // Unchanged log: the same checkpoint again is fine.
    expect((await verify(s, { statePath: state })).state).toMatchObject({ previous_size: 6 });
  });

  it('checks a log of several tiles, fully and through the peaks only', async () => {
    const state = path.join(dir, 'state-multi.json');
    await verify(s, { statePath: state });
    await insertBulkRecords(s, 300);
    await integrate(s);
    const logged = await loggedRecords(s);
    expect(logged.length).toBe(306);
    const progress: number[] = [];
    const full = await verify(s, { statePath: state, onProgress: (done, total) => progress.push(done / total) });
    // 0/000, 0/001.p/50, 1/000.p/1; every entry read.
    expect(full).toMatchObject({ size: 306, audit: { mode: 'full', tiles: 3, entries: 306 }, state: { previous_size: 6 } });
    expect(progress.at(-1)).toBe(1);
    for (const idx of [0, 255, 256, 305]) {
      const r = await verify(s, { recordId: logged[idx]!.record_id, fullAudit: false });
      expect(r.record).toMatchObject({ index: idx, status: 'included' });
      expect(r.audit).toMatchObject({ mode: 'peaks', entries: 0 });
    }
    expect((await verify(s, { entry: logged[300]!.entry, fullAudit: false })).entry).toMatchObject({ index: 300 });

    // A cache serving the checkpoint of size 6 while proofs come with the newer one: the two
    // must be consistent, which the verifier proves from the tiles of the larger tree.
    const older = JSON.parse(readFileSync(path.join(dir, 'state.json'), 'utf8')).checkpoint as string;
    const stale: typeof fetch = (input, init) => (String(input).endsWith('/log/checkpoint') ? Promise.resolve(new Response(older)) : fetch(input, init));
    const lines: string[] = [];
    const r = await verify(s, { recordId: logged[300]!.record_id, fetch: stale, report: (l) => lines.push(l) });
    expect(r).toMatchObject({ size: 6, record: { index: 300, proof_size: 306, status: 'included' } });
    expect(lines.join('\n')).toContain('the proof came with a checkpoint of size 306; checking it is consistent with size 6');
  });

  it('reports a withdrawn record as withdrawn by a logged withdrawal, not as tampered', async () => {
    const [caseId] = await publishNotices(s, 1);
    await integrate(s);
    const logged = await loggedRecords(s);
    const target = logged.at(-1)!;
    expect(caseId).toBeDefined();
    const withdrawalId = await withdrawRecord(s, target.record_id);
    await integrate(s);
    const lines: string[] = [];
    const r = await verify(s, { recordId: target.record_id, report: (l) => lines.push(l) });
    expect(r.record).toMatchObject({ id: target.record_id, index: target.idx, status: 'withdrawn', withdrawal_id: withdrawalId, withdrawal_index: target.idx + 1 });
    expect(lines.join('\n')).toContain(`its body was withdrawn by record ${withdrawalId}`);
    expect((await verify(s, { recordId: withdrawalId })).record).toMatchObject({ type: 'withdrawal', status: 'included' });
  });

  it('fails clearly on a wrong key, an unreachable log, an unknown record', async () => {
    const other = NoteSigner.generate('test.minhbach.localhost/log').verifierKeyString();
    expect((await failure(verify(s, { key: other }))).message).toBe(`checkpoint from ${s.logUrl}/checkpoint: note has no signature by a known key`);
    const otherName = NoteSigner.generate('other.example/log').verifierKeyString();
    expect((await failure(verify(s, { key: otherName }))).message).toMatch(/note has no signature by a known key/);
    expect((await failure(verify(s, { logUrl: 'http://127.0.0.1:1/log' }))).message).toMatch(/^GET http:\/\/127\.0\.0\.1:1\/log\/checkpoint: fetch failed/);
    expect((await failure(verify(s, { logUrl: `${s.base}/nolog` }))).message).toMatch(new RegExp(`^GET ${s.base}/nolog/checkpoint: HTTP 404`));
    const unknown = '018f0000-0000-7000-8000-000000000000';
    expect((await failure(verify(s, { recordId: unknown, fullAudit: false }))).message).toBe(`GET ${s.base}/api/v1/public/records/${unknown}: HTTP 404 (Public record not found)`);
  });

  it('derives the records API from the log URL', () => {
    expect(defaultApiUrl('https://example.org/log')).toBe('https://example.org');
    expect(defaultApiUrl('https://example.org/minhbach/log/')).toBe('https://example.org/minhbach');
    expect(defaultApiUrl('https://log.example.org/tlog')).toBe('https://log.example.org');
  });
});

describe('minhbach verify (the command)', () => {
  it('prints a JSON summary and exits 0, or one clear line and exits 1', async () => {
    const ok = await command(['--log', s.logUrl, '--key', s.vkey, '--no-full-audit']);
    expect(ok.code).toBe(0);
    expect(ok.json).toMatchObject({ ok: true, origin: 'test.minhbach.localhost/log', audit: { mode: 'peaks' } });
    const keyFile = path.join(dir, 'key.vkey');
    writeFileSync(keyFile, `${s.vkey}\n`);
    expect((await command(['--log', s.logUrl, '--key', `@${keyFile}`])).code).toBe(0);
    const bad = await command(['--log', s.logUrl, '--key', NoteSigner.generate('test.minhbach.localhost/log').verifierKeyString()]);
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/^minhbach verify: FAILED: checkpoint from .*: note has no signature by a known key$/m);
    expect(bad.json).toMatchObject({ ok: false, error: expect.stringContaining('no signature by a known key') });
  });

  it('exits 64 with the usage on bad arguments', async () => {
    for (const args of [
      [],
      ['--log', s.logUrl],
      ['--key', s.vkey],
      ['--log', 'not a url', '--key', s.vkey],
      ['--log', s.logUrl, '--key', 'nonsense'],
      ['--log', s.logUrl, '--key', s.vkey, '--bogus'],
      ['--log', s.logUrl, '--key', s.vkey, '--record', 'a', '--entry-file', 'b'],
      ['--log', s.logUrl, '--key', '@/nonexistent/key'],
    ]) {
      const r = await command(args);
      expect(r.code, args.join(' ')).toBe(64);
      expect(r.err).toContain('usage: minhbach verify');
    }
  });

  it('is wired into the CLI', async () => {
    const root = path.resolve(import.meta.dirname, '../..');
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'verify', '--log', s.logUrl, '--key', s.vkey], {
      cwd: root,
      env: { ...process.env, DATABASE_URL: '' },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code, stderr).toBe(0);
    expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toMatchObject({ ok: true, origin: 'test.minhbach.localhost/log' });
    expect(stderr).toContain('checkpoint: origin test.minhbach.localhost/log');
  });
});

describe('the verifier package', () => {
  it('depends only on the log library, errors.ts and Node built-ins', () => {
    for (const file of ['log-client.ts', 'verify-log.ts', 'dump-check.ts']) {
      const source = readFileSync(path.join(import.meta.dirname, file), 'utf8');
      const imports = [...source.matchAll(/^(?:import|export)[^'"]*from\s+'([^']+)'/gm)].map((m) => m[1]!);
      expect(imports.length).toBeGreaterThan(0);
      for (const spec of imports) expect(spec, `${file} imports ${spec}`).toMatch(/^(node:|\.\.\/core\/tlog\/|\.\.\/core\/errors\.ts$|\.\/log-client\.ts$|\.\/dump-check\.ts$)/);
    }
  });
});
