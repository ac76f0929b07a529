import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { call, freshUrl, makeOrg, noticeInput, type TestOrg } from '../../../test/factories.ts';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { DEFAULT_SLA_RULES } from '../../core/sla.ts';

const TOKEN = 'operator-token-for-sla-tests-0123456789';
const op = { authorization: `Bearer ${TOKEN}` };
const HOUR = 3_600_000;
let t: TestApp;
let authority: TestOrg;
let reporter: TestOrg;

beforeAll(async () => {
  t = await openTestApp({ operatorToken: TOKEN });
  authority = await makeOrg(t.ctx, 'authority');
  reporter = await makeOrg(t.ctx, 'public_reporter');
});
afterAll(() => t.close());

const hoursToDeadline = (res: { json: { received_at: string; due_at: string } }) => (Date.parse(res.json.due_at) - Date.parse(res.json.received_at)) / HOUR;

describe('SLA policies', () => {
  it('are the defaults until the operator sets some, readable by the operator and the public alike', async () => {
    const admin = await call(t.app, 'GET', '/api/v1/admin/sla-policies', { headers: op });
    expect(admin.status).toBe(200);
    expect(admin.json).toMatchObject({ source: 'default', due_soon_remaining_percent: 25, updated_at: null });
    expect(admin.json.policies).toHaveLength(DEFAULT_SLA_RULES.policies.length);
    const pub = await call(t.app, 'GET', '/api/v1/public/sla-policies');
    expect(pub.status).toBe(200);
    expect(pub.json).toEqual(admin.json);
  });

  it('may be changed by the operator only', async () => {
    const body = {
      due_soon_remaining_percent: 25,
      policies: [
        { applies_to: 'notice', hours: 48 },
        { applies_to: 'appeal', hours: 48 },
      ],
    };
    expect((await call(t.app, 'GET', '/api/v1/admin/sla-policies', { org: authority })).status).toBe(401);
    expect((await t.app.inject({ method: 'PUT', url: '/api/v1/admin/sla-policies', headers: authority.headers, payload: body })).statusCode).toBe(401);
  });

  it('refuses a set that leaves notices without a deadline, naming the field', async () => {
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/sla-policies',
      headers: op,
      payload: {
        due_soon_remaining_percent: 25,
        policies: [
          { applies_to: 'notice', submitter_kind: 'authority', hours: 24 },
          { applies_to: 'appeal', hours: 48 },
        ],
      },
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([{ field: 'policies', message: expect.stringContaining('every notice') }]);
  });

  it('once set, give notices received from then on their deadlines, and are published', async () => {
    const before = await call(t.app, 'POST', '/api/v1/notices', {
      org: reporter,
      body: noticeInput({ category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', items: [{ url: freshUrl() }] }),
    });
    expect(hoursToDeadline(before)).toBe(48);
    const res = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/sla-policies',
      headers: op,
      payload: {
        due_soon_remaining_percent: 20,
        policies: [
          { applies_to: 'notice', hours: 48 },
          { applies_to: 'notice', submitter_kind: 'authority', hours: 24 },
          { applies_to: 'notice', category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', hours: 6 },
          { applies_to: 'appeal', hours: 36 },
        ],
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ source: 'deployment', due_soon_remaining_percent: 20 });
    const minors = await call(t.app, 'POST', '/api/v1/notices', {
      org: reporter,
      body: noticeInput({ category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', items: [{ url: freshUrl() }] }),
    });
    expect(hoursToDeadline(minors)).toBe(6);
    const batch = await call(t.app, 'POST', '/api/v1/notices/batch', { org: authority, body: { notices: [noticeInput()] } });
    expect(hoursToDeadline({ json: batch.json.results[0].notice })).toBe(24);
    const pub = await call(t.app, 'GET', '/api/v1/public/sla-policies');
    expect(pub.json.policies[2]).toEqual({ applies_to: 'notice', submitter_kind: null, category: 'STATEMENT_CATEGORY_PROTECTION_OF_MINORS', urgency: null, hours: 6 });
  });
});
