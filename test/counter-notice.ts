import type { FastifyInstance } from 'fastify';
import { expect } from 'vitest';
import type { ServiceContext } from '../src/services/context.ts';
import { call, freshUrl, noticeInput, sorInput, type TestOrg } from './factories.ts';

export const COPYRIGHT = 'STATEMENT_CATEGORY_INTELLECTUAL_PROPERTY_INFRINGEMENTS';

/** A rights holder's notice, as a copyright complaint reads. */
export function copyrightNotice(url = freshUrl()) {
  return noticeInput({
    category: COPYRIGHT,
    category_specification: ['KEYWORD_COPYRIGHT_INFRINGEMENT'],
    items: [{ url }],
    explanation: 'Video đăng lại toàn bộ bộ phim chúng tôi giữ bản quyền',
    legal_basis: { instrument: 'Luật Sở hữu trí tuệ', provision: 'Điều 198b' },
  });
}

/**
 * Content reported by each of `submitters` (the first's notice opens the case), decided by the
 * platform (`outcome`), with the statement link the platform passes on to the uploader.
 */
export async function decidedCase(
  t: { app: FastifyInstance; ctx: ServiceContext },
  platform: TestOrg,
  submitters: readonly TestOrg[],
  options: { outcome?: 'restriction' | 'no_action'; notice?: (url: string) => unknown } = {},
): Promise<{ caseId: string; decisionId: string; decisionRecordId: string; token: string }> {
  const url = freshUrl();
  let caseId = '';
  for (const org of submitters) {
    const res = await call(t.app, 'POST', '/api/v1/notices', { org, body: options.notice ? options.notice(url) : copyrightNotice(url) });
    expect(res.status, res.body).toBe(201);
    caseId = res.json.cases[0].id;
  }
  const decided =
    options.outcome === 'no_action'
      ? await call(t.app, 'POST', `/api/v1/cases/${caseId}/no-action`, {
          org: platform,
          body: { decision_facts: 'Nội dung là trích dẫn được phép, không vi phạm quyền tác giả.' },
        })
      : await call(t.app, 'POST', `/api/v1/cases/${caseId}/decisions`, {
          org: platform,
          body: sorInput({ category: COPYRIGHT, illegal_content_legal_ground: 'Luật Sở hữu trí tuệ, Điều 198b', illegal_content_explanation: 'Đăng lại phim có bản quyền' }),
        });
  expect(decided.status, decided.body).toBe(201);
  // The affected user's link, whose token is in the decision's answer only (statement-link.service.ts).
  return { caseId, decisionId: decided.json.id, decisionRecordId: decided.json.public_record_id, token: decided.json.affected_user_statement.token };
}

export const UPLOADER = {
  statement: 'Tôi là tác giả của video này; đây là bản quay của chính tôi, không phải phim của chủ sở hữu quyền (CN-STATEMENT-7f3a).',
  contact_name: 'Trần Thị Uploader Bí Mật',
  contact_email: 'uploader.bi.mat.7f3a@example.vn',
  consent_to_forward_contact: true,
};
