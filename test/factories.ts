import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { uuidv7 } from '../src/core/ids.ts';
import type { NoticeInput } from '../src/core/notice.ts';
import type { Actor, OrgKind, Platform } from '../src/core/organization.ts';
import type { StatementOfReasonsInput } from '../src/core/statement-of-reasons.ts';
import { findPlatformOrganization, insertApiKey } from '../src/repositories/organization.repository.ts';
import { generateApiKey } from '../src/services/auth.service.ts';
import type { ServiceContext } from '../src/services/context.ts';
import { createOrganization } from '../src/services/organization.service.ts';

export interface TestOrg {
  actor: Actor;
  apiKey: string;
  headers: { authorization: string };
}

const unique = () => randomBytes(5).toString('hex');

/**
 * An organization with a fresh API key. A platform has one organization per platform, so asking
 * twice for the same platform gives the same organization with a second key.
 */
export async function makeOrg(ctx: ServiceContext, kind: OrgKind, overrides: { name?: string; platform?: Platform } = {}): Promise<TestOrg> {
  const platform = kind === 'platform' ? (overrides.platform ?? 'facebook') : undefined;
  const name = overrides.name ?? `${kind} ${unique()}`;
  if (platform) {
    const existing = await findPlatformOrganization(ctx.db, platform);
    if (existing) {
      const key = generateApiKey();
      await insertApiKey(ctx.db, { id: uuidv7(), organization_id: existing.id, key_hash: key.hash, prefix: key.prefix, created_at: ctx.now() });
      return org({ orgId: existing.id, kind, name: existing.name, platform }, key.key);
    }
  }
  const created = await createOrganization(ctx, { kind, name, platform });
  return org({ orgId: created.org_id, kind, name, platform: platform ?? null }, created.api_key);
}

function org(actor: Actor, apiKey: string): TestOrg {
  return { actor, apiKey, headers: { authorization: `Bearer ${apiKey}` } };
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
export async function call(app: FastifyInstance, method: 'GET' | 'POST', url: string, options: { org?: TestOrg; body?: unknown; headers?: Record<string, string> } = {}) {
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
