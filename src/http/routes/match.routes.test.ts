import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { linkPendingFingerprints } from '../../services/linker.service.ts';
import { closeExtraction, configureExtraction, extractHtml } from '../../text/extract-pool.ts';

let t: TestApp;
let flagger: TestOrg;
let otherFlagger: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;
let tiktok: TestOrg;

const scam =
  'Cảnh báo: xuất hiện trang giả mạo ngân hàng gửi tin nhắn yêu cầu khách hàng đăng nhập để nhận quà tri ân, ' +
  'sau đó chiếm đoạt tài khoản và toàn bộ số tiền trong thẻ. Người dân tuyệt đối không bấm vào đường link lạ và không cung cấp mã OTP cho bất kỳ ai. ';
// Reported by a public reporter alone: a private case only that reporter and the platform may see.
const privateClaim =
  'Tôi nhận được cuộc gọi tự xưng là nhân viên bưu điện thông báo có bưu phẩm chứa hàng cấm đứng tên tôi, yêu cầu chuyển tiền vào tài khoản tạm giữ ' +
  'để phục vụ điều tra, nếu không sẽ bị khởi tố; đây là kịch bản lừa đảo giả danh cơ quan chức năng nhằm chiếm đoạt tiền của người dân. ';
let caseId: string;
let url: string;
let privateCaseId: string;
let privateUrl: string;

const linkAll = async () => {
  while ((await linkPendingFingerprints(t.ctx)) > 0);
};

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  otherFlagger = await makeOrg(t.ctx, 'trusted_flagger');
  reporter = await makeOrg(t.ctx, 'public_reporter');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  tiktok = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
  url = freshUrl();
  const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url, text: scam + Date.now() }], legal_basis: undefined }) });
  caseId = res.json.cases[0].id;
  privateUrl = freshUrl();
  const mine = await call(t.app, 'POST', '/api/v1/notices', { org: reporter, body: noticeInput({ items: [{ url: privateUrl, text: privateClaim }], legal_basis: undefined }) });
  expect(mine.status).toBe(201);
  privateCaseId = mine.json.cases[0].id;
  // Texts are fingerprinted beside intake; the server's linker does this within a second.
  await linkAll();
});
afterAll(async () => {
  await t.close();
  await closeExtraction();
});

const match = (body: unknown, org: TestOrg | undefined = flagger) => call(t.app, 'POST', '/api/v1/match', { org, body });
const ids = (res: { json: { matches: { case_id: string }[] } }) => res.json.matches.map((m) => m.case_id);

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
      expect(res.json.already_reported).toBe(true);
      expect(res.json.matches[0]).toMatchObject({ case_id: caseId, level: 'duplicate', matched_by: 'text' });
    }
  });

  it('finds nothing for an unrelated text', async () => {
    const res = await match({ text: 'Bộ trưởng tiếp Đại sứ Hoa Kỳ, trao đổi về hợp tác kinh tế số và đào tạo nhân lực công nghệ thông tin trong năm tới.' });
    expect(ids(res)).not.toContain(caseId);
    expect(res.json.already_reported).toBe(false);
  });

  it('finds the case of a URL variant and returns its canonical form', async () => {
    const res = await match({ url: url.replace('https://www.', 'https://m.') + '?fbclid=abc#x' });
    expect(res.json.canonical.platform).toBe('facebook');
    expect(res.json.matches).toEqual([expect.objectContaining({ case_id: caseId, score: 1, matched_by: 'url' })]);
    expect(res.json.already_reported).toBe(true);
  });

  it('finds a newly reported text once the linker has fingerprinted it', async () => {
    // Unlike any other text here, so it keeps its own case (a duplicate would join the scam's case).
    const fresh = `Nhóm kiểm chứng ghi nhận bản tin số ${Date.now()} khẳng định giá điện sinh hoạt sẽ tăng gấp ba từ tháng tới, thông tin này đã bị tập đoàn điện lực bác bỏ hoàn toàn.`;
    const res = await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url: freshUrl(), text: fresh }], legal_basis: undefined }) });
    const id = res.json.cases[0].id;
    await linkAll();
    expect(ids(await match({ text: fresh }))).toContain(id);
  });

  it('extracts the article from a pasted page before matching', async () => {
    const html = `<html><head><title>Tin nóng</title></head><body><nav>Trang chủ | Thời sự | Kinh tế</nav>
      <article><h1>Cảnh báo lừa đảo</h1><p>${scam}</p><p>${scam}</p></article>
      <aside><h3>Tin liên quan</h3><a href="#">Giá vàng hôm nay</a></aside><footer>© Báo điện tử</footer></body></html>`;
    const res = await match({ html });
    expect(res.status).toBe(200);
    expect(res.json.text).toContain('chiếm đoạt tài khoản');
    expect(res.json.text).not.toContain('Giá vàng hôm nay');
    expect(ids(res)).toContain(caseId);
  });

  it('asks for exactly one of url, text or html, and a key', async () => {
    const both = await match({ url, text: scam });
    expect(both.status).toBe(422);
    expect((await match({ url: 'javascript:alert(1)' })).json.errors[0].field).toBe('url');
    expect((await call(t.app, 'POST', '/api/v1/match', { body: { text: scam } })).status).toBe(401);
  });
});

