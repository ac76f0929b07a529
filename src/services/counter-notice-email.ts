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
 * answer it owes.
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
  if (e.type === 'counter_notice.restoration_due') {
    const dueAt = typeof e.data.due_at === 'string' ? e.data.due_at : null;
    return [{ to: await platformContacts(k.platform), email: { template: 'counter_notice_restoration_due', case_id: k.case_id, platform: k.platform, due_at: dueAt } }];
  }
  return [];
}
