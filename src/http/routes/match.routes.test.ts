import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { linkPendingFingerprints } from '../../services/linker.service.ts';

let t: TestApp;
let flagger: TestOrg;
let reporter: TestOrg;

const scam =
  'Cảnh báo: xuất hiện trang giả mạo ngân hàng gửi tin nhắn yêu cầu khách hàng đăng nhập để nhận quà tri ân, ' +
  'sau đó chiếm đoạt tài khoản và toàn bộ số tiền trong thẻ. Người dân tuyệt đối không bấm vào đường link lạ và không cung cấp mã OTP cho bất kỳ ai. ';
let caseId: string;
let url: string;

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  reporter = await makeOrg(t.ctx, 'public_reporter');
  url = freshUrl();
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url, text: scam + Date.now() }], legal_basis: undefined }) });
  caseId = res.json.cases[0].id;
  // Texts are fingerprinted beside intake; the server's linker does this within a second.
  while ((await linkPendingFingerprints(t.ctx)) > 0);
});
afterAll(() => t.close());

const match = (body: unknown, org: TestOrg | undefined = reporter) => call(t.app, 'POST', '/api/v1/match', { org, body });

describe('POST /api/v1/match', () => {
  it('finds the case of a reposted text, whatever its tone style, diacritics or alarm prefix', async () => {
    const variants = [
      scam.normalize('NFD'),
      scam.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd'),
      `‼️ KHẨN CẤP, CHIA SẺ NGAY ‼️ ${scam.replace('tuyệt đối', 'nhất định')}`,
    ];
    for (const text of variants) {
      const res = await match({ text });
      expect(res.status).toBe(200);
      expect(res.json.matches[0]).toMatchObject({ case_id: caseId, level: 'duplicate', matched_by: 'text' });
    }
  });

  it('finds nothing for an unrelated text', async () => {
    const res = await match({ text: 'Bộ trưởng tiếp Đại sứ Hoa Kỳ, trao đổi về hợp tác kinh tế số và đào tạo nhân lực công nghệ thông tin trong năm tới.' });
    expect(res.json.matches.filter((m: { case_id: string }) => m.case_id === caseId)).toEqual([]);
  });

  it('finds the case of a URL variant and returns its canonical form', async () => {
    const res = await match({ url: url.replace('https://www.', 'https://m.') + '?fbclid=abc#x' });
    expect(res.json.canonical.platform).toBe('facebook');
    expect(res.json.matches).toEqual([expect.objectContaining({ case_id: caseId, score: 1, matched_by: 'url' })]);
  });

  it('finds a newly reported text once the linker has fingerprinted it', async () => {
    // Unlike any other text here, so it keeps its own case (a duplicate would join the scam's case).
    const fresh = `Nhóm kiểm chứng ghi nhận bản tin số ${Date.now()} khẳng định giá điện sinh hoạt sẽ tăng gấp ba từ tháng tới, thông tin này đã bị tập đoàn điện lực bác bỏ hoàn toàn.`;
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl(), text: fresh }], legal_basis: undefined }) });
    const id = res.json.cases[0].id;
    while ((await linkPendingFingerprints(t.ctx)) > 0);
    expect((await match({ text: fresh })).json.matches.map((m: { case_id: string }) => m.case_id)).toContain(id);
  });

  it('extracts the article from a pasted page before matching', async () => {
    const html = `<html><head><title>Tin nóng</title></head><body><nav>Trang chủ | Thời sự | Kinh tế</nav>
      <article><h1>Cảnh báo lừa đảo</h1><p>${scam}</p><p>${scam}</p></article>
      <aside><h3>Tin liên quan</h3><a href="#">Giá vàng hôm nay</a></aside><footer>© Báo điện tử</footer></body></html>`;
    const res = await match({ html });
    expect(res.status).toBe(200);
    expect(res.json.text).toContain('chiếm đoạt tài khoản');
    expect(res.json.text).not.toContain('Giá vàng hôm nay');
    expect(res.json.matches.map((m: { case_id: string }) => m.case_id)).toContain(caseId);
  });

  it('asks for exactly one of url, text or html, and a key', async () => {
    const both = await match({ url, text: scam });
    expect(both.status).toBe(422);
    expect((await match({ url: 'javascript:alert(1)' })).json.errors[0].field).toBe('url');
    expect((await call(t.app, 'POST', '/api/v1/match', { body: { text: scam } })).status).toBe(401);
  });
});
