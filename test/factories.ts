import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../src/core/ids.ts';
import type { NoticeInput } from '../src/core/notice.ts';
import type { Actor, OrgKind, PersonRole } from '../src/core/organization.ts';
import type { StatementOfReasonsInput } from '../src/core/statement-of-reasons.ts';
import { secondFactorRequired } from '../src/core/policy.ts';
import { base32Decode, totpCode } from '../src/core/totp.ts';
import { findKeyHolder } from '../src/repositories/api-key.repository.ts';
import { findAnsweringOrganization, insertApiKey } from '../src/repositories/organization.repository.ts';
import { servicesOf } from '../src/repositories/service.repository.ts';
import { insertPerson } from '../src/repositories/person.repository.ts';
import { generateApiKey, hashApiKey } from '../src/services/auth.service.ts';
import { hashPassword } from '../src/services/person.service.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { createOrganization } from '../src/services/organization.service.ts';

export interface TestOrg {
  actor: Actor;
  apiKey: string;
  headers: { authorization: string };
}

const unique = () => randomBytes(5).toString('hex');

/**
 * An organization with a fresh API key. A platform answers for one service of the registry
 * (`platform`, facebook by default) and a service has one organization, so asking twice for the
 * same service gives the same organization with a second key.
 */
export async function makeOrg(ctx: ServiceContext, kind: OrgKind, overrides: { name?: string; platform?: string } = {}): Promise<TestOrg> {
  const service = kind === 'platform' ? (overrides.platform ?? 'facebook') : undefined;
  const name = overrides.name ?? `${kind} ${unique()}`;
  if (service) {
    const existing = await findAnsweringOrganization(ctx.db, service);
    if (existing) {
      const key = generateApiKey();
      const keyId = uuidv7();
      await insertApiKey(ctx.db, { id: keyId, organization_id: existing.id, key_hash: key.hash, prefix: key.prefix, created_at: ctx.now() });
      const services = await servicesOf(ctx.db, existing.id);
      return org({ orgId: existing.id, kind, name: existing.name, services, personId: null, keyId, role: null }, key.key);
    }
  }
  const created = await createOrganization(ctx, { kind, name, ...(service ? { services: [service] } : {}) });
  const keyId = (await findKeyHolder(ctx.db, hashApiKey(created.api_key)))!.key_id;
  return org({ orgId: created.org_id, kind, name, services: created.services, personId: null, keyId, role: null }, created.api_key);
}

function org(actor: Actor, apiKey: string): TestOrg {
  return { actor, apiKey, headers: { authorization: `Bearer ${apiKey}` } };
}

export interface TestPerson {
  personId: string;
  email: string;
  password: string;
  actor: Actor;
  /** The session cookie's value and its CSRF token, as the sign-in answer gave them. */
  sessionToken: string;
  csrfToken: string;
  /** Cookie and CSRF header together: pass as `call(..., { headers: person.headers })`. */
  headers: { cookie: string; 'x-csrf-token': string };
  /** The TOTP secret when the person enrolled a second factor. */
  totpSecret: Buffer | null;
}

/**
 * A person of `org` with a role, signed in through POST /api/v1/sessions. An admin of an authority
 * or a platform must have a second factor: it is enrolled (through the API, on this session)
 * unless `totp: false`, so the session can do what the role allows. Passwords are hashed for
 * real (argon2id, tens of milliseconds).
 */
