import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestApp, type TestApp } from '../../../test/app.ts';
import { call, makeOrg, makePerson, type TestOrg } from '../../../test/factories.ts';
import { uuidv7 } from '../../core/ids.ts';
import { INVITATION_TTL_MS } from '../../services/invitation.service.ts';

const OPERATOR = 'operator-token-for-people-tests-0123456789';
let t: TestApp;
let flagger: TestOrg;
let other: TestOrg;

beforeAll(async () => {
  t = await openTestApp({ limits: false, operatorToken: OPERATOR, publicUrl: 'https://minhbach.example.vn/' });
  flagger = await makeOrg(t.ctx, 'trusted_flagger', { name: 'Trung tâm Kiểm chứng' });
  other = await makeOrg(t.ctx, 'trusted_flagger');
});
afterAll(() => t.close());

const tokenOf = (acceptUrl: string) => acceptUrl.split('/invitations/')[1]!;
const withoutInstance = ({ instance: _i, ...rest }: Record<string, unknown>) => rest;
const PASSWORD = 'ba con mèo trèo cây cau 2026';

describe('invitations', () => {
  it('are made by an admin, shown once, recorded as a person.invited event, and accepted once', async () => {
    const admin = await makePerson(t, flagger, 'admin');
    const email = `moi-${uuidv7().slice(-8)}@example.vn`;
    const created = await call(t.app, 'POST', '/api/v1/invitations', { headers: admin.headers, body: { email: email.toUpperCase(), role: 'reviewer' } });
    expect(created.status, created.body).toBe(201);
    expect(created.json).toMatchObject({ email, role: 'reviewer', accept_url: expect.stringMatching(/^https:\/\/minhbach\.example\.vn\/invitations\/mbi_[\w-]{43}$/) });
    expect(new Date(created.json.expires_at).getTime() - t.ctx.now().getTime()).toBeGreaterThan(INVITATION_TTL_MS - 60_000);
    const token = tokenOf(created.json.accept_url);

    // Stored hashed: the token is nowhere in the invitations table.
    const rows = await t.ctx.db.query<{ token_hash: Uint8Array; invited_by_person_id: string }>(`SELECT token_hash, invited_by_person_id FROM invitations WHERE id = $1`, [
      created.json.id,
    ]);
    expect(Buffer.from(rows[0]!.token_hash).toString('utf8')).not.toContain(token);
    expect(rows[0]!.invited_by_person_id).toBe(admin.personId);
    const events = await t.ctx.db.query<{ type: string; org_id: string; data: Record<string, unknown> }>(
      `SELECT type, org_id, data FROM outbox WHERE data->>'invitation_id' = $1`,
      [created.json.id],
    );
    expect(events).toEqual([
      {
        type: 'person.invited',
        org_id: flagger.actor.orgId,
        data: { invitation_id: created.json.id, org_id: flagger.actor.orgId, email, role: 'reviewer', accept_url: created.json.accept_url, expires_at: created.json.expires_at },
      },
    ]);

    // Listed without the link.
    const list = await call(t.app, 'GET', '/api/v1/invitations', { headers: admin.headers });
    expect(list.json.items).toContainEqual({ id: created.json.id, email, role: 'reviewer', created_at: expect.any(String), expires_at: created.json.expires_at });

    const preview = await call(t.app, 'GET', `/api/v1/invitations/${token}`);
    expect(preview.status, preview.body).toBe(200);
    expect(preview.json).toEqual({
      org_name: 'Trung tâm Kiểm chứng',
      org_kind: 'trusted_flagger',
      email,
      role: 'reviewer',
      expires_at: created.json.expires_at,
      expired: false,
      accepted: false,
    });

    const accepted = await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: ' Trần Thị Bình ', password: PASSWORD } });
    expect(accepted.status, accepted.body).toBe(201);
    expect(accepted.json).toMatchObject({ email, role: 'reviewer', display_name: 'Trần Thị Bình', org_id: flagger.actor.orgId });

    const again = await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: 'Kẻ khác', password: 'một mật khẩu khác hẳn 99' } });
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ reason: 'invitation_used' });
    expect((await call(t.app, 'GET', `/api/v1/invitations/${token}`)).json).toMatchObject({ accepted: true });

    const signedIn = await call(t.app, 'POST', '/api/v1/sessions', { body: { email, password: PASSWORD } });
    expect(signedIn.status, signedIn.body).toBe(201);
    expect(signedIn.json.person).toMatchObject({ role: 'reviewer' });
  });

  it('expire after 72 hours', async () => {
    const created = await call(t.app, 'POST', '/api/v1/invitations', { org: flagger, body: { email: `late-${uuidv7().slice(-8)}@example.vn`, role: 'viewer' } });
    expect(created.status, created.body).toBe(201);
    const token = tokenOf(created.json.accept_url);
    t.advance(INVITATION_TTL_MS - 60_000);
    expect((await call(t.app, 'GET', `/api/v1/invitations/${token}`)).json).toMatchObject({ expired: false });
    t.advance(60_000);
    expect((await call(t.app, 'GET', `/api/v1/invitations/${token}`)).json).toMatchObject({ expired: true });
    const res = await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: 'Muộn', password: PASSWORD } });
    expect(res.status).toBe(409);
    expect(res.json).toMatchObject({ reason: 'invitation_expired' });
  });

  it('refuse a weak password on acceptance, naming the field, and leave the link usable', async () => {
    const email = `yeu-${uuidv7().slice(-8)}@example.vn`;
    const created = await call(t.app, 'POST', '/api/v1/invitations', { org: flagger, body: { email, role: 'viewer' } });
    const token = tokenOf(created.json.accept_url);
    for (const password of ['ngắn', 'password123456', `${email.split('@')[0]}-abc!`, 'Trung tâm Kiểm chứng 1']) {
      const res = await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: 'An', password } });
      expect(res.status, password).toBe(422);
      expect(res.json.errors[0].field).toBe('password');
    }
    expect((await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: 'An', password: PASSWORD } })).status).toBe(201);
  });

  it('answer 404 for a token that is not one, and 422 for a bad e-mail or role', async () => {
    for (const token of ['nope', `mbi_${'A'.repeat(43)}`]) {
      expect((await call(t.app, 'GET', `/api/v1/invitations/${token}`)).status).toBe(404);
      expect((await call(t.app, 'POST', `/api/v1/invitations/${token}/acceptance`, { body: { display_name: 'A', password: PASSWORD } })).status).toBe(404);
    }
    const bad = await call(t.app, 'POST', '/api/v1/invitations', { org: flagger, body: { email: 'not an email', role: 'viewer' } });
    expect(bad.status).toBe(422);
    expect((await call(t.app, 'POST', '/api/v1/invitations', { org: flagger, body: { email: 'a@b.vn', role: 'owner' } })).status).toBe(422);
  });

  it("are made by the operator for an organization's first admin (`minhbach person invite`)", async () => {
    const org = await makeOrg(t.ctx, 'platform', { platform: 'tiktok' });
    const res = await call(t.app, 'POST', `/api/v1/admin/organizations/${org.actor.orgId}/invitations`, {
      headers: { authorization: `Bearer ${OPERATOR}` },
      body: { email: 'admin@tiktok.example', role: 'admin' },
    });
    expect(res.status, res.body).toBe(201);
    const accepted = await call(t.app, 'POST', `/api/v1/invitations/${tokenOf(res.json.accept_url)}/acceptance`, { body: { display_name: 'Quản trị', password: PASSWORD } });
    expect(accepted.json).toMatchObject({ role: 'admin', totp_required: true, totp_enabled: false });
    expect(
      (
        await call(t.app, 'POST', `/api/v1/admin/organizations/${uuidv7()}/invitations`, {
          headers: { authorization: `Bearer ${OPERATOR}` },
          body: { email: 'a@b.vn', role: 'admin' },
        })
      ).status,
    ).toBe(404);
  });
});

