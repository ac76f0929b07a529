import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

const TOKEN = 'operator-token-for-tests-0123456789';
const asOperator = { authorization: `Bearer ${TOKEN}` };
let t: TestApp;
let authority: TestOrg;
let otherAuthority: TestOrg;
let flagger: TestOrg;
let facebook: TestOrg;

/** A domain no other test uses: the registry is shared by the file's tests. */
const site = () => `tin-${randomBytes(4).toString('hex')}.com.vn`;

async function file(org: TestOrg, url: string): Promise<{ id: string; platform: string; platform_onboarded: boolean }> {
  const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: noticeInput({ items: [{ url }] }) });
  expect(res.status, res.body).toBe(201);
  return res.json.cases[0];
}

const operator = (method: 'GET' | 'POST' | 'PATCH', url: string, body?: unknown) => call(t.app, method, url, { headers: asOperator, body });
const unassigned = async (org: TestOrg, query = '') => call(t.app, 'GET', `/api/v1/cases/unassigned?limit=200${query}`, { org });

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
  authority = await makeOrg(t.ctx, 'authority');
  otherAuthority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

describe('services as data', () => {
  it('files content on a website nobody registered under its registrable domain, in the unassigned queue', async () => {
    const domain = site();
    const news = await file(flagger, `https://m.${domain}/thoi-su/bai-1.html`);
    expect(news).toMatchObject({ platform: domain, platform_onboarded: false });
    // A blog host shared by many owners: each blog is its own site (the Public Suffix List's private part).
    const blog = await file(flagger, 'https://lua-dao-qua-tang.blogspot.com/2026/12/trung-thuong.html');
    expect(blog.platform).toBe('lua-dao-qua-tang.blogspot.com');

    // Any authority sees the queue, with the counts it weighs; it did not file these notices.
    const queue = await unassigned(otherAuthority);
    expect(queue.status, queue.body).toBe(200);
    const listed = queue.json.items.find((c: { id: string }) => c.id === news.id);
    expect(listed).toMatchObject({ platform: domain, notice_count: 1, authority_request: false, status: 'received' });
    expect((await unassigned(otherAuthority, `&platform=${domain}`)).json.items.map((c: { id: string }) => c.id)).toEqual([news.id]);
    // It may read the case, but not act on someone else's notice.
    expect((await call(t.app, 'GET', `/api/v1/cases/${news.id}`, { org: otherAuthority })).status).toBe(200);
    expect((await call(t.app, 'POST', `/api/v1/cases/${news.id}/actions`, { org: otherAuthority, body: { action: 'appeal' } })).status).toBe(404);

    // The queue is the authorities'; a platform does not see content it does not answer for.
    expect((await unassigned(flagger)).status).toBe(403);
    expect((await unassigned(facebook)).status).toBe(403);
    expect((await call(t.app, 'GET', `/api/v1/cases/${news.id}`, { org: facebook })).status).toBe(404);
    // Content on a service some organization answers for is not in it.
    const onFacebook = await file(flagger, `https://www.facebook.com/page/posts/${Date.now()}`);
    expect(onFacebook).toMatchObject({ platform: 'facebook', platform_onboarded: true });
    expect((await unassigned(authority)).json.items.map((c: { id: string }) => c.id)).not.toContain(onFacebook.id);
  });

  it('gives a registered website to the organization that answers for it, moving its cases, and out of the queue', async () => {
    const domain = site();
    const shop = await file(flagger, `https://shop.${domain}/san-pham/1`);
    const news = await file(flagger, `https://${domain}/tin/2`);
    expect([shop.platform, news.platform]).toEqual([domain, domain]);

    // The shop is a service of its own, answered by its operator's organization.
    const owner = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers: asOperator, body: { kind: 'platform', name: `Shop ${domain}` } });
    expect(owner.status, owner.body).toBe(201);
    expect(owner.json.services).toEqual([]);
    const registered = await operator('POST', '/api/v1/admin/services', {
      slug: `shop.${domain}`,
      name: 'Cửa hàng',
      hosts: [`shop.${domain}`],
      organization_id: owner.json.org_id,
    });
    expect(registered.status, registered.body).toBe(201);
    expect(registered.json).toMatchObject({ moved_cases: 1, service: { slug: `shop.${domain}`, organization_name: `Shop ${domain}`, url_rules: 'web', built_in: false } });

    const ownerKey = { headers: { authorization: `Bearer ${owner.json.api_key}` } };
    const seen = await call(t.app, 'GET', `/api/v1/cases/${shop.id}`, ownerKey);
    expect(seen.status, seen.body).toBe(200);
    expect(seen.json.platform).toBe(`shop.${domain}`);
    expect((await call(t.app, 'GET', '/api/v1/cases', ownerKey)).json.items.map((c: { id: string }) => c.id)).toEqual([shop.id]);
    // The rest of the site is nobody's still.
    expect((await call(t.app, 'GET', `/api/v1/cases/${news.id}`, ownerKey)).status).toBe(404);
    const queue = (await unassigned(authority)).json.items.map((c: { id: string }) => c.id);
    expect(queue).toContain(news.id);
    expect(queue).not.toContain(shop.id);

    // New content on the shop lands there at once (this process's registry is current).
    const next = await file(flagger, `https://shop.${domain}/san-pham/2`);
    expect(next).toMatchObject({ platform: `shop.${domain}`, platform_onboarded: true });

    // Taken back from the organization, the service's cases return to the queue and the owner loses them.
    const back = await operator('PATCH', `/api/v1/admin/services/shop.${domain}`, { organization_id: null });
    expect(back.status, back.body).toBe(200);
    expect(back.json.service.organization_id).toBeNull();
    expect((await unassigned(authority)).json.items.map((c: { id: string }) => c.id)).toEqual(expect.arrayContaining([shop.id, next.id]));
  });

  it('lets one organization answer for several services, and no service have two', async () => {
    const meta = await call(t.app, 'POST', '/api/v1/admin/organizations', {
      headers: asOperator,
      body: { kind: 'platform', name: 'Meta (IG + Threads)', services: ['threads', 'instagram'] },
    });
    expect(meta.status, meta.body).toBe(201);
    expect(meta.json.services).toEqual(['instagram', 'threads']);
    const metaKey = { headers: { authorization: `Bearer ${meta.json.api_key}` } };
    const ig = await file(flagger, `https://www.instagram.com/p/Cx${randomBytes(4).toString('hex')}/`);
    const th = await file(flagger, `https://www.threads.net/@someone/post/Cy${randomBytes(4).toString('hex')}`);
    expect([ig.platform, th.platform]).toEqual(['instagram', 'threads']);
    const listed = (await call(t.app, 'GET', '/api/v1/cases', metaKey)).json.items.map((c: { id: string }) => c.id);
    expect(listed).toEqual(expect.arrayContaining([ig.id, th.id]));
    expect((await call(t.app, 'GET', '/api/v1/cases?platform=threads', metaKey)).json.items.map((c: { id: string }) => c.id)).toEqual([th.id]);
    // Filtering on a service it does not answer for shows nothing, not someone else's cases.
    expect((await call(t.app, 'GET', '/api/v1/cases?platform=facebook', metaKey)).json.items).toEqual([]);

    const second = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers: asOperator, body: { kind: 'platform', name: 'Another', services: ['instagram'] } });
    expect(second.status).toBe(409);
    expect(second.json).toMatchObject({ code: 'conflict', existing_id: meta.json.org_id });
    expect(second.json.detail).toContain('instagram');
    const unknown = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers: asOperator, body: { kind: 'platform', name: 'X', services: ['myspace'] } });
    expect(unknown.status).toBe(422);
    expect(unknown.json.errors[0]).toMatchObject({ field: 'services' });
    const notPlatform = await call(t.app, 'POST', '/api/v1/admin/organizations', { headers: asOperator, body: { kind: 'authority', name: 'Y', services: ['zalo'] } });
    expect(notPlatform.status).toBe(422);
    // Nothing of the refused organizations was created.
    const registry = (await operator('GET', '/api/v1/admin/services')).json.services;
    expect(registry.find((s: { slug: string }) => s.slug === 'zalo').organization_id).toBeNull();
  });

  it('refuses registry changes that could not work, naming the field', async () => {
    const bad = async (body: unknown, status = 422) => {
      const res = await operator('POST', '/api/v1/admin/services', body);
      expect(res.status, res.body).toBe(status);
      return res.json;
    };
    expect((await bad({ name: 'Hết', hosts: ['com.vn'] })).errors).toEqual([expect.objectContaining({ field: 'hosts[0]', message: expect.stringContaining('public suffix') })]);
    expect((await bad({ name: 'Mobile', hosts: ['m.facebook.com'] })).errors).toEqual([
      expect.objectContaining({ field: 'hosts[0]', message: expect.stringContaining('facebook.com') }),
    ]);
    expect((await bad({ name: 'Scheme', hosts: ['https://a.vn/x'] })).errors[0].field).toBe('hosts[0]');
    expect((await bad({ name: 'Rules', hosts: [site()], url_rules: 'myspace' })).errors[0].field).toBe('url_rules');
    expect((await bad({ name: 'Contact', hosts: [site()], contact_email: 'not an address' })).errors[0].field).toBe('contact_email');
    expect((await bad({ name: 'Org', hosts: [site()], organization_id: authority.actor.orgId })).errors[0]).toMatchObject({
      field: 'organization_id',
      message: expect.stringContaining('platform'),
    });
    // A host another service has: a conflict, naming it.
    expect((await bad({ name: 'Watch', hosts: ['fb.watch'] }, 409)).detail).toContain('fb.watch (on facebook)');
    const domain = site();
    expect((await operator('POST', '/api/v1/admin/services', { name: 'Once', hosts: [domain] })).status).toBe(201);
    expect((await bad({ name: 'Twice', slug: domain, hosts: [`news.${domain}`] }, 409)).detail).toContain(domain);

    expect((await operator('PATCH', '/api/v1/admin/services/no-such-service.vn', { name: 'x' })).status).toBe(404);
    const dropped = await operator('PATCH', '/api/v1/admin/services/facebook', { hosts: ['facebook.com'] });
    expect(dropped.status).toBe(422);
    expect(dropped.json.errors[0]).toMatchObject({ field: 'hosts', message: expect.stringContaining('fb.watch') });
    // Without the operator token the registry cannot be changed.
    expect((await call(t.app, 'POST', '/api/v1/admin/services', { org: authority, body: { name: 'n', hosts: [site()] } })).status).toBe(401);
  });

  it('publishes who answers for what, without contact addresses, and counts unregistered sites apart', async () => {
    const domain = site();
    expect((await operator('POST', '/api/v1/admin/services', { name: 'Báo X', hosts: [domain], contact_email: 'abuse@bao-x.vn' })).status).toBe(201);
    const res = await call(t.app, 'GET', '/api/v1/public/services');
    expect(res.status).toBe(200);
    expect(res.json.services.find((s: { slug: string }) => s.slug === 'facebook')).toMatchObject({
      answered_by: facebook.actor.name,
      hosts: expect.arrayContaining(['facebook.com', 'fb.watch']),
    });
    expect(res.json.services.find((s: { slug: string }) => s.slug === domain)).toEqual({ slug: domain, name: 'Báo X', hosts: [domain], answered_by: null });
    expect(res.body).not.toContain('abuse@bao-x.vn');

    const before = (await call(t.app, 'GET', '/api/v1/public/stats')).json;
    t.advance(60_000); // past the statistics' cache
    await file(flagger, `https://${site()}/a`);
    await file(flagger, `https://${domain}/b`);
    const after = (await call(t.app, 'GET', '/api/v1/public/stats')).json;
    expect(after.unregistered_websites.sites).toBe(before.unregistered_websites.sites + 1);
    expect(after.unregistered_websites.cases).toBe(before.unregistered_websites.cases + 1);
    const registered = after.platforms.find((p: { platform: string }) => p.platform === domain);
    expect(registered).toMatchObject({ name: 'Báo X', onboarded: false, cases: 1 });
    expect(after.cases_on_platforms_not_onboarded).toBe(before.cases_on_platforms_not_onboarded + 2);
  });
});
