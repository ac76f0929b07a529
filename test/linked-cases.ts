import { randomInt } from 'node:crypto';
import { expect } from 'vitest';
import { linkPendingFingerprints } from '../src/services/linker.service.ts';
import type { TestApp } from './app.ts';
import { call, freshUrl, noticeInput, type TestOrg } from './factories.ts';

// Syllables to draw texts from: a text of 60 of them drawn at random shares next to no word pair
// with another, so each pair of cases matches only itself, however many share the database.
const SYLLABLES = (
  'nhà nước dân tin giả mạo lừa đảo tài khoản ngân hàng mật khẩu đường dẫn bài viết trang mạng xã hội ' +
  'công an tỉnh thành phố huyện xã điện thoại tiền chuyển khoản phí hồ sơ giải thưởng quà tặng miễn ' +
  'vắc xin thuốc bệnh viện trường học đất đai nhà đầu tư văn bản ủy ban sở cục bộ ngành người chia sẻ ' +
  'bình luận video hình ảnh thông báo cảnh báo khẳng định sai sự thật hoang mang dư luận xử lý'
).split(' ');

/** A text of about 60 syllables nobody else's test will write. */
export function uniqueClaim(): string {
  return Array.from({ length: 60 }, () => SYLLABLES[randomInt(SYLLABLES.length)]).join(' ') + '.';
}

export const linkAll = async (t: TestApp) => {
  while ((await linkPendingFingerprints(t.ctx)) > 0);
};

/**
 * Two cases on one service whose texts are near-duplicates, linked by the linker and not merged:
 * both texts come from the same submitter, which is no independent evidence (case-merge.ts).
 * The first is the older case.
 */
export async function linkedPair(t: TestApp, submitter: TestOrg, options: { platform?: 'facebook' | 'youtube' | 'tiktok'; text?: string } = {}): Promise<[string, string]> {
  const text = options.text ?? uniqueClaim();
  const ids: string[] = [];
  for (const body of [text, `CẢNH BÁO!!! ${text}`]) {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: submitter, body: noticeInput({ items: [{ url: freshUrl(options.platform ?? 'facebook'), text: body }] }) });
    expect(res.status, res.body).toBe(201);
    ids.push(res.json.cases[0].id);
    t.advance(1000);
  }
  await linkAll(t);
  return [ids[0]!, ids[1]!];
}