describe('POST /api/v1/match tells each caller only about the cases it may see', () => {
  // What a caller that may not see the case learns: that it was reported, and nothing else.
  const toldOnlyReported = (res: { status: number; json: Record<string, unknown> }, hidden: string) => {
    expect(res.status).toBe(200);
    expect(res.json.already_reported).toBe(true);
    expect(res.json.matches).toEqual([]);
    expect(JSON.stringify(res.json)).not.toContain(hidden);
  };

  it('a submitter whose notices never joined the case', async () => {
    toldOnlyReported(await match({ text: scam }, otherFlagger), caseId);
    toldOnlyReported(await match({ url }, otherFlagger), caseId);
  });

  it('a platform asking about a case on another platform, while the case’s platform sees it', async () => {
    toldOnlyReported(await match({ text: scam }, tiktok), caseId);
    toldOnlyReported(await match({ url }, tiktok), caseId);
    const own = await match({ url }, facebook);
    expect(own.json.matches).toEqual([expect.objectContaining({ case_id: caseId, platform: 'facebook', status: 'received', category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD' })]);
  });

  it('anyone asking about a public reporter’s private case, which its reporter still sees in full', async () => {
    toldOnlyReported(await match({ text: privateClaim }, flagger), privateCaseId);
    toldOnlyReported(await match({ url: privateUrl }, otherFlagger), privateCaseId);
    toldOnlyReported(await match({ text: privateClaim }, tiktok), privateCaseId);
    const own = await match({ text: privateClaim }, reporter);
    expect(own.json.already_reported).toBe(true);
    expect(ids(own)).toEqual([privateCaseId]);
    // And the reporter learns nothing of the flagger's case either.
    toldOnlyReported(await match({ text: scam }, reporter), caseId);
  });
});

describe('POST /api/v1/match with a hostile page', () => {
  // 287 KB of unclosed nested tags held the event loop for 4.7 s before issue 11.
  const nested = (bytes: number) => `<html><body>${'<div><b><i>x'.repeat(Math.ceil(bytes / 12))}</body></html>`;

  it('refuses unclosed nested tags before parsing, naming the field', async () => {
    for (const [field, body] of [
      ['html', { html: nested(287_000) }],
      ['html', { html: nested(60_000) }],
      ['text', { text: nested(60_000) }],
    ] as const) {
      const res = await match(body);
      expect([413, 422]).toContain(res.status);
      expect(res.headers['content-type']).toContain('application/problem+json');
      expect(res.json.errors[0].field).toBe(field);
      expect(res.json.detail).toMatch(new RegExp(`^${field} `));
    }
  });

  it('refuses a page over 2 MB with 413 naming html, while a larger body is refused by its size', async () => {
    const res = await match({ html: `<html><body><p>${'ệ'.repeat(800_000)}</p></body></html>` });
    expect(res.status).toBe(413);
    expect(res.json.errors[0].field).toBe('html');
    expect(res.json.not_extractable).toBe('too_large');
  });

  it('answers 503 with Retry-After, rather than piling up, when the extraction queue is full', async () => {
    await configureExtraction({ size: 1, queueLimit: 1, budgetMs: 1_500 });
    try {
      const slow = `<html><body>${'<p>x'.repeat(45_000)}</body></html>`;
      await extractHtml('<p>warm</p>'); // the one worker is up
      const running = extractHtml(slow); // the worker takes it…
      const waiting = extractHtml(slow); // …and this one takes the queue's only place
      const res = await match({ html: `<html><body><article><p>${scam}</p></article></body></html>` });
      expect(res.status).toBe(503);
      expect(res.headers['retry-after']).toBe('1');
      expect(res.json).toMatchObject({ code: 'unavailable' });
      await Promise.all([running, waiting]);
    } finally {
      await configureExtraction({});
    }
  });

  it('stops a parse past its budget with 422 naming html, and answers other requests meanwhile', async () => {
    await configureExtraction({ budgetMs: 300 });
    try {
      // Within every pre-parse limit, but it takes linkedom and Readability over a second.
      const slow = `<html><body>${'<p>x'.repeat(45_000)}</body></html>`;
      const order: string[] = [];
      const matching = match({ html: slow }).then((res) => {
        order.push('match');
        return res;
      });
      await new Promise((r) => setTimeout(r, 50));
      const health = await call(t.app, 'GET', '/healthz');
      order.push('healthz');
      expect(health.status).toBe(200);
      const res = await matching;
      expect(order).toEqual(['healthz', 'match']);
      expect(res.status).toBe(422);
      expect(res.json).toMatchObject({ code: 'validation_failed', not_extractable: 'timed_out', errors: [{ field: 'html' }] });
      // The pool replaced the stopped worker: the next page is extracted as usual.
      const next = await match({ html: `<html><body><article><p>${scam}</p></article></body></html>` });
      expect(next.status).toBe(200);
      expect(ids(next)).toContain(caseId);
    } finally {
      await configureExtraction({});
    }
  });
});
