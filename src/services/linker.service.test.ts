import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { linkPendingFingerprints } from './linker.service.ts';

let t: TestApp;
let flagger: TestOrg;
let authority: TestOrg;
let facebook: TestOrg;
let tiktok: TestOrg;

// Each test uses its own claim: the database is shared, and a text of one test must not match another's.
const claims = {
  sim:
    'Tin đồn: từ tháng sau mọi người dân phải nộp phí đăng ký sim chính chủ hai trăm nghìn đồng tại điểm giao dịch, nếu không sẽ bị khóa thuê bao vĩnh viễn. ' +
    'Cơ quan chức năng khẳng định đây là thông tin sai sự thật, việc chuẩn hóa thông tin thuê bao hoàn toàn miễn phí và người dân chỉ cần mang căn cước công dân.',
  bank:
    'Ngân hàng thông báo tài khoản của quý khách sẽ bị tạm khóa trong hai mươi bốn giờ tới do chưa cập nhật sinh trắc học. ' +
    'Vui lòng bấm vào đường dẫn dưới đây và nhập tên đăng nhập, mật khẩu cùng mã xác thực để tránh gián đoạn giao dịch, đây là thủ đoạn lừa đảo chiếm đoạt tài sản.',
  flood:
    'Thông tin lan truyền trên mạng xã hội cho rằng đập thủy điện ở thượng nguồn đã bị vỡ và nước lũ sẽ tràn về thành phố trong đêm nay, người dân cần sơ tán ngay. ' +
    'Ban chỉ huy phòng chống thiên tai tỉnh khẳng định công trình vẫn vận hành an toàn và đề nghị người dân không chia sẻ tin thất thiệt gây hoang mang dư luận.',
  vaccine:
    'Bài đăng khẳng định tiêm vắc xin phòng bệnh cho trẻ em sẽ gây vô sinh và làm thay đổi gen, kèm theo hình ảnh giả mạo văn bản của Bộ Y tế. ' +
    'Cục Quản lý Khám chữa bệnh cho biết văn bản này là giả, các loại vắc xin trong chương trình tiêm chủng mở rộng đều đã được kiểm định an toàn nghiêm ngặt.',
  land:
    'Xuất hiện văn bản giả mạo Ủy ban nhân dân thành phố về việc thu hồi toàn bộ đất nông nghiệp ven sông để giao cho nhà đầu tư nước ngoài xây dựng khu nghỉ dưỡng. ' +
    'Sở Tài nguyên và Môi trường xác nhận không ban hành văn bản nào như trên và đã chuyển hồ sơ sang cơ quan công an để điều tra, xử lý người tung tin.',
  giveaway:
    'Trang mạo danh một hãng xe hơi thông báo tặng miễn phí mười chiếc ô tô điện cho những người chia sẻ bài viết và để lại số điện thoại trong phần bình luận. ' +
    'Sau đó kẻ gian gọi điện yêu cầu nộp phí trước bạ và phí vận chuyển, hãng xe khẳng định không tổ chức chương trình nào như vậy và đề nghị người dân cảnh giác.',
  loan:
    'Ứng dụng cho vay nhanh không cần thế chấp quảng cáo giải ngân trong năm phút, nhưng sau khi cài đặt lại đòi quyền truy cập danh bạ và hình ảnh trên điện thoại. ' +
    'Khi người vay chậm trả một ngày, nhóm đòi nợ nhắn tin bôi nhọ tới toàn bộ người thân, công an khuyến cáo không vay qua các ứng dụng không được cấp phép.',
  scam:
    'Tài khoản giả danh nhân viên bưu điện nhắn tin báo có bưu phẩm bị giữ lại ở hải quan vì chứa hàng cấm, yêu cầu người nhận kết bạn với cán bộ điều tra. ' +
    'Người nhận sau đó bị dọa liên quan đến đường dây rửa tiền và bị ép chuyển toàn bộ tiền tiết kiệm vào tài khoản tạm giữ, cơ quan công an khẳng định không làm việc qua mạng.',
  lottery:
    'Chúc mừng bạn đã trúng thưởng một chiếc xe máy và năm mươi triệu đồng tiền mặt trong chương trình tri ân khách hàng của nhà mạng nhân dịp kỷ niệm thành lập. ' +
    'Để nhận giải, bạn cần chuyển trước phí hồ sơ hai triệu đồng vào số tài khoản được cung cấp, nhà mạng khẳng định không tổ chức chương trình nào như vậy.',
};
const stripped = (s: string) => `CẢNH BÁO!!! ${s.normalize('NFD').replace(/\p{M}/gu, '')}`;

