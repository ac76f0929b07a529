import { describe, expect, it } from 'vitest';
import { mergePlan, type MergeableCase } from './case-merge.ts';

const older: MergeableCase = { id: '018f0000-0000-7000-8000-000000000001', platform: 'facebook', status: 'received', created_at: new Date('2026-11-01T00:00:00Z') };
const newer: MergeableCase = { id: '018f0000-0000-7000-8000-000000000002', platform: 'facebook', status: 'received', created_at: new Date('2026-11-02T00:00:00Z') };

describe('mergePlan', () => {
  it('merges the newer case into the older one, whichever comes first', () => {
    expect(mergePlan(newer, older, 0.9)).toEqual({ from: newer.id, into: older.id });
    expect(mergePlan(older, newer, 1)).toEqual({ from: newer.id, into: older.id });
  });

  it('breaks a tie of creation times by id, so two linkers agree', () => {
    const twin = { ...newer, created_at: older.created_at };
    expect(mergePlan(twin, older, 0.9)).toEqual({ from: twin.id, into: older.id });
  });

  it('merges only duplicates, not similar texts', () => {
    expect(mergePlan(older, newer, 0.79)).toBeNull();
    expect(mergePlan(older, newer, 0.8)).not.toBeNull();
  });

  it('never merges across platforms: the same text elsewhere is another platform to act', () => {
    expect(mergePlan(older, { ...newer, platform: 'tiktok' }, 1)).toBeNull();
  });

  it('leaves a case alone once its platform has started on it', () => {
    for (const status of ['in_review', 'decided', 'appealed', 'closed', 'merged'] as const) {
      expect(mergePlan(older, { ...newer, status }, 1)).toBeNull();
    }
  });

  it('joins an older case under review, but not one already decided, closed or merged', () => {
    expect(mergePlan({ ...older, status: 'in_review' }, newer, 1)).toEqual({ from: newer.id, into: older.id });
    for (const status of ['decided', 'appealed', 'closed', 'merged'] as const) {
      expect(mergePlan({ ...older, status }, newer, 1)).toBeNull();
    }
  });

  it('does not merge a case with itself', () => {
    expect(mergePlan(older, older, 1)).toBeNull();
  });
});
