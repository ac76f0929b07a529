import { describe, expect, it } from 'vitest';
import { isMergeEvidence, mergeGround, mergePlan, MIN_MERGE_WORD_PAIRS, sharedWordPairs, textLinkLevel, type MergeableCase, type MergeEvidence } from './case-merge.ts';
import { DEFAULT_MATCH_THRESHOLDS, type MatchThresholds } from './match-thresholds.ts';
import { fingerprintText, MATCH_SCHEME } from './text-fingerprint.ts';

const older: MergeableCase = { id: '018f0000-0000-7000-8000-000000000001', platform: 'facebook', status: 'received', created_at: new Date('2026-11-01T00:00:00Z') };
const newer: MergeableCase = { id: '018f0000-0000-7000-8000-000000000002', platform: 'facebook', status: 'received', created_at: new Date('2026-11-02T00:00:00Z') };

const ORG_A = 'org-a';
const ORG_B = 'org-b';
/** A long duplicate whose two texts came from two organizations: enough to merge. */
const strong = (score = 1): MergeEvidence => ({ texts: [{ score, shared_word_pairs: 60, submitters: [ORG_A, ORG_B] }] });

const post =
  'Chúc mừng bạn đã trúng thưởng một chiếc xe máy và năm mươi triệu đồng tiền mặt trong chương trình tri ân khách hàng của nhà mạng nhân dịp kỷ niệm thành lập. ' +
  'Để nhận giải, bạn cần chuyển trước phí hồ sơ hai triệu đồng vào số tài khoản được cung cấp.';
const pairsOf = (a: string, b: string) => sharedWordPairs(fingerprintText(a)!, fingerprintText(b)!, MATCH_SCHEME.shortTextSyllables);

describe('mergePlan', () => {
  it('merges the newer case into the older one, whichever comes first', () => {
    expect(mergePlan(newer, older, strong(0.9))).toEqual({ from: newer.id, into: older.id });
    expect(mergePlan(older, newer, strong())).toEqual({ from: newer.id, into: older.id });
  });

  it('breaks a tie of creation times by id, so two linkers agree', () => {
    const twin = { ...newer, created_at: older.created_at };
    expect(mergePlan(twin, older, strong(0.9))).toEqual({ from: twin.id, into: older.id });
  });

  it('merges only duplicates, not similar texts', () => {
    expect(mergePlan(older, newer, strong(0.79))).toBeNull();
    expect(mergePlan(older, newer, strong(0.8))).not.toBeNull();
  });

  it('never merges across platforms: the same text elsewhere is another platform to act', () => {
    expect(mergePlan(older, { ...newer, platform: 'tiktok' }, strong())).toBeNull();
  });

  it('leaves a case alone once its platform has started on it', () => {
    for (const status of ['in_review', 'decided', 'appealed', 'closed', 'merged'] as const) {
      expect(mergePlan(older, { ...newer, status }, strong())).toBeNull();
    }
  });

  it('joins an older case under review, but not one already decided, closed or merged', () => {
    expect(mergePlan({ ...older, status: 'in_review' }, newer, strong())).toEqual({ from: newer.id, into: older.id });
    for (const status of ['decided', 'appealed', 'closed', 'merged'] as const) {
      expect(mergePlan({ ...older, status }, newer, strong())).toBeNull();
    }
  });

  it('does not merge a case with itself', () => {
    expect(mergePlan(older, older, strong())).toBeNull();
  });
});

describe('evidence for a merge', () => {
  it('refuses texts that one organization submitted on both cases, however many', () => {
    const selfAsserted = { score: 1, shared_word_pairs: 80, submitters: [ORG_A, ORG_A] as const };
    expect(isMergeEvidence({ texts: [selfAsserted, selfAsserted] })).toBe(false);
    expect(mergePlan(older, newer, { texts: [selfAsserted] })).toBeNull();
  });

  it('accepts one substantial duplicate from two organizations among weaker pairs', () => {
    expect(
      isMergeEvidence({
        texts: [
          { score: 1, shared_word_pairs: 80, submitters: [ORG_A, ORG_A] },
          { score: 0.7, shared_word_pairs: 50, submitters: [ORG_A, ORG_B] },
        ],
      }),
    ).toBe(false);
    expect(
      isMergeEvidence({
        texts: [
          { score: 1, shared_word_pairs: 80, submitters: [ORG_A, ORG_A] },
          { score: 0.85, shared_word_pairs: 50, submitters: [ORG_B, ORG_A] },
        ],
      }),
    ).toBe(true);
  });

  it(`needs ${MIN_MERGE_WORD_PAIRS} shared word pairs, even from two organizations`, () => {
    expect(isMergeEvidence({ texts: [{ score: 1, shared_word_pairs: MIN_MERGE_WORD_PAIRS - 1, submitters: [ORG_A, ORG_B] }] })).toBe(false);
    expect(isMergeEvidence({ texts: [{ score: 1, shared_word_pairs: MIN_MERGE_WORD_PAIRS, submitters: [ORG_A, ORG_B] }] })).toBe(true);
  });

  it("takes the platform's confirmation in place of texts", () => {
    expect(mergePlan(older, newer, { texts: [], platform_confirmed: true })).toEqual({ from: newer.id, into: older.id });
  });
});