async function file(org: TestOrg, text: string, url = freshUrl()) {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url, text }], ...(org === authority ? {} : { legal_basis: undefined }) }) });
  expect(res.status).toBe(201);
  return res.json.cases[0] as { id: string; created: boolean };
}
const caseWithText = async (text: string, url?: string) => (await file(flagger, text, url)).id;
const view = async (id: string, org = facebook) => (await call(t.app, 'GET', `/api/v1/cases/${id}`, { org })).json;
const related = async (id: string, org = facebook) => (await view(id, org)).related_cases;
const linkAll = async () => {
  while ((await linkPendingFingerprints(t.ctx)) > 0);
};

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  tiktok = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
});
afterAll(() => t.close());

describe('a reposted duplicate joins the case', () => {
  it('merges a repost on the same platform into the first case, with its notices, URL and earlier deadline', async () => {
    const firstUrl = freshUrl();
    const first = await caseWithText(claims.sim, firstUrl);
    t.advance(60_000);
    const repostUrl = freshUrl();
    const repost = await file(authority, stripped(claims.sim), repostUrl);
    expect(repost.created).toBe(true);
    const before = await view(first);
    await linkAll();

    const survivor = await view(first);
    expect(survivor.status).toBe('received');
    expect(survivor.notice_count).toBe(2);
    expect(survivor.authority_request).toBe(true);
    // The authority's 24 h deadline is earlier than the flagger's 48 h: it now applies to the case.
    expect(new Date(survivor.due_at).getTime()).toBeLessThan(new Date(before.due_at).getTime());
    expect(survivor.locations.map((l: { merged_case_id: string | null }) => l.merged_case_id)).toEqual([null, repost.id]);
    expect(survivor.notices.map((n: { submitter: { id: string } }) => n.submitter.id).sort()).toEqual([flagger.actor.orgId, authority.actor.orgId].sort());
    expect(survivor.timeline.map((e: { type: string }) => e.type)).toContain('case_merged');
    expect(survivor.related_cases).toEqual([]);

    const merged = await view(repost.id);
    expect(merged).toMatchObject({ status: 'merged', merged_into: first, due_at: null, overdue: false });
    // The authority that filed the repost still finds its case, and where it went.
    expect(await view(repost.id, authority)).toMatchObject({ status: 'merged', merged_into: first });
    expect((await view(first, authority)).id).toBe(first);

    // A later notice about the repost's URL lands on the surviving case.
    const again = await file(flagger, 'Bài đăng này vẫn còn trên trang.', repostUrl);
    expect(again).toMatchObject({ id: first, created: false });
    expect((await view(first)).notice_count).toBe(3);

    // A notice naming both URLs reaches the one case twice, without tripping over itself.
    const both = await call(t.app, 'POST', '/api/v1/notices', {
      org: flagger,
      body: noticeInput({ items: [{ url: firstUrl }, { url: repostUrl }], explanation: 'Cả hai đường dẫn đều là cùng một bài.', legal_basis: undefined }),
    });
    expect(both.status).toBe(201);
    expect(both.json.cases.map((c: { id: string }) => c.id)).toEqual([first, first]);
    expect((await view(first)).notice_count).toBe(4);
  });

  it('lists the surviving case, not the merged one, and refuses actions on the merged one', async () => {
    const first = await caseWithText(claims.bank);
    const repost = (await file(authority, stripped(claims.bank))).id;
    await linkAll();
    const listed = (await call(t.app, 'GET', '/api/v1/cases?limit=100', { org: facebook })).json.items.map((c: { id: string }) => c.id);
    expect(listed).toContain(first);
    expect(listed).not.toContain(repost);
    const onlyMerged = (await call(t.app, 'GET', '/api/v1/cases?status=merged&limit=100', { org: facebook })).json.items.map((c: { id: string }) => c.id);
    expect(onlyMerged).toContain(repost);
    const act = await call(t.app, 'POST', `/api/v1/cases/${repost}/actions`, { org: facebook, body: { action: 'start_review' } });
    expect(act.status).toBe(409);
    expect(act.json.allowed_actions).toEqual([]);
    const decide = await call(t.app, 'POST', `/api/v1/cases/${repost}/decisions`, { org: facebook, body: sorInput() });
    expect(decide.status).toBe(409);
  });

  it('links instead of merging a duplicate on another platform', async () => {
    const onFacebook = await caseWithText(claims.flood);
    const onTiktok = (await file(authority, stripped(claims.flood), freshUrl('tiktok'))).id;
    await linkAll();
    expect(await related(onFacebook)).toEqual([expect.objectContaining({ case_id: onTiktok, level: 'duplicate' })]);
    expect(await related(onTiktok, tiktok)).toEqual([expect.objectContaining({ case_id: onFacebook, level: 'duplicate' })]);
    expect((await view(onTiktok, tiktok)).status).toBe('received');
  });

  it('links instead of merging a repost of content the platform already decided', async () => {
    const first = await caseWithText(claims.vaccine);
    await linkAll();
    expect((await call(t.app, 'POST', `/api/v1/cases/${first}/decisions`, { org: facebook, body: sorInput() })).status).toBe(201);
    const repost = (await file(authority, stripped(claims.vaccine))).id;
    await linkAll();
    expect((await view(repost)).status).toBe('received');
    expect(await related(repost)).toEqual([expect.objectContaining({ case_id: first, level: 'duplicate' })]);
  });

  it('does not absorb a case the platform has started to review', async () => {
    const first = await caseWithText(claims.lottery);
    const repost = (await file(authority, stripped(claims.lottery))).id;
    expect((await call(t.app, 'POST', `/api/v1/cases/${repost}/actions`, { org: facebook, body: { action: 'start_review' } })).status).toBe(200);
    await linkAll();
    expect((await view(repost)).status).toBe('in_review');
    expect((await view(first)).status).toBe('received');
    expect(await related(first)).toEqual([expect.objectContaining({ case_id: repost, level: 'duplicate' })]);
  });
  it('follows a chain: when the survivor itself joins an older case, earlier merges move along', async () => {
    const oldestUrl = freshUrl();
    const oldest = await caseWithText('Ảnh chụp màn hình không rõ nguồn gốc.', oldestUrl);
    const middle = await caseWithText(claims.land);
    const newest = await file(authority, stripped(claims.land));
    await linkAll();
    expect((await view(newest.id)).merged_into).toBe(middle);
    // The oldest case now receives the same text: the middle case (and what it holds) joins it.
    await file(authority, claims.land, oldestUrl);
    await linkAll();
    expect((await view(middle)).merged_into).toBe(oldest);
    expect((await view(newest.id)).merged_into).toBe(oldest);
    const survivor = await view(oldest);
    expect(survivor.locations.map((l: { merged_case_id: string | null }) => l.merged_case_id).sort()).toEqual([null, middle, newest.id].sort());
    expect(survivor.notice_count).toBe(4);
  });
});

