import type { MailConfig } from '../config.ts';
import { NAMED_SUBMITTERS, renderEmail, type CaseFacts, type EmailPayload, type EmailPurpose } from '../core/email/templates.ts';
import type { OrgKind, PersonRole } from '../core/organization.ts';
import type { Db } from '../db/db.ts';
import {
  caseCanonicalUrl,
  caseRequesters,
  contactsOf,
  decisionSummary,
  firstSubmitter,
  noticeOnCase,
  organizationName,
  serviceRecipient,
} from '../repositories/contact.repository.ts';
import { currentCanonical } from '../core/url-canonical.ts';
import type { Job, JobHandler, JobSpec, OutboxEvent } from './job-handler.ts';
import { createMailer, type Mailer } from './mailer.ts';
import { planCounterNoticeEmails } from './counter-notice-email.ts';
import { planNoticeAnsweredEmails } from './notice-outcome.service.ts';

export const EMAIL_JOB_KIND = 'email';

/** A job's payload: one message to one address. */
export interface EmailJobPayload extends Record<string, unknown> {
  to: string;
  email: EmailPayload;
}

/** The Message-ID of every attempt of a job: a receiver that got it once can drop a resend. */
export function messageIdOf(jobId: string): string {
  return `<${jobId}@minhbach>`;
}

const str = (v: unknown): string | null => (typeof v === 'string' && v !== '' ? v : null);

function caseFacts(e: OutboxEvent): CaseFacts | null {
  const d = e.data;
  const caseId = str(d.case_id) ?? e.case_id;
  const platform = str(d.platform);
  if (!caseId || !platform) return null;
  return {
    case_id: caseId,
    platform,
    category: str(d.category) ?? 'STATEMENT_CATEGORY_NOT_SPECIFIED_NOTICE',
    due_at: str(d.due_at) ?? str(d.case_due_at),
    authority_request: d.authority_request === true,
  };
}

function jobs(recipients: readonly { email: string }[], email: EmailPayload): JobSpec[] {
  const seen = new Set<string>();
  const out: JobSpec[] = [];
  for (const r of recipients) {
    const key = r.email.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    out.push({ order_key: null, payload: { to: r.email, email } satisfies EmailJobPayload });
  }
  return out;
}

async function platformContacts(tx: Db, platform: string, purpose: EmailPurpose) {
  const org = (await serviceRecipient(tx, platform))?.org_id;
  return org ? contactsOf(tx, [org], purpose) : [];
}

/**
 * A new request, to whoever answers for the service: its organization's `requests` contacts, or,
 * while no organization does, the registry's contact address for it (`registry_request`, with the
 * canonical URL, since that receiver has no account), so it is not left unseen in the unassigned
 * queue.
 */
async function requestEmails(tx: Db, template: 'case_created' | 'authority_request', facts: CaseFacts, submitter: { kind: OrgKind; name: string }): Promise<JobSpec[]> {
  const to = await serviceRecipient(tx, facts.platform);
  if (to?.org_id) return jobs(await contactsOf(tx, [to.org_id], 'requests'), { template, submitter: submitterFor(submitter), ...facts });
  const stored = to?.contact_email ? await caseCanonicalUrl(tx, facts.case_id) : null;
  if (!to?.contact_email || !stored) return [];
  // The canonical URL as shown to other organizations: never a submitter's tokens.
  const canonical = currentCanonical({ canonical_url: stored, content_key: '' }).canonical_url;
  return jobs([{ email: to.contact_email }], { template: 'registry_request', submitter: submitterFor(submitter), canonical_url: canonical, ...facts });
}

/** A submitter as a platform may be told of it: named only when it is an organization acting as such. */
function submitterFor(s: { kind: OrgKind; name: string }): { kind: OrgKind; name: string | null } {
  return { kind: s.kind, name: NAMED_SUBMITTERS.includes(s.kind) ? s.name : null };
}

