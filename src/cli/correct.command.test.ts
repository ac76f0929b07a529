import { describe, expect, it } from 'vitest';
import { parseCorrectArgs } from './correct.command.ts';

describe('minhbach correct', () => {
  it('reads each --set as a field and its value, JSON when it looks like JSON', () => {
    expect(
      parseCorrectArgs([
        '0190a000-0000-7000-8000-000000000001',
        '--reason',
        'Wrong flag',
        '--set',
        'automated_detection=Yes',
        '--set',
        'decision_visibility=["DECISION_VISIBILITY_CONTENT_REMOVED"]',
        '--set',
        'content_language=null',
      ]),
    ).toEqual({
      id: '0190a000-0000-7000-8000-000000000001',
      input: { reason: 'Wrong flag', changes: { automated_detection: 'Yes', decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], content_language: null } },
    });
  });

  it('says how to write it when a field or the record is missing', () => {
    expect(parseCorrectArgs(['id', '--reason', 'x'])).toEqual({ error: expect.stringContaining('--set <field>=<value>') });
    expect(parseCorrectArgs(['id', '--set', '=Yes'])).toEqual({ error: expect.stringContaining('<field>=<value>') });
    expect(parseCorrectArgs(['id', '--set', 'legal_basis={bad'])).toEqual({ error: expect.stringContaining('not') });
  });
});