describe('a submitter cannot move a case into another by pasting its text', () => {
  it('only links two cases when one organization sent the same text for both; a second organization makes it a merge', async () => {
    // The hijack: an organization reports post Y, then target X with Y's text.
    const y = await caseWithText(claims.giveaway);
    t.advance(1000);
    const xUrl = freshUrl();
    const x = await caseWithText(claims.giveaway, xUrl);
    await linkAll();
    expect((await view(x)).status).toBe('received');
    expect((await view(y)).status).toBe('received');
    // Still shown to the reviewer, as a suggested duplicate.
    expect(await related(x)).toEqual([expect.objectContaining({ case_id: y, level: 'duplicate', score: 1 })]);
    expect(await related(y)).toEqual([expect.objectContaining({ case_id: x, level: 'duplicate' })]);

    // Another organization, on its own, finds the same text at X: now two say so.
    await file(authority, stripped(claims.giveaway), xUrl);
    await linkAll();
    expect(await view(x)).toMatchObject({ status: 'merged', merged_into: y });
    const survivor = await view(y);
    expect(survivor.notice_count).toBe(3);
    expect(survivor.timeline.map((e: { type: string }) => e.type)).toContain('case_merged');
  });

  it('merges when two organizations report the two posts with the same text', async () => {
    const y = await caseWithText(claims.loan);
    t.advance(1000);
    const x = await file(authority, claims.loan);
    await linkAll();
    expect(await view(x.id)).toMatchObject({ status: 'merged', merged_into: y });
  });

  it('reopens the surviving case when the platform answered it with no action and a request names the merged URL', async () => {
    // The shield of the issue: Y answered with no action, then an authority's 24 h request on X, merged into Y.
    const y = await caseWithText(claims.scam);
    t.advance(1000);
    const xUrl = freshUrl();
    await file(await makeOrg(t.ctx, 'rights_holder'), claims.scam, xUrl);
    await linkAll();
    expect((await call(t.app, 'POST', `/api/v1/cases/${y}/no-action`, { org: facebook, body: { decision_facts: 'Không thấy nội dung vi phạm trong bài viết.' } })).status).toBe(
      201,
    );

    const request = await file(authority, 'Bài đăng vẫn tiếp tục lừa người dùng.', xUrl);
    expect(request).toMatchObject({ id: y, created: false, status: 'in_review', reopened: true });
    const survivor = await view(y);
    expect(survivor).toMatchObject({ status: 'in_review', overdue: false });
    expect(new Date(survivor.due_at).getTime()).toBeGreaterThan(Date.now());
  });

  it('never merges two posts that share only a short stock phrase, whoever reports them', async () => {
    const phrase = 'Nhận quà miễn phí tại đây';
    const first = await caseWithText(phrase);
    t.advance(1000);
    const second = await file(authority, phrase);
    const third = await file(authority, `${phrase} ${phrase} ${phrase} ${phrase} ${phrase}!!!`);
    await linkAll();
    for (const id of [first, second.id, third.id]) expect((await view(id)).status).toBe('received');
    expect((await related(second.id)).map((l: { case_id: string }) => l.case_id)).toContain(first);
  });
});

