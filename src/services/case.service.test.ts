import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../test/factories.ts';

let t: TestApp;
let flagger: TestOrg;
let authority: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  authority = await makeOrg(t.ctx, 'authority');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

const act = (org: TestOrg, id: string, action: string) => call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org, body: { action } });
const decide = (id: string, org: TestOrg = facebook) => call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org, body: sorInput() });
/** A decision on an appeal comes from another key than the decision appealed (appeal-decision.ts). */
const decideAppeal = async (id: string) => decide(id, await makeOrg(t.ctx, 'platform', { platform: 'facebook' }));

describe('appealing a decision', () => {
  it('lets a submitter appeal once: the decision on its appeal is final for it, not for another submitter', async () => {
    const url = freshUrl();
    const id = (await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ items: [{ url }], legal_basis: undefined }) })).json.cases[0].id;
    await call(t.app, 'POST', '/api/v1/notices', { org: authority, body: noticeInput({ items: [{ url }] }) });
    const first = await decide(id);
    expect((await act(flagger, id, 'appeal')).json.status).toBe('appealed');
    expect((await decideAppeal(id)).status).toBe(201);

    const again = await act(flagger, id, 'appeal');
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'conflict', appealed_decision_id: first.json.id });
    expect(again.json.detail).toMatch(/already appealed/);
    expect((await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook })).json.status).toBe('decided');

    // The authority has not appealed yet: its appeal is its own.
    expect((await act(authority, id, 'appeal')).json.status).toBe('appealed');
  });

  it('allows a new appeal after the platform decides the case afresh on a new review', async () => {
    const id = (await call(t.app, 'POST', '/api/v1/notices', { org: flagger, body: noticeInput({ legal_basis: undefined }) })).json.cases[0].id;
    await decide(id);
    await act(flagger, id, 'appeal');
    await decideAppeal(id);
    expect((await act(facebook, id, 'close')).status).toBe(200);
    expect((await act(facebook, id, 'reopen')).status).toBe(200);
    await decide(id);
    expect((await act(flagger, id, 'appeal')).json.status).toBe('appealed');
  });
});
