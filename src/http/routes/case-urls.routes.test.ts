import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { mergeCases } from '../../repositories/case-merge.repository.ts';
import { registerService } from '../../services/service-registry.service.ts';

// Who sees which URL of a case (issue 11, item 10): a submitter's URL as sent can carry its own
// access token or signature; only that submitter ever sees it. Everyone else sees canonical URLs.

let t: TestApp;
let a: TestOrg;
let b: TestOrg;
let c: TestOrg;
let youtube: TestOrg;
let facebook: TestOrg;
let web: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  a = await makeOrg(t.ctx, 'authority');
  b = await makeOrg(t.ctx, 'trusted_flagger');
  c = await makeOrg(t.ctx, 'rights_holder');
  youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
  // A news site in the registry, answered by its own organization (each test uses a host under it).
  await registerService(t.ctx, { name: 'Tin tức', hosts: ['tin-tuc.vn'] });
  web = await makeOrg(t.ctx, 'platform', { platform: 'tin-tuc.vn' });
});
afterAll(() => t.close());

const videoId = () => randomBytes(8).toString('base64url').slice(0, 11);
const secret = () => `SECRET${randomBytes(6).toString('hex')}`;

async function submit(org: TestOrg, url: string): Promise<{ noticeId: string; caseId: string }> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) });
  expect(res.status).toBe(201);
  return { noticeId: res.json.id, caseId: res.json.cases[0].id };
}

/** Everything an organization can read about a case: the case, the case list, its own notices. */
async function everythingSeenBy(org: TestOrg, caseId: string): Promise<string> {
  const views = await Promise.all([
    call(t.app, 'GET', `/api/v1/cases/${caseId}`, { org }),
    call(t.app, 'GET', '/api/v1/cases?limit=200', { org }),
    ...(org.actor.kind === 'platform' ? [] : [call(t.app, 'GET', '/api/v1/notices?limit=200', { org })]),
  ]);
  expect(views[0]!.status).toBe(200);
  return views.map((v) => JSON.stringify(v.json)).join('\n');
}

describe('a submitter’s URL as sent is shown to that submitter alone', () => {
  it('keeps A’s access token and signature from B, from a third submitter and from the platform', async () => {
    const id = videoId();
    const token = secret();
    const sig = secret();
    const own = `https://www.youtube.com/watch?v=${id}&access_token=${token}&sig=${sig}`;
    const first = await submit(a, own);
    const joined = await submit(b, `https://youtu.be/${id}`);
    expect(joined.caseId).toBe(first.caseId);
    await submit(c, `https://m.youtube.com/watch?v=${id}&si=x`);

    for (const org of [b, c, youtube]) {
      const seen = await everythingSeenBy(org, first.caseId);
      expect(seen, org.actor.kind).not.toContain(token);
      expect(seen, org.actor.kind).not.toContain(sig);
    }
    // The platform still finds the content: the case and every notice name the canonical URL.
    const platformView = await call(t.app, 'GET', `/api/v1/cases/${first.caseId}`, { org: youtube });
    expect(platformView.json.canonical_url).toBe(`https://youtube.com/watch?v=${id}`);
    expect(platformView.json.locations).toEqual([{ content_key: `youtube:video:${id}`, canonical_url: `https://youtube.com/watch?v=${id}`, merged_case_id: null, score: null }]);
    const urls = platformView.json.notices.flatMap((n: { items: { url: string }[] }) => n.items.map((i) => i.url));
    expect(urls).toEqual([`https://youtube.com/watch?v=${id}`, `https://youtube.com/watch?v=${id}`, `https://youtube.com/watch?v=${id}`]);

    // A sees its own URL, as sent, on its own notice and on its own view of the case.
    const notice = await call(t.app, 'GET', `/api/v1/notices/${first.noticeId}`, { org: a });
    expect(notice.json.items[0].url).toBe(own);
    const aView = await call(t.app, 'GET', `/api/v1/cases/${first.caseId}`, { org: a });
    expect(aView.json.notices.map((n: { items: { url: string }[] }) => n.items[0]!.url)).toEqual([own]);
    expect(aView.json.canonical_url).toBe(`https://youtube.com/watch?v=${id}`);
  });

  it('keeps a first reporter’s token out of a Facebook or web case’s URL and key', async () => {
    const story = String(BigInt(`0x${randomBytes(6).toString('hex')}`));
    const token = secret();
    const fb = await submit(a, `https://m.facebook.com/story.php?story_fbid=${story}&id=42&access_token=${token}`);
    await submit(b, `https://www.facebook.com/permalink.php?story_fbid=${story}&id=42`);
    const host = `${randomBytes(4).toString('hex')}.tin-tuc.vn`;
    const page = await submit(a, `https://${host}/bai-viet.html?id=7&token=${token}&email=nguoi%40example.vn`);
    await submit(b, `https://${host}/bai-viet.html?id=7`);

    for (const [org, caseId] of [
      [b, fb.caseId],
      [facebook, fb.caseId],
      [b, page.caseId],
      [web, page.caseId],
    ] as const) {
      expect(await everythingSeenBy(org, caseId)).not.toContain(token);
    }
    const pageView = await call(t.app, 'GET', `/api/v1/cases/${page.caseId}`, { org: web });
    expect(pageView.json).toMatchObject({ content_key: `web:${host}/bai-viet.html?id=7`, canonical_url: `https://${host}/bai-viet.html?id=7` });
    expect(JSON.stringify(pageView.json)).not.toContain('nguoi');
  });
});

