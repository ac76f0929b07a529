import type { EmailPayload } from '../core/email/templates.ts';
import type { Db } from '../db/db.ts';
import { contactsOf } from '../repositories/contact.repository.ts';
import { counterNoticeCaseFacts, counterNoticeForEmail } from '../repositories/counter-notice.repository.ts';
import type { OutboxEvent } from './job-handler.ts';

type Planned = { to: { email: string }[]; email: EmailPayload };

/**
 * The e-mails of a counter-notice, planned in the dispatch transaction. `counter_notice.received`:
 * to the `decisions` contacts of the rights holders with a notice on the case (a counter-notice
 * answers their notice, as a decision does), with the uploader's name and address read here from
 * `counter_notices` — the event itself carries no personal data, since it leaves the system by
 * webhook too. `counter_notice.restoration_due`: to the platform's `requests` contacts, as for any
 * answer it owes. It and `counter_notice.court_action` also go to the uploader, at the address they
 * gave with the counter-notice: how their counter-notice ended is theirs to know, and they have no
 * account to look (the e-mail cannot hold their statement link: only its digest is stored).
 */
export async function planCounterNoticeEmails(tx: Db, e: OutboxEvent, platformContacts: (platform: string) => Promise<{ email: string }[]>): Promise<Planned[]> {
  const id = typeof e.data.counter_notice_id === 'string' ? e.data.counter_notice_id : null;
  const k = id ? await counterNoticeForEmail(tx, id) : null;
  if (!k) return [];
  if (e.type === 'counter_notice.received') {
    const { rights_holder_org_ids } = await counterNoticeCaseFacts(tx, k.case_id);
    const to = await contactsOf(tx, rights_holder_org_ids, 'decisions');
    return [
      {
        to,
        email: {
          template: 'counter_notice_received',
          case_id: k.case_id,
          platform: k.platform,
          filed_at: k.created_at.toISOString(),
          wait_until: k.wait_until.toISOString(),
          uploader: { name: k.contact_name, email: k.contact_email },
        },
      },
    ];
  }
  const uploader = [{ email: k.contact_email }];
  const recordId = typeof e.data.outcome_record_id === 'string' ? e.data.outcome_record_id : null;
  const filedAt = k.created_at.toISOString();
  if (e.type === 'counter_notice.restoration_due') {
    const dueAt = typeof e.data.due_at === 'string' ? e.data.due_at : null;
    return [
      { to: await platformContacts(k.platform), email: { template: 'counter_notice_restoration_due', case_id: k.case_id, platform: k.platform, due_at: dueAt } },
      {
        to: uploader,
        email: {
          template: 'counter_notice_uploader_restored',
          platform: k.platform,
          filed_at: filedAt,
          wait_until: k.wait_until.toISOString(),
          due_at: dueAt,
          public_record_id: recordId,
        },
      },
    ];
  }
  if (e.type === 'counter_notice.court_action') {
    return [
      {
        to: uploader,
        email: { template: 'counter_notice_uploader_court_action', platform: k.platform, filed_at: filedAt, shown_at: new Date(e.at).toISOString(), public_record_id: recordId },
      },
    ];
  }
  return [];
}