/** Who gets which e-mail for an event (in the dispatch transaction): one job per recipient. */
export async function planEmails(tx: Db, e: OutboxEvent): Promise<JobSpec[]> {
  switch (e.type) {
    case 'case.created': {
      const facts = caseFacts(e);
      if (!facts) return [];
      const first = await firstSubmitter(tx, facts.case_id);
      if (!first) return [];
      return requestEmails(tx, 'case_created', facts, first);
    }
    case 'notice.received': {
      // A new case is announced by case.created; an authority's request joining a case already
      // open is announced here, since its shorter deadline may now apply.
      const facts = caseFacts(e);
      const noticeId = str(e.data.notice_id);
      if (!facts || !noticeId || e.data.submitter_kind !== 'authority') return [];
      const n = await noticeOnCase(tx, noticeId, facts.case_id);
      if (!n || n.first) return [];
      return requestEmails(tx, 'authority_request', { ...facts, authority_request: true }, n);
    }
    case 'decision.created': {
      const decisionId = str(e.data.decision_id);
      const d = decisionId ? await decisionSummary(tx, decisionId) : null;
      if (!d) return [];
      const to = await contactsOf(tx, await caseRequesters(tx, d.case_id), 'decisions');
      return jobs(to, { template: 'decision', case_id: d.case_id, platform: d.platform, outcome: d.outcome, visibility: d.visibility, decided_at: d.created_at.toISOString() });
    }
    case 'case.due_soon':
    case 'case.overdue': {
      const facts = caseFacts(e);
      if (!facts) return [];
      const template = e.type === 'case.due_soon' ? 'due_soon' : 'overdue';
      const platform = await platformContacts(tx, facts.platform, 'escalation');
      const requesters = await contactsOf(tx, await caseRequesters(tx, facts.case_id), 'escalation');
      const toPlatform = jobs(platform, { template, audience: 'platform', ...facts });
      const platformAddresses = new Set(platform.map((c) => c.email.toLowerCase()));
      return [
        ...toPlatform,
        ...jobs(
          requesters.filter((c) => !platformAddresses.has(c.email.toLowerCase())),
          { template, audience: 'requester', ...facts },
        ),
      ];
    }
    case 'notice.answered': {
      // A public report's answer, to the address its reporter left (notice-outcome.service.ts).
      const planned = await planNoticeAnsweredEmails(tx, e);
      return planned ? jobs(planned.to, planned.email) : [];
    }
    case 'counter_notice.received':
    case 'counter_notice.court_action':
    case 'counter_notice.restoration_due': {
      // To the case's rights holders, with the uploader's contact / to the platform and the uploader (counter-notice-email.ts).
      const planned = await planCounterNoticeEmails(tx, e, (platform) => platformContacts(tx, platform, 'requests'));
      return planned.flatMap((p) => jobs(p.to, p.email));
    }
    case 'person.invited': {
      const email = str(e.data.email);
      const orgId = str(e.data.org_id) ?? e.org_id;
      const acceptUrl = str(e.data.accept_url);
      const org = orgId ? await organizationName(tx, orgId) : null;
      if (!email || !acceptUrl || !org) return [];
      return jobs([{ email }], {
        template: 'invitation',
        org_name: org.name,
        role: (str(e.data.role) ?? 'viewer') as PersonRole,
        accept_url: acceptUrl,
        expires_at: str(e.data.expires_at) ?? e.at.toISOString(),
      });
    }
    case 'webhook_endpoint.disabled': {
      const orgId = e.org_id ?? str(e.data.org_id);
      if (!orgId) return [];
      return jobs(await contactsOf(tx, [orgId], 'admin'), {
        template: 'webhook_disabled',
        endpoint_id: str(e.data.endpoint_id) ?? '',
        url: str(e.data.url) ?? '',
        reason: str(e.data.reason) ?? '',
      });
    }
    default:
      return [];
  }
}

export const EMAIL_EVENT_TYPES = [
  'case.created',
  'notice.received',
  'decision.created',
  'notice.answered',
  'counter_notice.received',
  'counter_notice.court_action',
  'counter_notice.restoration_due',
  'case.due_soon',
  'case.overdue',
  'person.invited',
  'webhook_endpoint.disabled',
] as const;

/**
 * The e-mail job handler. Register it only when e-mail is configured (config.mail): without it no
 * e-mail job is planned at all, rather than jobs piling up for a server that does not exist.
 */
export function createEmailHandler(mail: MailConfig, mailer: Mailer = createMailer(mail)): JobHandler & { close(): void } {
  return {
    kind: EMAIL_JOB_KIND,
    eventTypes: EMAIL_EVENT_TYPES,
    plan: planEmails,
    async run(_ctx, job: Job) {
      const p = job.payload as EmailJobPayload;
      const m = renderEmail(p.email, { publicUrl: mail.publicUrl });
      await mailer.send({ to: p.to, ...m, messageId: messageIdOf(job.id) });
    },
    // A mail server down for a few hours is common; after a day the job waits for an operator.
    retryDelaysMs: [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000],
    close: () => mailer.close(),
  };
}