describe('locations shown to submitters', () => {
  it('are canonical URLs, not the URLs another organization sent for a merged duplicate', async () => {
    const token = secret();
    const host = `${randomBytes(4).toString('hex')}.tin-tuc.vn`;
    const survivor = await submit(b, `https://${host}/goc.html`);
    const duplicate = await submit(a, `https://${host}/ban-sao.html?id=9&access_token=${token}`);
    await mergeCases(t.ctx.db, { from: duplicate.caseId, into: survivor.caseId, score: 0.93, at: t.ctx.now() });

    const bView = await call(t.app, 'GET', `/api/v1/cases/${survivor.caseId}`, { org: b });
    expect(bView.json.locations.map((l: { canonical_url: string }) => l.canonical_url)).toEqual([`https://${host}/goc.html`, `https://${host}/ban-sao.html?id=9`]);
    expect(JSON.stringify(bView.json)).not.toContain(token);
    expect(await everythingSeenBy(web, survivor.caseId)).not.toContain(token);
  });

  it('hide a token from rows stored before the allow-list, in the case and its aliases', async () => {
    const token = secret();
    const host = `${randomBytes(4).toString('hex')}.tin-tuc.vn`;
    const survivor = await submit(b, `https://${host}/goc.html`);
    const duplicate = await submit(a, `https://${host}/cu.html`);
    // As the old rules stored them: the first reporter's whole query in the URL and the key.
    const legacy = `?access_token=${token}`;
    await t.ctx.db.query(`UPDATE cases SET canonical_url = canonical_url || $2, content_key = content_key || $2 WHERE id = $1`, [duplicate.caseId, legacy]);
    await t.ctx.db.query(`UPDATE cases SET canonical_url = canonical_url || $2 WHERE id = $1`, [survivor.caseId, legacy]);
    await mergeCases(t.ctx.db, { from: duplicate.caseId, into: survivor.caseId, score: 0.9, at: t.ctx.now() });

    for (const org of [b, web]) expect(await everythingSeenBy(org, survivor.caseId)).not.toContain(token);
    expect(await everythingSeenBy(a, duplicate.caseId)).not.toContain(token);
    const view = await call(t.app, 'GET', `/api/v1/cases/${survivor.caseId}`, { org: web });
    expect(view.json.locations.map((l: { content_key: string }) => l.content_key)).toEqual([`web:${host}/goc.html`, `web:${host}/cu.html`]);
  });
});
