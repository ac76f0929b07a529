import { describe, expect, it } from 'vitest';
import { compareFingerprints, fingerprintText, matchLevel, scoreCandidate } from './text-fingerprint.ts';

const post =
  'Cảnh báo: xuất hiện trang giả mạo ngân hàng Vietcombank gửi tin nhắn yêu cầu khách hàng đăng nhập để nhận quà tri ân, ' +
  'sau đó chiếm đoạt tài khoản và toàn bộ số tiền trong thẻ. Người dân tuyệt đối không bấm vào đường link lạ và không cung cấp mã OTP cho bất kỳ ai.';

function score(a: string, b: string): number {
  return scoreCandidate(fingerprintText(a)!, fingerprintText(b)!);
}

describe('text fingerprints', () => {
  it('treats a different tone style, NFD and stripped diacritics as the same text', () => {
    const variants = [post.replace(/hòa/g, 'hoà').normalize('NFD'), post.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D')];
    for (const v of variants) expect(score(post, v)).toBe(1);
  });

  it('rates a reworded repost a duplicate and an unrelated text nothing', () => {
    const reworded = 'CẢNH BÁO!!! ' + post.replace('tuyệt đối', 'nhất định').replace('bất kỳ ai', 'người lạ');
    expect(matchLevel(score(post, reworded))).toBe('duplicate');
    const unrelated = 'Thủ tướng tiếp đoàn doanh nghiệp Hoa Kỳ, thảo luận hợp tác về chuyển đổi số và trí tuệ nhân tạo tại Hà Nội trong năm tới.';
    expect(matchLevel(score(post, unrelated))).toBeNull();
  });

  it('rates half of a post as at most similar, not a duplicate', () => {
    const half = post.slice(0, Math.floor(post.length / 2));
    expect(matchLevel(score(post, half))).not.toBe('duplicate');
  });

  it('shows a cut repost (the first half, "Xem thêm") as similar, by containment, and says how much is contained', () => {
    const half = post.slice(0, Math.floor(post.length / 2)) + '… Xem thêm';
    const cmp = compareFingerprints(fingerprintText(half)!, fingerprintText(post)!);
    expect(cmp.score).toBeLessThan(0.6);
    expect(cmp.containment).toBeGreaterThanOrEqual(0.8);
    expect(cmp.level).toBe('similar');
    // Same answer whichever side is stored.
    expect(compareFingerprints(fingerprintText(post)!, fingerprintText(half)!).level).toBe('similar');
  });

  it('does not call a short quote inside a long text similar', () => {
    // 17 syllables: shingled like the post (syllable pairs), all contained, but too few to mean anything.
    const quote = 'Người dân tuyệt đối không bấm vào đường link lạ và không cung cấp mã OTP cho';
    const cmp = compareFingerprints(fingerprintText(quote)!, fingerprintText(post)!);
    expect(cmp.containment).toBe(1);
    expect(cmp.level).toBeNull();
  });

  it('agrees with scoreCandidate and matchLevel where Jaccard decides', () => {
    const reworded = 'CẢNH BÁO!!! ' + post.replace('tuyệt đối', 'nhất định');
    const cmp = compareFingerprints(fingerprintText(reworded)!, fingerprintText(post)!);
    expect(cmp.score).toBe(score(reworded, post));
    expect(cmp.level).toBe(matchLevel(cmp.score));
  });

  it('has nothing to match on in a text of only emoji and punctuation', () => {
    expect(fingerprintText('🙂🙂 !!! ...')).toBeNull();
  });

  it('gives band keys that fit PostgreSQL bigint and shingles that fit integer', () => {
    const fp = fingerprintText(post)!;
    for (const k of fp.band_keys) expect(BigInt(k) >= -(2n ** 63n) && BigInt(k) < 2n ** 63n).toBe(true);
    for (const s of fp.shingles) expect(s >= -(2 ** 31) && s < 2 ** 31).toBe(true);
  });
});
