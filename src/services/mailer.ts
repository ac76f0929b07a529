import nodemailer from 'nodemailer';
import type { MailConfig } from '../config.ts';

export interface OutgoingEmail {
  to: string;
  subject: string;
  text: string;
  html: string;
  /** `<id@minhbach>`: the same for every attempt of one job, so a resend after a crash can be recognised. */
  messageId: string;
}

export interface Mailer {
  send(m: OutgoingEmail): Promise<void>;
  close(): void;
}

/** The SMTP transport options of MINHBACH_SMTP_URL (already validated by config.ts). */
export function smtpOptions(smtpUrl: string) {
  const url = new URL(smtpUrl);
  const secure = url.protocol === 'smtps:';
  return {
    host: url.hostname.replace(/^\[|\]$/g, ''),
    port: url.port ? Number(url.port) : secure ? 465 : 587,
    secure,
    ...(url.username ? { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } } : {}),
    // A few connections kept open: the worker sends e-mails side by side (its concurrency), and
    // opening a connection (and TLS) per message would cost more than the message.
    pool: true,
    maxConnections: 5,
    maxMessages: 1_000,
    connectionTimeout: 10_000,
    greetingTimeout: 10_000,
    socketTimeout: 30_000,
  };
}

/** Sends through the SMTP server of the configuration, with one pool of connections per mailer. */
export function createMailer(config: Pick<MailConfig, 'smtpUrl' | 'from'>): Mailer {
  const transport = nodemailer.createTransport(smtpOptions(config.smtpUrl));
  return {
    async send(m) {
      await transport.sendMail({
        from: config.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        messageId: m.messageId,
        // No auto-replies (out-of-office) back to a no-reply address (RFC 3834).
        headers: { 'Auto-Submitted': 'auto-generated' },
      });
    },
    close() {
      transport.close();
    },
  };
}
