import { spawn } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NoteSigner } from '../core/tlog/note.ts';
import { buildVerifier, VERIFIER_OUTFILE, type BuiltVerifier } from '../../verifier/build.ts';
import { integrate, type LogServer, openLogServer, publishDecision, publishNotices } from './test-fixtures.ts';

// The package a monitor installs: one file, run by plain `node` from a folder with nothing else in
// it (no node_modules, no tsx, no repository), against a real server on loopback.
let s: LogServer;
let built: BuiltVerifier;
const dir = mkdtempSync(path.join(tmpdir(), 'minhbach-verify-pkg-'));
const alone = path.join(dir, 'alone');

beforeAll(async () => {
  s = await openLogServer();
  built = await buildVerifier(path.join(dir, 'build', 'minhbach-verify.mjs'));
  mkdirSync(alone);
  copyFileSync(built.outfile, path.join(alone, 'minhbach-verify.mjs'));
});
afterAll(async () => {
  await s?.t.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['minhbach-verify.mjs', ...args], { cwd: alone, env: { PATH: process.env.PATH ?? '' } });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

describe('the standalone verifier package (minhbach-verify)', () => {
  it('is one file that needs nothing but Node built-ins', () => {
    expect(built.external.length).toBeGreaterThan(0);
    for (const m of built.external) expect(m).toMatch(/^node:/);
    for (const f of built.inputs)
      expect(f).toMatch(/^src\/(core\/tlog\/[a-z-]+\.ts|core\/errors\.ts|verifier\/(main|verify-log|log-client|dump-check)\.ts|cli\/(verify\.command|progress)\.ts)$/);
    expect(built.inputs).toContain('src/core/tlog/merkle.ts');
    expect(built.bytes).toBeLessThan(200 * 1024);
    // What `npm pack ./verifier` ships is what the build writes.
    const pkg = JSON.parse(readFileSync(path.join(import.meta.dirname, '../../verifier/package.json'), 'utf8'));
    expect(pkg.bin['minhbach-verify']).toBe(path.basename(VERIFIER_OUTFILE));
    expect(pkg.files).toContain(path.basename(VERIFIER_OUTFILE));
    expect(pkg.dependencies).toBeUndefined();
  });

  it('verifies the log and a record in it, and fails on a key it does not trust', async () => {
    const [caseId] = await publishNotices(s, 2);
    const sorId = await publishDecision(s, caseId!);
    await integrate(s);

    const ok = await run(['--log', s.logUrl, '--key', s.vkey, '--record', sorId, '--state', path.join(dir, 'state.json')]);
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout.trim())).toMatchObject({ ok: true, size: 3, audit: { mode: 'full' }, record: { id: sorId, index: 2, status: 'included' } });
    expect(ok.stderr).toContain('signature by test.minhbach.localhost/log verified');

    // The monitor's second run, after the log grew.
    await publishNotices(s, 1);
    await integrate(s);
    const again = await run(['--log', s.logUrl, '--key', s.vkey, '--state', path.join(dir, 'state.json')]);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout.trim())).toMatchObject({ ok: true, size: 4, state: { previous_size: 3 } });

    const stranger = NoteSigner.generate('test.minhbach.localhost/log').verifierKeyString();
    const bad = await run(['--log', s.logUrl, '--key', stranger]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^minhbach-verify: FAILED: checkpoint from .*: note has no signature by a known key$/m);
  });

  it('explains a bad call under its own name', async () => {
    const r = await run(['--log', s.logUrl]);
    expect(r.code).toBe(64);
    expect(r.stderr).toContain('minhbach-verify: --key');
    expect(r.stderr).toContain('usage: minhbach-verify --log');
  });
});
