import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { fingerprintText } from '../core/text-fingerprint.ts';
import { WINNOW_KEY_MAX_POSTINGS } from '../core/winnow.ts';
import { linkPendingFingerprints } from './linker.service.ts';
import { matchContent } from './match.service.ts';

// Partial reposts (issue 15): a part of a stored text, quoted inside someone's commentary, is
// found by /match and by the linker as 'similar' (winnowing retrieval + shared-passage rule);
// a text on the same topic that shares only a stock sentence is not.

let t: TestApp;
let flagger: TestOrg;
let otherFlagger: TestOrg;
let facebook: TestOrg;

const original =
  'Thông tin lan truyền trên mạng xã hội cho rằng nước máy của thành phố đã bị nhiễm hóa chất độc hại sau sự cố tại nhà máy xử lý nước phía bắc, ' +
  'người dân tuyệt đối không được dùng để nấu ăn hoặc tắm cho trẻ nhỏ trong ba ngày tới. ' +
  'Bài đăng còn kèm theo hình ảnh một văn bản có đóng dấu đỏ được cho là của công ty cấp nước, yêu cầu các hộ gia đình mua nước đóng chai tại các điểm bán được chỉ định. ' +
  'Công ty cấp nước khẳng định văn bản trên là giả mạo, chất lượng nước vẫn được kiểm tra hằng giờ và đạt quy chuẩn an toàn, đồng thời đã đề nghị cơ quan công an vào cuộc xác minh người tung tin. ' +
  'Người dân khi cần thông tin chính thức có thể gọi đường dây nóng của công ty hoặc theo dõi trang thông tin điện tử của ủy ban nhân dân thành phố.';

/** The middle 40 % of the original's words. */
function middle40(text: string): string {
  const words = text.split(/\s+/);
  const n = Math.round(words.length * 0.4);
  const start = Math.round((words.length - n) / 2);
  return words.slice(start, start + n).join(' ');
}

// Someone's commentary around the quote, with the quote's diacritics stripped (a common repost form).
const quoted =
  'Mình vừa thấy bài này trong nhóm cư dân chung cư, ai có người quen làm ở công ty nước thì hỏi giúp xem có đúng không nhé, nhà mình có con nhỏ nên lo lắm: "' +
  middle40(original).normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd') +
  '" Đọc xong cả nhà hoang mang, chiều nay phải chạy đi mua mấy bình nước về dự trữ rồi, mọi người thấy sao?';

// Same topic, same stock closing sentence (13 syllables), otherwise another story.
const sameTopic =
  'Công ty cấp nước thành phố thông báo tạm ngừng cung cấp nước tại ba phường phía bắc từ tám giờ sáng thứ bảy để sửa chữa đường ống chính bị rò rỉ, ' +
  'dự kiến nước sẽ được cấp trở lại vào chiều cùng ngày. Các hộ gia đình được khuyến cáo chủ động trữ nước để sinh hoạt và kiểm tra lại vòi sau khi có nước. ' +
  'Người dân khi cần thông tin chính thức có thể gọi đường dây nóng của công ty.';

let originalCase: string;
let sameTopicCase: string;

async function file(org: TestOrg, text: string): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url: freshUrl(), text }], legal_basis: undefined }) });
  expect(res.status).toBe(201);
  return res.json.cases[0].id as string;
}
const linkAll = async () => {
  while ((await linkPendingFingerprints(t.ctx)) > 0);
};
const related = async (id: string) => (await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook })).json.related_cases as { case_id: string; level: string }[];

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  otherFlagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  originalCase = await file(flagger, original);
  sameTopicCase = await file(flagger, sameTopic);
  await linkAll();
});
afterAll(() => t.close());

describe('partial reposts (winnowing)', () => {
  it('/match finds the stored text from a 40% fragment inside commentary, as similar, and not the same-topic text', async () => {
    const found = await matchContent(t.ctx, 'operator', { text: quoted });
    expect(found.matches).toEqual([expect.objectContaining({ case_id: originalCase, level: 'similar', matched_by: 'text' })]);
    // A part is a suggestion, not "already reported".
    expect(found.already_reported).toBe(false);
    // The whole text still matches as before; the same-topic text matches only itself.
    expect((await matchContent(t.ctx, 'operator', { text: original })).matches.map((m) => m.case_id)).toEqual([originalCase]);
    expect((await matchContent(t.ctx, 'operator', { text: sameTopic })).matches.map((m) => m.case_id)).toEqual([sameTopicCase]);
  });

  it('the linker relates the case of the quoting post to the original as similar, never merges it, and leaves the same-topic case alone', async () => {
    const quoting = await file(otherFlagger, quoted);
    await linkAll();
    expect(quoting).not.toBe(originalCase);
    expect(await related(quoting)).toEqual([expect.objectContaining({ case_id: originalCase, level: 'similar' })]);
    expect(await related(originalCase)).toEqual([expect.objectContaining({ case_id: quoting, level: 'similar' })]);
    expect(await related(sameTopicCase)).toEqual([]);
  });

  // Last: it marks the original's keys as boilerplate.
  it('counts the texts holding each key, and skips keys held by many (boilerplate) without reading their postings', async () => {
    const keys = fingerprintText(original)!.winnow_keys;
    const counts = await t.ctx.db.query<{ texts: number }>('SELECT texts FROM winnow_key_counts WHERE key = ANY ($1::int[])', [keys]);
    expect(counts).toHaveLength(keys.length);
    expect(Math.max(...counts.map((c) => c.texts))).toBe(2); // the original and the quoting post
    await t.ctx.db.query('UPDATE winnow_key_counts SET texts = $2 WHERE key = ANY ($1::int[])', [keys, WINNOW_KEY_MAX_POSTINGS]);
    // (The quoting post itself is stored by now: it is found by its exact key, the original is not.)
    expect((await matchContent(t.ctx, 'operator', { text: quoted })).matches.map((m) => m.case_id)).not.toContain(originalCase);
    // The whole text is still found by its exact keys and LSH bands.
    expect((await matchContent(t.ctx, 'operator', { text: original })).matches.map((m) => m.case_id)).toContain(originalCase);
  });
});
