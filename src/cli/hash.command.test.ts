import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { pdqDistance } from '../core/pdq.ts';
import { sharedDir } from '../../test/shared-data.ts';
import { hashCommand } from './hash.command.ts';

const found = sharedDir('testvectors/pdq');
const image = (relative: string): string => path.join(found ?? '', 'images', relative);
const scratch = mkdtempSync(path.join(tmpdir(), 'minhbach-hash-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

describe.skipIf(found === null)('minhbach hash', () => {
  it('prints {"file", "pdq", "quality"} per image, the reference hash within its tolerance, and exits 0', async () => {
    const lines: string[] = [];
    const code = await hashCommand([image('reg-test-input/labelme-subset/q2821.jpg'), image('misc-images/c.png')], (l) => lines.push(l));
    expect(code).toBe(0);
    const out = lines.map((l) => JSON.parse(l) as { file: string; pdq: string; quality: number });
    expect(out.map((o) => [o.file, Object.keys(o)])).toEqual([
      [image('reg-test-input/labelme-subset/q2821.jpg'), ['file', 'pdq', 'quality']],
      [image('misc-images/c.png'), ['file', 'pdq', 'quality']],
    ]);
    expect(pdqDistance(out[0]!.pdq, 'b150231ffae4710ffcf4f18bb574b109a576f14bb8543189f8743289f174b109')).toBeLessThanOrEqual(16);
    expect(pdqDistance(out[1]!.pdq, 'e64cc9d91e623842f8d1f1d9a398e78c9f199a3bd87924f2b7e11e0bf061b064')).toBeLessThanOrEqual(16);
    expect(out.map((o) => o.quality)).toEqual([100, 100]);
  });

  it('prints an error line for a missing or undecodable file, goes on with the rest, and exits 1', async () => {
    const notImage = path.join(scratch, 'notes.jpg');
    writeFileSync(notImage, 'not a picture');
    const lines: string[] = [];
    const code = await hashCommand([path.join(scratch, 'absent.png'), notImage, image('misc-images/wee.jpg')], (l) => lines.push(l));
    expect(code).toBe(1);
    const out = lines.map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(out[0]).toEqual({ file: path.join(scratch, 'absent.png'), error: 'cannot read: ENOENT' });
    expect(out[1]).toEqual({ file: notImage, error: expect.stringMatching(/^file: not a readable image/) as unknown });
    expect(out[2]).toEqual({ file: image('misc-images/wee.jpg'), pdq: expect.stringMatching(/^[0-9a-f]{64}$/) as unknown, quality: expect.any(Number) as unknown });
  });

  it('runs as a command with no database configured', async () => {
    const run = promisify(execFile);
    const { stdout } = await run(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'hash', image('misc-images/small.jpg')], {
      env: { PATH: process.env.PATH, MINHBACH_DATA_DIR: path.join(scratch, 'no-such-dir') },
    });
    const out = JSON.parse(stdout) as { file: string; pdq: string; quality: number };
    expect(out.file).toBe(image('misc-images/small.jpg'));
    expect(pdqDistance(out.pdq, '0007001f003f003f007f00ff00ff00ff01ff01ff01ff03ff03ff03ff03ff03ff')).toBeLessThanOrEqual(16);
  });
});
