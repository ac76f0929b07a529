import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { encodeEntryBundle } from './entry-bundle.ts';
import { canonicalJson } from './jcs.ts';
import { type LogEntry, encodeLogEntry, entryMatchesRecord, logEntryFor, parseLogEntry, recordDigest } from './log-entry.ts';

const ID = '01890a5d-ac96-774b-bcce-b302099a8057';
const record = { id: ID, type: 'statement_of_reasons', body: { decision: 'removal', ground: 'illegal_content', note: 'Nội dung vi phạm' } };
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe('record digests', () => {
  it('is SHA-256 of the canonical JSON, independent of member order', () => {
    const digest = recordDigest(record);
    const reordered = { body: { note: 'Nội dung vi phạm', ground: 'illegal_content', decision: 'removal' }, type: 'statement_of_reasons', id: ID };
    expect(Buffer.from(recordDigest(reordered)).toString('hex')).toBe(Buffer.from(digest).toString('hex'));
    expect(Buffer.from(digest).toString('hex')).toBe(createHash('sha256').update(canonicalJson(record), 'utf8').digest('hex'));
    expect(Buffer.from(recordDigest({ ...record, type: 'appeal_outcome' })).toString('hex')).not.toBe(Buffer.from(digest).toString('hex'));
  });
});

describe('log entries', () => {
  it('is the canonical JSON of id, sha256, time and type', () => {
    const entry = logEntryFor({ id: ID, type: 'statement_of_reasons', time: new Date(Date.UTC(2025, 5, 1, 8, 30, 0, 7)) }, record);
    expect(entry.time).toBe('2025-06-01T08:30:00.007Z');
    expect(entry.sha256).toMatch(/^[0-9a-f]{64}$/);
    const bytes = encodeLogEntry(entry);
    expect(text(bytes)).toBe(`{"id":"${ID}","sha256":"${entry.sha256}","time":"2025-06-01T08:30:00.007Z","type":"statement_of_reasons"}`);
    expect(bytes.length).toBeLessThan(200);
    expect(parseLogEntry(bytes)).toEqual(entry);
    expect(entryMatchesRecord(entry, record)).toBe(true);
    expect(entryMatchesRecord(entry, { ...record, body: {} })).toBe(false);
    expect(() => encodeEntryBundle([bytes])).not.toThrow();
  });

  it('round-trips any valid entry', () => {
    const entries = fc.record({
      id: fc.uuid().map((u) => u.toLowerCase()),
      type: fc.constantFrom('authority_request', 'flagger_notice', 'statement_of_reasons', 'appeal_outcome', 'withdrawal'),
      time: fc.date({ min: new Date(0), max: new Date(Date.UTC(9999, 11, 31)), noInvalidDate: true }).map((d) => d.toISOString()),
      sha256: fc.uint8Array({ minLength: 32, maxLength: 32 }).map((b) => Buffer.from(b).toString('hex')),
    });
    // fc.record builds null-prototype objects; spread them into plain ones to compare.
    fc.assert(
      fc.property(entries, (e) => {
        expect(parseLogEntry(encodeLogEntry(e))).toEqual({ ...e });
      }),
    );
  });

  it('rejects invalid fields', () => {
    const good: LogEntry = { id: ID, type: 'withdrawal', time: '2025-06-01T08:30:00.007Z', sha256: 'a'.repeat(64) };
    const bad: Partial<LogEntry>[] = [
      { id: ID.toUpperCase() },
      { id: 'not-a-uuid' },
      { type: '' },
      { type: 'Statement' },
      { type: 'a b' },
      { type: 'x'.repeat(65) },
      { time: '2025-06-01T08:30:00Z' },
      { time: '2025-06-01T08:30:00.007+00:00' },
      { time: '2025-02-30T08:30:00.000Z' },
      { time: '2025-06-01 08:30:00.007Z' },
      { sha256: 'A'.repeat(64) },
      { sha256: 'a'.repeat(63) },
    ];
    for (const change of bad) expect(() => encodeLogEntry({ ...good, ...change }), JSON.stringify(change)).toThrow(AppError);
  });

  it('accepts only the canonical encoding', () => {
    const good = text(encodeLogEntry({ id: ID, type: 'withdrawal', time: '2025-06-01T08:30:00.007Z', sha256: 'a'.repeat(64) }));
    const bad = [
      good.replace('{', '{ '),
      `${good}\n`,
      good.replace(`"id":"${ID}",`, '') + '',
      good.replace(`{"id":"${ID}",`, '{').replace('}', `,"id":"${ID}"}`),
      good.replace('"withdrawal"', '"withdr\\u0061wal"'),
      good.replace('}', ',"extra":"x"}'),
      good.replace('}', `,"id":"${ID}"}`),
      good.replace(`"${ID}"`, '1'),
      '[]',
      'null',
      'not json',
    ];
    for (const b of bad) expect(() => parseLogEntry(new TextEncoder().encode(b)), b).toThrow(AppError);
    expect(() => parseLogEntry(new Uint8Array([0x7b, 0xff, 0x7d]))).toThrow(AppError);
  });
});
