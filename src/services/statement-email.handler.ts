import type { MailConfig } from '../config.ts';
import { renderStatementEmail } from '../core/email/statement-email.ts';
import { newStatementToken, statementPath } from '../core/statement-link.ts';
import type { Db } from '../db/db.ts';
import { findPendingStatementEmail, finishStatementEmail, setStatementEmailToken } from '../repositories/statement-link.repository.ts';
import { messageIdOf } from './email.handler.ts';
import type { Job, JobHandler, JobSpec, OutboxEvent } from './job-handler.ts';
import { createMailer, type Mailer } from './mailer.ts';

export const STATEMENT_EMAIL_JOB_KIND = 'statement_email';

/**
 * Mails the affected user the link to a decision's statement of reasons (`statement.issued`, ids
 * only). The token is never stored in clear, so the e-mail link has none until the job runs: the
 * job draws it, stores its digest, sends it, and then forgets the address. A retried job draws a
 * new token (the one an earlier attempt may have sent stops working): the last e-mail sent opens
 * the page. Registered even without e-mail configured, so that a given address is forgotten at
 * once rather than kept for a mail server that does not exist.
 */
export function createStatementEmailHandler(mail: MailConfig | null, mailer: Mailer | null = mail ? createMailer(mail) : null): JobHandler & { close(): void } {
  return {
    kind: STATEMENT_EMAIL_JOB_KIND,
    eventTypes: ['statement.issued'],
    async plan(tx: Db, e: OutboxEvent): Promise<JobSpec[]> {
      const id = typeof e.data.statement_link_id === 'string' ? e.data.statement_link_id : null;
      if (!id) return [];
      if (!mail || !mailer) {
        await finishStatementEmail(tx, id, 'not_sent', e.at);
        return [];
      }
      return [{ order_key: null, payload: { statement_link_id: id } }];
    },
    async run(ctx, job: Job) {
      if (!mail || !mailer) return;
      const id = String(job.payload.statement_link_id);
      const link = await findPendingStatementEmail(ctx.db, id);
      // Sent already (a repeated job), or revoked meanwhile: nothing to send.
      if (!link) return;
      const { token, sha256 } = newStatementToken();
      if (!(await setStatementEmailToken(ctx.db, id, sha256))) return;
      const m = renderStatementEmail({
        platform_name: link.platform_name,
        decided_at: link.decided_at.toISOString(),
        url: `${mail.publicUrl}${statementPath(token, link.language)}`,
        language: link.language,
      });
      await mailer.send({ to: link.recipient_email, ...m, messageId: messageIdOf(job.id) });
      await finishStatementEmail(ctx.db, id, 'sent', ctx.now());
    },
    // Given up: the address is forgotten all the same (the platform sees not_sent and may re-issue).
    async onParked(tx, job) {
      await finishStatementEmail(tx, String(job.payload.statement_link_id), 'not_sent', new Date());
    },
    // As for every e-mail: a mail server down for hours is common; after a day an operator looks.
    retryDelaysMs: [60_000, 5 * 60_000, 30 * 60_000, 2 * 3_600_000, 6 * 3_600_000, 12 * 3_600_000],
    close: () => mailer?.close(),
  };
}
