import { randomBytes } from 'node:crypto';
import { AppError, type FieldError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { draftNotice, type NoticeDraft } from '../core/notice.ts';
import type { Actor } from '../core/organization.ts';
import { checkProofOfWork, issueChallenge } from '../core/proof-of-work-seal.ts';
import { draftPublicReport, PUBLIC_REPORTS_ORG_ID, reportFieldErrors, trackingCodeHash, withScheme, type PublicReportInput } from '../core/public-report.ts';
import { reportItemStatus, type ReportItemStatus } from '../core/public-report-status.ts';
import { normalizeTrackingCode, TRACKING_CODE_BYTES, trackingCodeFromBytes } from '../core/tracking-code.ts';
import { canonicalizeUrl, type CanonicalUrl } from '../core/url-canonical.ts';
import type { DecisionOutcome } from '../core/case-state.ts';
import type { Db } from '../db/db.ts';
import { findOrganization } from '../repositories/organization.repository.ts';
import { ensureReportSecret, findKnownContent, findPublicReportByCode, findReportCases, insertPublicReport, spendChallenge } from '../repositories/public-report.repository.ts';
import type { ServiceContext } from './context.ts';
import { intakeInTransaction } from './intake.service.ts';
import { serviceDirectory } from './service-registry.service.ts';
import { slaRules } from './sla-policy.service.ts';

/**
 * The public report form's use cases (issue 13): a proof-of-work challenge, the report itself
 * (a notice of the deployment's public reporter, src/core/public-report.ts), "is this content
 * already known?", and the status a tracking code opens. No caller is authenticated: what each
 * answers is only what the public may know.
 */

export interface PublicReportSettings {
  /** Leading zero bits asked of each challenge (proof-of-work.ts). */
  powBits: number;
}

/** The signing secret, read (or made) once per database per process. */
const secrets = new WeakMap<Db, Promise<Buffer>>();

function reportSecret(db: Db): Promise<Buffer> {
  let secret = secrets.get(db);
  if (!secret) {
    secret = ensureReportSecret(db, randomBytes(32));
    // A failed read (the database restarting) is asked again next time, not remembered.
    secret.catch(() => secrets.delete(db));
    secrets.set(db, secret);
  }
  return secret;
}

/** The deployment's public reporter; the operator closes the form by disabling it. */
async function publicReporter(ctx: ServiceContext): Promise<Actor> {
  const org = await findOrganization(ctx.db, PUBLIC_REPORTS_ORG_ID);
  if (!org || org.disabled_at) {
    throw new AppError('unavailable', 'Hiện không nhận phản ánh qua trang này (public reports are closed on this deployment)');
  }
  return { orgId: org.id, kind: 'public_reporter', name: org.name, services: [], personId: null, keyId: null, role: null };
}

export async function issueReportChallenge(ctx: ServiceContext, settings: PublicReportSettings): Promise<{ challenge: string; difficulty: number; expires_at: string }> {
  await publicReporter(ctx);
  const issued = issueChallenge(await reportSecret(ctx.db), settings.powBits, ctx.now(), randomBytes(16));
  return { challenge: issued.challenge, difficulty: issued.bits, expires_at: issued.expires_at.toISOString() };
}

export interface SubmittedReport {
  tracking_code: string;
  received_at: string;
}

/**
 * A report: every field is checked and every problem named at once (the form's fields, the URLs by
 * the notice rules, the proof of work); then, in one transaction, the challenge is spent (a replay
 * is refused), the notice joins its cases and the report is stored with its code's hash. The same
 * report sent again (same URLs, choice and description) is the same notice, and gets a code of its
 * own for it. The tracking code is in this answer and nowhere else.
 */
export async function submitPublicReport(ctx: ServiceContext, input: PublicReportInput & { challenge: string; solution: string }): Promise<SubmittedReport> {
  const actor = await publicReporter(ctx);
  const now = ctx.now();
  const errors: FieldError[] = [];
  const report = draftPublicReport(input);
  let notice: NoticeDraft | null = null;
  if (!report.ok) errors.push(...report.errors);
  else {
    const drafted = draftNotice(report.draft.notice, 'public_reporter', now, await slaRules(ctx), await serviceDirectory(ctx));
    if (drafted.ok) notice = drafted.draft;
    else errors.push(...reportFieldErrors(drafted.errors));
  }
  const pow = checkProofOfWork(await reportSecret(ctx.db), input.challenge, input.solution, now);
  if (!pow.ok) errors.push(pow.error);
  if (!report.ok || notice === null || !pow.ok) throw AppError.validation(errors);

  const code = trackingCodeFromBytes(randomBytes(TRACKING_CODE_BYTES));
  const draft = report.draft;
  const spent = notice;
  await ctx.db.transaction(async (tx) => {
    if (!(await spendChallenge(tx, pow.nonce, pow.expires_at, now))) {
      throw AppError.validation([{ field: 'challenge', message: 'Mã kiểm tra đã được dùng, hãy gửi lại (was used already: ask for a new one)' }]);
    }
    const outcome = await intakeInTransaction(tx, actor, spent);
    await insertPublicReport(tx, {
      id: uuidv7(now.getTime()),
      notice_id: outcome.status === 'accepted' ? outcome.notice.id : outcome.existing_id,
      code_hash: trackingCodeHash(code)!,
      choice: draft.choice,
      contact_email: draft.contact_email,
      evidence: draft.evidence,
      created_at: now,
    });
  });
  return { tracking_code: code, received_at: now.toISOString() };
}

export interface PublicReportStatus {
  tracking_code: string;
  received_at: string;
  choice: string;
  items: ReportItemStatus[];
}

/** What a tracking code opens (public-report-status.ts); an unknown or malformed code is not found. */
export async function publicReportStatus(ctx: ServiceContext, code: string): Promise<PublicReportStatus> {
  const hash = trackingCodeHash(code);
  const report = hash ? await findPublicReportByCode(ctx.db, hash) : null;
  if (!report) throw new AppError('not_found', 'Không tìm thấy mã tra cứu này (no report has this tracking code)');
  const now = ctx.now();
  const cases = await findReportCases(ctx.db, report.notice_id);
  return {
    tracking_code: normalizeTrackingCode(code)!,
    received_at: report.created_at.toISOString(),
    choice: report.choice,
    items: cases.map((c) => reportItemStatus(c, report.created_at, now)),
  };
}

export interface PublicMatch {
  known: boolean;
  platform: string;
  published_decision: { outcome: DecisionOutcome; decided_at: string; public_record_id: string; public_record_type: string } | null;
}

/**
 * "Is this content already known?", before a member of the public reports it. The answer is only
 * what anyone may know: whether a case holds this URL and, when the platform has decided, the
 * decision's public record. Never who reported it, nor anything of their notices or the case.
 */
export async function checkPublicMatch(ctx: ServiceContext, url: string): Promise<PublicMatch> {
  let canonical: CanonicalUrl;
  try {
    canonical = canonicalizeUrl(withScheme(url), await serviceDirectory(ctx));
  } catch (e) {
    if (!(e instanceof AppError)) throw e;
    throw AppError.validation([{ field: 'url', message: `Đường link chưa đúng (${e.fields[0]?.message ?? e.message})` }]);
  }
  const known = await findKnownContent(ctx.db, canonical.content_key);
  return {
    known: known !== null,
    platform: canonical.platform,
    published_decision:
      known?.public_record_id && known.last_outcome && known.decided_at
        ? { outcome: known.last_outcome, decided_at: known.decided_at.toISOString(), public_record_id: known.public_record_id, public_record_type: known.public_record_type! }
        : null,
  };
}