describe('people', () => {
  it("lists the organization's people to its admins and to its API keys, and nobody else's", async () => {
    const admin = await makePerson(t, flagger, 'admin');
    const outsider = await makePerson(t, other, 'viewer');
    for (const creds of [{ headers: admin.headers }, { org: flagger }]) {
      const res = await call(t.app, 'GET', '/api/v1/people', creds);
      expect(res.status, res.body).toBe(200);
      const ids = res.json.items.map((p: { id: string }) => p.id);
      expect(ids).toContain(admin.personId);
      expect(ids).not.toContain(outsider.personId);
      expect(res.json.items.every((p: { org_id: string }) => p.org_id === flagger.actor.orgId)).toBe(true);
    }
  });

  it("answers another organization's person exactly like one that does not exist", async () => {
    const admin = await makePerson(t, flagger, 'admin');
    const outsider = await makePerson(t, other, 'viewer');
    const foreign = await call(t.app, 'PATCH', `/api/v1/people/${outsider.personId}`, { headers: admin.headers, body: { role: 'admin' } });
    expect(foreign.status).toBe(404);
    for (const id of [uuidv7(), 'not-a-uuid']) {
      const missing = await call(t.app, 'PATCH', `/api/v1/people/${id}`, { headers: admin.headers, body: { role: 'admin' } });
      expect(withoutInstance(missing.json)).toEqual(withoutInstance(foreign.json));
    }
    // The key of another organization too.
    expect((await call(t.app, 'PATCH', `/api/v1/people/${admin.personId}`, { org: other, body: { role: 'viewer' } })).status).toBe(404);
  });

  it('changes roles, and never removes the last active admin', async () => {
    const org = await makeOrg(t.ctx, 'rights_holder');
    const a = await makePerson(t, org, 'admin');
    const patch = (who: { headers: Record<string, string> }, id: string, body: unknown) => call(t.app, 'PATCH', `/api/v1/people/${id}`, { headers: who.headers, body });
    const self = await patch(a, a.personId, { role: 'reviewer' });
    expect(self.status).toBe(409);
    expect(self.json).toMatchObject({ reason: 'last_admin' });
    expect((await patch(a, a.personId, { disabled: true })).status).toBe(409);

    const b = await makePerson(t, org, 'viewer');
    const promoted = await patch(a, b.personId, { role: 'admin' });
    expect(promoted.status, promoted.body).toBe(200);
    expect(promoted.json).toMatchObject({ id: b.personId, role: 'admin' });
    // The promotion counts at once: b's open session may now manage people.
    expect((await call(t.app, 'GET', '/api/v1/people', { headers: b.headers })).status).toBe(200);
    expect((await patch(a, a.personId, { role: 'viewer' })).status).toBe(200);
    expect((await patch(b, b.personId, { role: 'reviewer' })).status).toBe(409);
    expect((await patch(b, b.personId, {})).status).toBe(422);
  });

  it('disables a person: their sessions end and they can no longer sign in', async () => {
    const admin = await makePerson(t, flagger, 'admin');
    const p = await makePerson(t, flagger, 'reviewer');
    const res = await call(t.app, 'PATCH', `/api/v1/people/${p.personId}`, { headers: admin.headers, body: { disabled: true } });
    expect(res.status, res.body).toBe(200);
    expect(res.json.disabled_at).toEqual(expect.any(String));
    expect((await call(t.app, 'GET', '/api/v1/session', { headers: p.headers })).status).toBe(401);
    const signIn = await call(t.app, 'POST', '/api/v1/sessions', { body: { email: p.email, password: p.password } });
    const wrong = await call(t.app, 'POST', '/api/v1/sessions', { body: { email: p.email, password: 'wrong wrong wrong' } });
    expect(signIn.status).toBe(401);
    expect(withoutInstance(signIn.json)).toEqual(withoutInstance(wrong.json));
    expect((await call(t.app, 'PATCH', `/api/v1/people/${p.personId}`, { headers: admin.headers, body: { disabled: false } })).status).toBe(200);
    expect((await call(t.app, 'POST', '/api/v1/sessions', { body: { email: p.email, password: p.password } })).status).toBe(201);
  });

  it('refuses people management to reviewers and viewers', async () => {
    const reviewer = await makePerson(t, flagger, 'reviewer');
    expect((await call(t.app, 'PATCH', `/api/v1/people/${reviewer.personId}`, { headers: reviewer.headers, body: { role: 'admin' } })).status).toBe(403);
    expect((await call(t.app, 'GET', '/api/v1/invitations', { headers: reviewer.headers })).status).toBe(403);
  });
});