export async function makePerson(
  t: { app: FastifyInstance; ctx: ServiceContext },
  org: TestOrg,
  role: PersonRole,
  options: { email?: string; password?: string; displayName?: string; totp?: boolean } = {},
): Promise<TestPerson> {
  const email = options.email ?? `person-${unique()}@example.vn`;
  const password = options.password ?? `ngựa ô ${unique()} cầu Long Biên`;
  const personId = uuidv7();
  const inserted = await insertPerson(t.ctx.db, {
    id: personId,
    organization_id: org.actor.orgId,
    email,
    display_name: options.displayName ?? `Người ${unique()}`,
    role,
    password_hash: await hashPassword(password),
    created_at: t.ctx.now(),
  });
  if (!inserted) throw new Error(`makePerson: ${email} exists`);
  const signIn = await call(t.app, 'POST', '/api/v1/sessions', { body: { email, password } });
  if (signIn.status !== 201) throw new Error(`makePerson: sign-in answered ${signIn.status} ${signIn.body}`);
  const sessionToken = /__Host-minhbach_session=([^;]+)/.exec(String(signIn.headers['set-cookie']))![1]!;
  const csrfToken: string = signIn.json.csrf_token;
  const headers = { cookie: `__Host-minhbach_session=${sessionToken}`, 'x-csrf-token': csrfToken };
  let totpSecret: Buffer | null = null;
  if (options.totp ?? secondFactorRequired(org.actor.kind, role)) {
    const started = await call(t.app, 'POST', '/api/v1/session/totp', { headers });
    if (started.status !== 200) throw new Error(`makePerson: TOTP enrolment answered ${started.status} ${started.body}`);
    totpSecret = base32Decode(started.json.secret);
    const confirmed = await call(t.app, 'POST', '/api/v1/session/totp/confirmation', { headers, body: { code: totpCode(totpSecret, t.ctx.now()) } });
    if (confirmed.status !== 200) throw new Error(`makePerson: TOTP confirmation answered ${confirmed.status} ${confirmed.body}`);
  }
  return { personId, email, password, actor: { ...org.actor, personId, keyId: null, role }, sessionToken, csrfToken, headers, totpSecret };
}

/** A URL of content nobody has reported yet. */
export function freshUrl(platform: 'facebook' | 'youtube' | 'tiktok' | 'web' = 'facebook'): string {
  const id = String(BigInt(`0x${randomBytes(6).toString('hex')}`));
  switch (platform) {
    case 'facebook':
      return `https://www.facebook.com/page.${unique()}/posts/${id}`;
    case 'youtube':
      return `https://www.youtube.com/watch?v=${randomBytes(8).toString('base64url').slice(0, 11)}`;
    case 'tiktok':
      return `https://www.tiktok.com/@user${unique()}/video/${id}`;
    case 'web':
      return `https://tin-${unique()}.vn/bai-viet/${id}.html`;
  }
}

export function noticeInput(overrides: Partial<NoticeInput> = {}): NoticeInput {
  return {
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    category_specification: ['KEYWORD_PHISHING'],
    items: [{ url: freshUrl(), text: 'Nhận quà miễn phí, đăng nhập tại đây' }],
    explanation: `Trang giả mạo để đánh cắp tài khoản (${unique()})`,
    legal_basis: { instrument: 'Nghị định 147/2024/NĐ-CP', provision: 'Điều 24' },
    content_language: 'vi',
    urgency: 'normal',
    ...overrides,
  };
}

export function sorInput(overrides: Partial<StatementOfReasonsInput> & Record<string, unknown> = {}): Record<string, unknown> {
  return {
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'],
    decision_ground: 'DECISION_GROUND_ILLEGAL_CONTENT',
    illegal_content_legal_ground: 'Nghị định 147/2024/NĐ-CP, Điều 24',
    illegal_content_explanation: 'Phishing page impersonating a bank',
    content_type: ['CONTENT_TYPE_TEXT'],
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    content_date: '2026-11-01',
    application_date: '2026-11-02',
    decision_facts: 'The post links to a page that collects login credentials.',
    automated_detection: 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: `puid-${unique()}`,
    ...overrides,
  };
}

/** JSON request through the whole HTTP stack, without a socket. */
export async function call(
  app: FastifyInstance,
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
  url: string,
  options: { org?: TestOrg; body?: unknown; headers?: Record<string, string> } = {},
) {
  const res = await app.inject({
    method,
    url,
    headers: { ...(options.org ? options.org.headers : {}), ...(options.headers ?? {}) },
    ...(options.body !== undefined ? { payload: options.body as object } : {}),
  });
  let json: any = null;
  try {
    json = res.json();
  } catch {
    /* not JSON */
  }
  return { status: res.statusCode, json, headers: res.headers, body: res.body };
}
