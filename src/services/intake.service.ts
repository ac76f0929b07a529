import { ANSWERED_STATUSES, type CaseStatus, type DecisionOutcome } from '../core/case-state.ts';
import { AppError, type FieldError } from '../core/errors.ts';
import { uuidv7 } from '../core/ids.ts';
import { draftNotice, type NoticeDraft, type NoticeInput } from '../core/notice.ts';
import { isSubmitterKind, type Actor } from '../core/organization.ts';
import { presealPublicRecord } from '../core/public-record-document.ts';
import { publicRecordsForNotice } from '../core/public-record.ts';
import type { Db } from '../db/db.ts';
import type { ImageStore } from '../images/image-store.ts';
import { findIdempotentResponse } from '../repositories/idempotency.repository.ts';
import { writeIntake, type CaseCandidate } from '../repositories/intake.repository.ts';
import { findNoticeIdsByFingerprint } from '../repositories/notice.repository.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import type { ServiceContext } from './context.ts';
import { groupCommit } from './group-commit.ts';
import { attachNoticeImages, recordNoticeImages } from './image-intake.service.ts';
import { onceWithKey, type Idempotency, type Outcome } from './idempotency.service.ts';
import { serviceDirectory } from './service-registry.service.ts';
import { slaRules } from './sla-policy.service.ts';

export interface JoinedCase {
  id: string;
  content_key: string;
  platform: string;
  canonical_url: string;
  created: boolean;
  platform_onboarded: boolean;
  /** The case's status once the notice joined it. */
  status: CaseStatus;
  /** True when the notice reopened a case the platform had answered without restricting anything. */
  reopened: boolean;
  /** The decision that already answers the notice: the case was decided and stays so. */
  existing_decision?: { id: string; outcome: DecisionOutcome; decided_at: string };
}

export interface AcceptedNotice {
  id: string;
  received_at: string;
  due_at: string;
  cases: JoinedCase[];
}

export type BatchItemResult =
  | { index: number; status: 'accepted'; notice: AcceptedNotice }
  | { index: number; status: 'repeat'; existing_id: string }
  | { index: number; status: 'rejected'; errors: FieldError[] };

/** A batch item as the edge parsed it: a notice, or the reasons its shape was wrong. */
export type ParsedItem = { ok: true; input: NoticeInput } | { ok: false; errors: FieldError[] };

export const MAX_BATCH = 100;

function requireSubmitter(actor: Actor) {
  if (!isSubmitterKind(actor.kind)) throw new AppError('forbidden', 'Platform organizations answer notices; they do not submit them');
  return actor.kind;
}

/**
 * POST /notices: one notice; a repeat of an earlier notice is a conflict naming the original.
 * Its images (if any) are decoded, hashed and put in `images` before anything is written
 * (image-intake.service.ts); without a store a notice with images is refused.
 */
export async function submitNotice(ctx: ServiceContext, actor: Actor, input: NoticeInput, idem?: Idempotency, images: ImageStore | null = null): Promise<Outcome<AcceptedNotice>> {
  const kind = requireSubmitter(actor);
  const drafted = draftNotice(input, kind, ctx.now(), await slaRules(ctx), await serviceDirectory(ctx));
  if (!drafted.ok) throw AppError.validation(drafted.errors);
  // A retry with an Idempotency-Key already answered gets the stored answer (onceWithKey) and its
  // work never runs: its images need not be decoded, hashed and stored again. Answers are kept for good.
  const answered = idem !== undefined && input.items.some((i) => i.images?.length) && (await findIdempotentResponse(ctx.db, actor.orgId, idem.key)) !== null;
  const draft = answered ? drafted.draft : await attachNoticeImages(drafted.draft, input, images);
  return onceWithKey(ctx.db, actor.orgId, idem, async (tx) => {
    // Never store a notice without the images it was sent with.
    if (answered) throw new AppError('conflict', 'The stored answer to this Idempotency-Key could not be read; retry');
    const [result] = await intakeOnce(tx, actor, [draft], idem !== undefined);
    if (result!.status === 'repeat') {
      throw new AppError('duplicate', 'You already submitted this notice', { extra: { existing_id: result!.existing_id } });
    }
    return { status: 201, body: result!.notice };
  });
}