describe('linking similar cases', () => {
  it('suggests a shortened copy as similar, on both cases, without merging', async () => {
    const base =
      'Người dân phản ánh một trang mạng giả danh cơ quan thuế gửi tin nhắn yêu cầu cài đặt ứng dụng để hoàn thuế thu nhập cá nhân. ' +
      'Ứng dụng này chứa mã độc chiếm quyền điều khiển điện thoại và lấy cắp tiền trong tài khoản ngân hàng của nạn nhân. ' +
      'Cơ quan thuế khuyến cáo không làm theo hướng dẫn từ các số điện thoại lạ và chỉ sử dụng ứng dụng chính thức.';
    const first = await caseWithText(base);
    const words = base.split(' ');
    const shorter = await caseWithText(words.slice(0, Math.round(words.length * 0.75)).join(' '));
    await linkAll();
    expect((await related(shorter)).find((l: { case_id: string }) => l.case_id === first)).toMatchObject({ level: 'similar' });
    expect((await related(first)).find((l: { case_id: string }) => l.case_id === shorter)).toMatchObject({ level: 'similar' });
    expect((await view(shorter)).status).toBe('received');
  });

  it('does not link a case to itself when the same content is reported twice', async () => {
    const url = freshUrl();
    const text =
      'Một bài viết xuyên tạc về chính sách tiền lương mới được chia sẻ hàng nghìn lần trong các hội nhóm, gây hiểu lầm rằng lương hưu sẽ bị cắt giảm một nửa từ năm sau.';
    const id = await caseWithText(text, url);
    await caseWithText(text, url);
    await linkAll();
    expect((await related(id)).map((l: { case_id: string }) => l.case_id)).not.toContain(id);
  });

  it('shows related cases to the platform only', async () => {
    const id = await caseWithText(claims.sim + ' bản sao');
    expect((await view(id, flagger)).related_cases).toBeUndefined();
  });
});
