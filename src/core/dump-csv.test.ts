import { describe, expect, it } from 'vitest';
import { parseCsv } from './csv.ts';
import { DUMP_COLUMNS, dumpCsvHeader, dumpCsvLine, dumpRow } from './dump-csv.ts';
import { dumpJsonLine } from './open-data-dump.ts';

const sor = {
  id: '01900000-0000-7000-8000-000000000001',
  type: 'statement_of_reasons',
  published_at: '2026-12-07T01:02:03.004Z',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  platform: 'facebook',
  requester_kind: null,
  uuid: '01900000-0000-7000-8000-0000000000aa',
  decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
  content_type: ['CONTENT_TYPE_TEXT', 'CONTENT_TYPE_IMAGE'],
  automated_detection: 'No',
  puid: 'fb-123',
  platform_name: 'Facebook',
  decision_facts: 'Bài đăng lừa đảo, "trúng thưởng"; xem\nchi tiết',
  created_at: '2026-12-07T01:02:03.004Z',
  case_id: '01900000-0000-7000-8000-0000000000bb',
  appeal_of: 'x',
};

const column = (name: string) => DUMP_COLUMNS.indexOf(name);

describe('open data dump rows', () => {
  it('names columns as the DSA dumps do, writes arrays as JSON text and keeps every other member in `other`', () => {
    const row = dumpRow(7, sor);
    expect(row[column('log_index')]).toBe('7');
    expect(row[column('record_id')]).toBe(sor.id);
    expect(row[column('record_type')]).toBe('statement_of_reasons');
    expect(row[column('decision_visibility')]).toBe('["DECISION_VISIBILITY_CONTENT_REMOVED"]');
    expect(row[column('content_type')]).toBe('["CONTENT_TYPE_TEXT","CONTENT_TYPE_IMAGE"]');
    expect(row[column('platform_uid')]).toBe('fb-123');
    expect(row[column('requester_kind')]).toBeNull();
    expect(row[column('decision_monetary')]).toBeNull();
    expect(JSON.parse(row[column('other')]!)).toEqual({ appeal_of: 'x' });
  });

  it('writes RFC 4180 CSV that parses back to the same cells, quotes and line breaks included', () => {
    const text = dumpCsvHeader() + dumpCsvLine(0, sor);
    expect(text.startsWith('log_index,record_id,')).toBe(true);
    const parsed = parseCsv(text, ',');
    expect(parsed.ok).toBe(true);
    if (!parsed.ok) return;
    expect(parsed.records[0]!.cells).toEqual(DUMP_COLUMNS);
    expect(parsed.records[1]!.cells).toEqual(dumpRow(0, sor).map((c) => c ?? ''));
  });

  it('keeps a withdrawn record as its tombstone, with the digest its entry commits to on its JSON line', () => {
    const tomb = {
      id: sor.id,
      type: sor.type,
      published_at: sor.published_at,
      category: sor.category,
      platform: 'facebook',
      requester_kind: null,
      withdrawn: true,
      withdrawal_id: 'w',
    };
    expect(JSON.parse(dumpJsonLine(3, tomb, 'a'.repeat(64)))).toEqual({ log_index: 3, record: tomb, entry_sha256: 'a'.repeat(64) });
    expect(JSON.parse(dumpJsonLine(4, sor, null))).toEqual({ log_index: 4, record: sor });
    expect(dumpJsonLine(4, sor, null).endsWith('}\n')).toBe(true);
    expect(dumpRow(3, tomb)[column('withdrawn')]).toBe('true');
  });
});
