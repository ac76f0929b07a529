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

  describe('partial reposts (a part of a stored text, alone or quoted in commentary)', () => {
    const article =
      'Thông tin lan truyền trên mạng xã hội cho rằng nước máy của thành phố đã bị nhiễm hóa chất độc hại sau sự cố tại nhà máy xử lý nước phía bắc, ' +
      'người dân tuyệt đối không được dùng để nấu ăn hoặc tắm cho trẻ nhỏ trong ba ngày tới. ' +
      'Bài đăng còn kèm theo hình ảnh một văn bản có đóng dấu đỏ được cho là của công ty cấp nước, yêu cầu các hộ gia đình mua nước đóng chai tại các điểm bán được chỉ định. ' +
      'Công ty cấp nước khẳng định văn bản trên là giả mạo, chất lượng nước vẫn được kiểm tra hằng giờ và đạt quy chuẩn an toàn, đồng thời đã đề nghị cơ quan công an vào cuộc xác minh người tung tin. ' +
      'Người dân khi cần thông tin chính thức có thể gọi đường dây nóng của công ty hoặc theo dõi trang thông tin điện tử của ủy ban nhân dân thành phố.';
    const words = article.split(' ');
    const part = (share: number, from: number) => {
      const n = Math.round(words.length * share);
      const start = Math.round((words.length - n) * from);
      return words.slice(start, start + n).join(' ');
    };

    it('finds a 35 % or 50 % cut (head, middle, tail) as similar and partial, whichever side is stored', () => {
      for (const share of [0.35, 0.5])
        for (const from of [0, 0.5, 1]) {
          const cut = part(share, from);
          const cmp = compareFingerprints(fingerprintText(cut)!, fingerprintText(article)!);
          expect(cmp).toMatchObject({ level: 'similar' });
          expect(cmp.score).toBeLessThan(0.6);
          expect(compareFingerprints(fingerprintText(article)!, fingerprintText(cut)!).level).toBe('similar');
        }
    });

    it('finds a 40 % fragment quoted inside commentary, stripped of its marks, as partial', () => {
      const quoted =
        'Mình vừa thấy bài này trong nhóm cư dân, ai có người quen làm ở công ty nước thì hỏi giúp xem có đúng không nhé, nhà mình có con nhỏ nên lo lắm: "' +
        part(0.4, 0.5).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd') +
        '" Đọc xong cả nhà hoang mang, chiều nay phải chạy đi mua mấy bình nước về dự trữ rồi, mọi người thấy sao?';
      const cmp = compareFingerprints(fingerprintText(quoted)!, fingerprintText(article)!);
      expect(cmp).toMatchObject({ level: 'similar', partial: true });
      expect(cmp.containment).toBeLessThan(0.8);
      expect(cmp.candidate_in_passages).toBeGreaterThanOrEqual(0.35);
    });

    it('does not relate a same-topic text that shares one stock sentence', () => {
      const sameTopic =
        'Công ty cấp nước thành phố thông báo tạm ngừng cung cấp nước tại ba phường phía bắc từ tám giờ sáng thứ bảy để sửa chữa đường ống chính bị rò rỉ, ' +
        'dự kiến nước sẽ được cấp trở lại vào chiều cùng ngày. Các hộ gia đình được khuyến cáo chủ động trữ nước để sinh hoạt và kiểm tra lại vòi sau khi có nước. ' +
        'Người dân khi cần thông tin chính thức có thể gọi đường dây nóng của công ty.';
      const cmp = compareFingerprints(fingerprintText(sameTopic)!, fingerprintText(article)!);
      expect(cmp).toMatchObject({ level: null, partial: false });
    });

    it('keeps score (Jaccard) and containment as they were; a whole match is not partial', () => {
      const cmp = compareFingerprints(fingerprintText('CẢNH BÁO!!! ' + article)!, fingerprintText(article)!);
      expect(cmp).toMatchObject({ level: 'duplicate', partial: false });
      expect(compareFingerprints(fingerprintText(article)!, fingerprintText(article)!)).toMatchObject({ score: 1, containment: 1, partial: false });
    });

    it('gives winnow keys that fit PostgreSQL integer', () => {
      const fp = fingerprintText(article)!;
      expect(fp.winnow_keys.length).toBeGreaterThan(5);
      for (const k of fp.winnow_keys) expect(k).toBe(k | 0);
    });
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