/** POST /notices/batch: each item stands alone; one bad item never sinks the others. */
export async function submitNoticeBatch(
  ctx: ServiceContext,
  actor: Actor,
  items: readonly ParsedItem[],
  idem?: Idempotency,
): Promise<Outcome<{ accepted: number; repeats: number; rejected: number; results: BatchItemResult[] }>> {
  const kind = requireSubmitter(actor);
  if (items.length === 0 || items.length > MAX_BATCH) {
    throw AppError.validation([{ field: 'notices', message: `must hold 1 to ${MAX_BATCH} notices, got ${items.length}` }]);
  }
  const now = ctx.now();
  const sla = await slaRules(ctx);
  const services = await serviceDirectory(ctx);
  const results: BatchItemResult[] = new Array(items.length);
  const drafts: NoticeDraft[] = [];
  const draftIndex: number[] = [];
  items.forEach((item, index) => {
    // Images come one notice at a time (POST /notices): a batch's body could not hold many, and
    // one slow image would hold up a hundred notices. Refused, never silently dropped.
    const imageAt = item.ok ? item.input.items.findIndex((i) => (i.images?.length ?? 0) > 0) : -1;
    if (imageAt >= 0) {
      results[index] = { index, status: 'rejected', errors: [{ field: `items[${imageAt}].images`, message: 'are accepted one notice at a time, by POST /api/v1/notices' }] };
      return;
    }
    const drafted = item.ok ? draftNotice(item.input, kind, now, sla, services) : { ok: false as const, errors: item.errors };
    if (drafted.ok) {
      drafts.push(drafted.draft);
      draftIndex.push(index);
    } else {
      results[index] = { index, status: 'rejected', errors: drafted.errors };
    }
  });
  return onceWithKey(ctx.db, actor.orgId, idem, async (tx) => {
    const outcomes = await intakeOnce(tx, actor, drafts, idem !== undefined);
    outcomes.forEach((o, i) => {
      const index = draftIndex[i]!;
      results[index] = o.status === 'accepted' ? { index, status: 'accepted', notice: o.notice } : { index, status: 'repeat', existing_id: o.existing_id };
    });
    const count = (s: BatchItemResult['status']) => results.filter((r) => r.status === s).length;
    return { status: 200, body: { accepted: count('accepted'), repeats: count('repeat'), rejected: count('rejected'), results } };
  });
}

type IntakeOutcome = { status: 'accepted'; notice: AcceptedNotice } | { status: 'repeat'; existing_id: string };

/**
 * One drafted notice, written inside the caller's transaction: a public report stores its
 * tracking code and spends its challenge with its notice, all or nothing (public-report.service.ts).
 */
export async function intakeInTransaction(tx: Db, actor: Actor, draft: NoticeDraft): Promise<IntakeOutcome> {
  const [outcomes] = await intake(tx, [{ actor, drafts: [draft] }]);
  return outcomes![0]!;
}

interface IntakeRequest {
  actor: Actor;
  drafts: readonly NoticeDraft[];
}

/**
 * Without an Idempotency-Key, concurrent submissions share statements (see group-commit.ts): at
 * 500 single notices a second, that is the difference between 500 commits and a few dozen.
 * Keyed per database, because tests run several.
 */
const writers = new WeakMap<Db, (r: IntakeRequest) => Promise<IntakeOutcome[]>>();

function sharedIntake(db: Db): (r: IntakeRequest) => Promise<IntakeOutcome[]> {
  let writer = writers.get(db);
  if (!writer) {
    writer = groupCommit((requests: IntakeRequest[]) => intake(db, requests), {
      // PGlite has one connection; on PostgreSQL a few statements overlap with their commits.
      maxInFlight: db.driver === 'pglite' ? 1 : 4,
      maxGroup: 1000,
      sizeOf: (r) => r.drafts.length,
    });
    writers.set(db, writer);
  }
  return writer;
}

function intakeOnce(db: Db, actor: Actor, drafts: readonly NoticeDraft[], inTransaction: boolean): Promise<IntakeOutcome[]> {
  if (drafts.length === 0) return Promise.resolve([]);
  // Inside an idempotent transaction the write must be part of that transaction.
  return inTransaction ? intake(db, [{ actor, drafts }]).then((r) => r[0]!) : sharedIntake(db)({ actor, drafts });
}

/**
 * Stores valid notices and joins each item to its case in one statement, whatever the number of
 * notices and submitters: this is the hot path of every submission.
 */