describe('shared word pairs', () => {
  it('counts nothing for a six-word stock phrase, though its copies are identical', () => {
    expect(pairsOf('Nhận quà miễn phí tại đây', 'Nhận quà miễn phí tại đây')).toBe(0);
    expect(pairsOf('Nhận quà miễn phí tại đây!!!', 'nhan qua mien phi tai day')).toBe(0);
  });

  it('does not count a phrase repeated to look long', () => {
    const spam = Array.from({ length: 8 }, () => 'Nhận quà miễn phí tại đây.').join(' ');
    expect(pairsOf(spam, spam)).toBeLessThan(MIN_MERGE_WORD_PAIRS);
  });

  it('counts a real post and its copy without diacritics well above the floor', () => {
    const copy = post.normalize('NFD').replace(/\p{M}/gu, '');
    expect(pairsOf(post, copy)).toBeGreaterThanOrEqual(2 * MIN_MERGE_WORD_PAIRS);
  });

  it('counts only the pairs both texts hold', () => {
    const other = 'Thông tin lan truyền trên mạng xã hội cho rằng đập thủy điện ở thượng nguồn đã bị vỡ và nước lũ sẽ tràn về thành phố trong đêm nay.';
    expect(pairsOf(post, other)).toBeLessThan(3);
  });
});

const thresholds = (text: Partial<MatchThresholds['text']>, image: Partial<MatchThresholds['image']> = {}): MatchThresholds => ({
  text: { ...DEFAULT_MATCH_THRESHOLDS.text, ...text },
  image: { ...DEFAULT_MATCH_THRESHOLDS.image, ...image },
});
const picture = (distance: number, submitters: readonly [string, string] = [ORG_A, ORG_B], quality = 100): MergeEvidence => ({
  texts: [],
  images: [{ distance, quality, submitters }],
});

describe('the two levels: suggest and merge', () => {
  it('merges at the merge level of the settings, not below', () => {
    expect(mergePlan(older, newer, strong(0.9), { thresholds: thresholds({ mergeAt: 0.95 }) })).toBeNull();
    expect(mergePlan(older, newer, strong(0.95), { thresholds: thresholds({ mergeAt: 0.95 }) })).toEqual({ from: newer.id, into: older.id });
    expect(mergePlan(older, newer, strong(0.7), { thresholds: thresholds({ suggestAt: 0.7, mergeAt: 0.7 }) })).not.toBeNull();
  });

  it('shows a text as a suggested duplicate from the suggest level, else as similar when it is', () => {
    const t = thresholds({ suggestAt: 0.9, mergeAt: 0.95 });
    expect(textLinkLevel({ score: 0.92, level: 'duplicate' }, t)).toBe('duplicate');
    expect(textLinkLevel({ score: 0.85, level: 'duplicate' }, t)).toBe('similar');
    expect(textLinkLevel({ score: 0.5, level: null }, t)).toBeNull();
    expect(textLinkLevel({ score: 0.72, level: 'similar' }, thresholds({ suggestAt: 0.7 }))).toBe('duplicate');
    // A shared passage only (a cut or quoted repost) is never a suggested duplicate, whatever the levels.
    expect(textLinkLevel({ score: 0.55, level: 'similar', partial: true }, thresholds({ suggestAt: 0.5 }))).toBe('similar');
  });

  it('names what allowed a merge: the strongest text, else the closest picture, with the level applied', () => {
    expect(mergeGround(strong(0.9))).toEqual({ basis: 'text', score: 0.9, merge_at: 0.8 });
    expect(mergeGround(picture(4))).toEqual({ basis: 'image', distance: 4, merge_distance: 16 });
    expect(mergeGround({ texts: [], platform_confirmed: true })).toEqual({ basis: 'platform' });
    expect(mergeGround(strong(0.79))).toBeNull();
  });
});

describe('pictures as evidence', () => {
  it('merges on a picture within the merge distance from two organizations only', () => {
    expect(mergePlan(older, newer, picture(16))).toEqual({ from: newer.id, into: older.id });
    expect(mergePlan(older, newer, picture(17))).toBeNull();
    expect(mergePlan(older, newer, picture(0, [ORG_A, ORG_A]))).toBeNull();
    expect(mergePlan(older, newer, picture(17), { thresholds: thresholds({}, { mergeDistance: 20 }) })).not.toBeNull();
  });

  it('never on a hash of low PDQ quality (a near-blank picture)', () => {
    expect(isMergeEvidence(picture(0, [ORG_A, ORG_B], 49))).toBe(false);
    expect(isMergeEvidence(picture(0, [ORG_A, ORG_B], 50))).toBe(true);
  });
});

describe('the "not the same" list', () => {
  it('never merges a pair a reviewer rejected, in either direction, whatever the evidence', () => {
    const rejected = [{ case_id: newer.id, related_case_id: older.id }];
    expect(mergePlan(older, newer, strong(1), { notSame: rejected })).toBeNull();
    expect(mergePlan(newer, older, picture(0), { notSame: [{ case_id: older.id, related_case_id: newer.id }] })).toBeNull();
    // A rejection of another pair says nothing about this one.
    expect(mergePlan(older, newer, strong(1), { notSame: [{ case_id: older.id, related_case_id: 'another' }] })).not.toBeNull();
  });
});
