import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, sorInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';

let t: TestApp;
let authority: TestOrg;
let flagger: TestOrg;
let reporter: TestOrg;
let facebook: TestOrg;

beforeAll(async () => {
  t = await openTestApp();
  authority = await makeOrg(t.ctx, 'authority');
  flagger = await makeOrg(t.ctx, 'trusted_flagger');
  reporter = await makeOrg(t.ctx, 'public_reporter');
  facebook = await makeOrg(t.ctx, 'platform', { platform: 'facebook' });
});
afterAll(() => t.close());

async function caseReportedBy(...orgs: TestOrg[]): Promise<string> {
  const url = freshUrl();
  let id = '';
  for (const org of orgs) {
    const body = noticeInput({ items: [{ url }], ...(org.actor.kind === 'authority' ? {} : { legal_basis: undefined }) });
    id = (await call(t.app, 'POST', '/api/v1/notices', { org, body })).json.cases[0].id;
  }
  return id;
}

const decide = (id: string, body: unknown, org = facebook) => call(t.app, 'POST', `/api/v1/cases/${id}/decisions`, { org, body });

describe('POST /api/v1/cases/{id}/decisions', () => {
  it('stores the statement of reasons with DSA field names and fills in the source from the notices', async () => {
    const id = await caseReportedBy(reporter, authority);
    const res = await decide(id, sorInput({ puid: 'fb-123' }));
    expect(res.status).toBe(201);
    expect(res.json.case_status).toBe('decided');
    expect(res.json.statement).toMatchObject({
      decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
      puid: 'fb-123',
      source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION',
      source_identity: authority.actor.name,
      platform_name: facebook.actor.name,
      method: 'API',
    });
    const view = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook });
    expect(view.json.decisions[0].id).toBe(res.json.id);
    expect(view.json.timeline.at(-1)).toMatchObject({ type: 'decided', actor: { id: facebook.actor.orgId } });
  });

  it('names a trusted flagger as the source, and never a public reporter', async () => {
    const flagged = await decide(await caseReportedBy(reporter, flagger), sorInput());
    expect(flagged.json.statement).toMatchObject({ source_type: 'SOURCE_TRUSTED_FLAGGER', source_identity: flagger.actor.name });
    const publicOnly = await decide(await caseReportedBy(reporter), sorInput());
    expect(publicOnly.json.statement.source_type).toBe('SOURCE_ARTICLE_16');
    expect(JSON.stringify(publicOnly.json)).not.toContain(reporter.actor.name);
  });

  it('enforces the conditional requirements of the DSA schema field by field', async () => {
    const id = await caseReportedBy(authority);
    const res = await decide(id, sorInput({ illegal_content_legal_ground: undefined, decision_visibility: ['DECISION_VISIBILITY_OTHER'] }));
    expect(res.status).toBe(422);
    const fields = res.json.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['illegal_content_legal_ground', 'decision_visibility_other']));
    const incompatible = await decide(id, sorInput({ decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT' }));
    expect(incompatible.json.errors.map((e: { field: string }) => e.field)).toEqual(expect.arrayContaining(['incompatible_content_ground', 'incompatible_content_explanation']));
    const noRestriction = await decide(id, sorInput({ decision_visibility: undefined }));
    expect(noRestriction.status).toBe(422);
    const serverField = await decide(id, sorInput({ source_type: 'SOURCE_VOLUNTARY' }));
    expect(serverField.json.errors).toContainEqual(expect.objectContaining({ field: 'source_type' }));
    expect((await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: facebook })).json.status).toBe('received');
  });

  it('refuses a puid the platform already used, naming the earlier decision', async () => {
    const first = await decide(await caseReportedBy(authority), sorInput({ puid: 'same-puid' }));
    const again = await decide(await caseReportedBy(authority), sorInput({ puid: 'same-puid' }));
    expect(again.status).toBe(409);
    expect(again.json.existing_id).toBe(first.json.id);
    expect(again.json.errors[0].field).toBe('puid');
  });

  it('is only for the platform the case is on', async () => {
    const id = await caseReportedBy(authority);
    expect((await decide(id, sorInput(), authority)).status).toBe(403);
    const youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
    expect((await decide(id, sorInput(), youtube)).status).toBe(404);
    expect((await decide('00000000-0000-7000-8000-000000000000', sorInput())).status).toBe(404);
    expect((await decide('not-a-uuid', sorInput())).status).toBe(404);
  });

  it('cannot decide a decided case again until it is appealed', async () => {
    const id = await caseReportedBy(authority);
    await decide(id, sorInput());
    const again = await decide(id, sorInput());
    expect(again.status).toBe(409);
    expect(again.json.code).toBe('invalid_transition');
  });
});

describe('POST /api/v1/cases/{id}/no-action', () => {
  const noAction = (id: string, body: unknown, org = facebook) => call(t.app, 'POST', `/api/v1/cases/${id}/no-action`, { org, body });

  it('answers a case without restricting it, and publishes the refusal with its reasons', async () => {
    const id = await caseReportedBy(authority);
    const res = await noAction(id, { decision_facts: 'Nội dung là bình luận chính trị hợp pháp, không vi phạm. Liên hệ: pr@example.vn' });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ outcome: 'no_action', case_status: 'decided' });
    const rec = await call(t.app, 'GET', `/api/v1/public/records/${res.json.public_record_id}`);
    expect(rec.json).toMatchObject({ type: 'no_action_decision', source_type: 'SOURCE_TYPE_OTHER_NOTIFICATION', source_identity: authority.actor.name, case_id: id });
    expect(rec.json.decision_facts).toContain('[email]');
    expect(rec.json.decision_facts).not.toContain('pr@example.vn');
    const view = await call(t.app, 'GET', `/api/v1/cases/${id}`, { org: authority });
    expect(view.json.decisions[0]).toMatchObject({ outcome: 'no_action', public_record_id: res.json.public_record_id });
  });

  it('lets the requester contest a refusal, and the platform decide again', async () => {
    const id = await caseReportedBy(authority);
    await noAction(id, { decision_facts: 'Không đủ căn cứ để gỡ bỏ nội dung này.' });
    expect((await call(t.app, 'POST', `/api/v1/cases/${id}/actions`, { org: authority, body: { action: 'appeal', note: 'Có thêm bằng chứng' } })).json.status).toBe('appealed');
    // Decided by another key than the refusal's: an appeal is reviewed by someone who took no part (appeal-decision.ts).
    expect((await decide(id, sorInput(), await makeOrg(t.ctx, 'platform', { platform: 'facebook' }))).json.case_status).toBe('decided');
  });

  it('requires reasons, and is only for the platform of the case', async () => {
    const id = await caseReportedBy(authority);
    const short = await noAction(id, { decision_facts: 'ok' });
    expect(short.status).toBe(422);
    expect(short.json.errors[0].field).toBe('decision_facts');
    expect((await noAction(id, { decision_facts: 'Không vi phạm chính sách.' }, authority)).status).toBe(403);
    const youtube = await makeOrg(t.ctx, 'platform', { platform: 'youtube' });
    expect((await noAction(id, { decision_facts: 'Không vi phạm chính sách.' }, youtube)).status).toBe(404);
  });
});
