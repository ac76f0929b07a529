import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { linkPendingFingerprints } from './linker.service.ts';

let t: TestApp;
let flagger: TestOrg;
let facebook: TestOrg;

const claim =
  'Tin đồn: từ tháng sau mọi người dân phải nộp phí đăng ký sim chính chủ hai trăm nghìn đồng tại điểm giao dịch, nếu không sẽ bị khóa thuê bao vĩnh viễn. ' +
  'Cơ quan chức năng khẳng định đây là thông tin sai sự thật, việc chuẩn hóa thông tin thuê bao hoàn toàn miễn phí và người dân chỉ cần mang căn cước công dân.';

async function caseWithText(text: string, url = freshUrl()): Promise<string> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url, text }], legal_basis: undefined }) });
  expect(res.status).toBe(201);
  return res.json.cases[0].id;
}

const related = async (id: string) => (await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook })).json.related_cases;

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

describe('linking cases that hold the same text', () => {
  it('links a reposted claim to the first case as a duplicate, on both cases', async () => {
    const first = await caseWithText(claim);
    const repost = await caseWithText(`CẢNH BÁO!!! ${claim.normalize('NFD').replace(/\p{M}/gu, '')}`);
    const unrelated = await caseWithText('Giá xăng dầu trong nước được điều chỉnh giảm nhẹ từ chiều nay theo kỳ điều hành mới của liên bộ Công Thương và Tài chính.');
    while ((await linkPendingFingerprints(t.ctx)) > 0);
    expect(await related(repost)).toEqual([expect.objectContaining({ case_id: first, level: 'duplicate' })]);
    expect(await related(first)).toEqual([expect.objectContaining({ case_id: repost, level: 'duplicate' })]);
    expect(await related(unrelated)).toEqual([]);
  });

  it('suggests a shortened copy as similar, not a duplicate', async () => {
    const base = `${claim} Ngoài ra, nhà mạng cũng cảnh báo về các cuộc gọi giả danh nhân viên yêu cầu cung cấp mã OTP để hoàn tất thủ tục chuẩn hóa.`;
    const first = await caseWithText(base);
    const words = base.split(' ');
    const shorter = await caseWithText(words.slice(0, Math.round(words.length * 0.75)).join(' '));
    while ((await linkPendingFingerprints(t.ctx)) > 0);
    const links = await related(shorter);
    expect(links.find((l: { case_id: string }) => l.case_id === first)).toMatchObject({ level: 'similar' });
  });

  it('does not link a case to itself when the same content is reported twice', async () => {
    const url = freshUrl();
    const id = await caseWithText(claim + ' (1)', url);
    await caseWithText(claim + ' (1)', url);
    while ((await linkPendingFingerprints(t.ctx)) > 0);
    expect((await related(id)).map((l: { case_id: string }) => l.case_id)).not.toContain(id);
  });

  it('shows related cases to the platform only', async () => {
    const id = await caseWithText(claim + ' bản sao');
    const view = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: flagger });
    expect(view.json.related_cases).toBeUndefined();
  });
});