async function intake(db: Db, requests: readonly IntakeRequest[]): Promise<IntakeOutcome[][]> {
  // The same notice twice from one submitter: the second is a repeat of the first.
  const firstByFingerprint = new Map<string, NoticeDraft>();
  const key = (orgId: string, d: NoticeDraft) => `${orgId} ${d.fingerprint}`;
  const unique: { orgId: string; draft: NoticeDraft; personId: string | null; keyId: string | null }[] = [];
  const candidates = new Map<string, CaseCandidate>();
  const records: ReturnType<typeof publicRecordsForNotice> = [];
  for (const { actor, drafts } of requests) {
    for (const d of drafts) {
      if (firstByFingerprint.has(key(actor.orgId, d))) continue;
      firstByFingerprint.set(key(actor.orgId, d), d);
      unique.push({ orgId: actor.orgId, draft: d, personId: actor.personId, keyId: actor.keyId });
      records.push(...publicRecordsForNotice(d, { kind: actor.kind, name: actor.name }));
      for (const item of d.items) {
        if (!candidates.has(item.content_key)) {
          candidates.set(item.content_key, {
            id: uuidv7(d.received_at.getTime()),
            content_key: item.content_key,
            platform: item.platform,
            canonical_url: item.canonical_url,
            category: d.category,
            at: d.received_at,
            event_id: uuidv7(d.received_at.getTime()),
          });
        }
      }
    }
  }
  // Each record is sealed (digested for the log) here, not by the log's single writer; all but
  // its items, whose case ids come from the statement below, before that statement takes locks.
  const sealing = records.map(({ items, ...r }) => ({ items, source: r.source_id, seal: presealPublicRecord(r, 'items') }));
  const { inserted, cases, onboarded } = await db.transaction(async (tx) => {
    const written = await writeIntake(tx, { notices: unique, cases: [...candidates.values()] });
    const caseOf = new Map(written.cases.map((c) => [c.content_key, c.id]));
    const published = sealing.filter((r) => written.inserted.has(r.source)).map((r) => r.seal(r.items.map((i) => ({ url: i.url, case_id: caseOf.get(i.content_key)! }))));
    await insertPublicRecords(tx, published);
    // Only notices with images cost anything here; most notices have none.
    const withImages = unique.filter((u) => written.inserted.has(u.draft.id) && u.draft.items.some((i) => i.images?.length)).map((u) => u.draft);
    if (withImages.length > 0) await recordNoticeImages(tx, withImages);
    return written;
  });
  const earlier = new Map<string, string>();
  const repeatsByOrg = new Map<string, string[]>();
  for (const u of unique) if (!inserted.has(u.draft.id)) repeatsByOrg.set(u.orgId, [...(repeatsByOrg.get(u.orgId) ?? []), u.draft.fingerprint]);
  for (const [orgId, fingerprints] of repeatsByOrg) {
    for (const [fp, id] of await findNoticeIdsByFingerprint(db, orgId, fingerprints)) earlier.set(`${orgId} ${fp}`, id);
  }
  const caseByKey = new Map(cases.map((c) => [c.content_key, c]));

  // Only the first notice to reach a new case reports it as created.
  const claimed = new Set<string>();
  return requests.map(({ actor, drafts }) =>
    drafts.map((d): IntakeOutcome => {
      if (!inserted.has(d.id)) {
        const first = firstByFingerprint.get(key(actor.orgId, d))!;
        const existing = inserted.has(first.id) ? first.id : earlier.get(key(actor.orgId, d));
        return { status: 'repeat', existing_id: existing! };
      }
      return {
        status: 'accepted',
        notice: {
          id: d.id,
          received_at: d.received_at.toISOString(),
          due_at: d.due_at.toISOString(),
          cases: d.items.map((i) => {
            const c = caseByKey.get(i.content_key)!;
            const created = c.created && !claimed.has(c.id);
            claimed.add(c.id);
            // A case that stays decided answers the notice with its decision: the submitter learns it now.
            const answered = c.last_decision && ANSWERED_STATUSES.includes(c.status) ? c.last_decision : null;
            return {
              id: c.id,
              content_key: c.content_key,
              platform: i.platform,
              canonical_url: i.canonical_url,
              created,
              platform_onboarded: onboarded.has(i.platform),
              status: c.status,
              reopened: c.reopened_from !== null,
              ...(answered ? { existing_decision: { id: answered.id, outcome: answered.outcome, decided_at: answered.decided_at.toISOString() } } : {}),
            };
          }),
        },
      };
    }),
  );
}
