import { SMTPServer } from 'smtp-server';

/** A message as the sink received it, decoded enough to read: headers, subject, text and HTML parts. */
export interface SunkMessage {
  to: string[];
  raw: string;
  headers: Map<string, string>;
  messageId: string;
  subject: string;
  text: string;
  html: string;
}

export interface SmtpSink {
  /** smtp://127.0.0.1:<port> for MINHBACH_SMTP_URL. */
  url: string;
  messages: SunkMessage[];
  /** The next `n` messages answer 451 (a temporary failure), for retry tests. */
  failNext(n: number): void;
  close(): Promise<void>;
}

/**
 * A real SMTP server in this process on 127.0.0.1 (port 0), accepting anything (no STARTTLS, no
 * auth needed) and keeping what arrives, for tests and the worker bench.
 */
export async function startSmtpSink(options: { keep?: boolean } = {}): Promise<SmtpSink> {
  const messages: SunkMessage[] = [];
  let failing = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    size: 10 * 1024 * 1024,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        if (failing > 0) {
          failing--;
          const err = Object.assign(new Error('Try again later'), { responseCode: 451 });
          return callback(err);
        }
        const raw = Buffer.concat(chunks).toString('utf8');
        const to = session.envelope.rcptTo.map((r) => r.address);
        messages.push(options.keep === false ? ({ to } as SunkMessage) : parseMessage(raw, to));
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as { port: number }).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    failNext(n) {
      failing = n;
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function splitHead(part: string): { head: Map<string, string>; body: string } {
  const at = part.indexOf('\r\n\r\n');
  const headText = at < 0 ? part : part.slice(0, at);
  const body = at < 0 ? '' : part.slice(at + 4);
  const head = new Map<string, string>();
  for (const line of headText.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) head.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return { head, body };
}

function decodeBody(body: string, encoding: string | undefined): string {
  switch ((encoding ?? '').toLowerCase()) {
    case 'base64':
      return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
    case 'quoted-printable': {
      // =XX escapes are bytes of UTF-8; everything else is itself.
      const s = body.replace(/=\r\n/g, '');
      const out: Buffer[] = [];
      let plain = '';
      for (let i = 0; i < s.length; i++) {
        const hex = s[i] === '=' ? s.slice(i + 1, i + 3) : '';
        if (/^[0-9A-F]{2}$/i.test(hex)) {
          out.push(Buffer.from(plain, 'utf8'), Buffer.from([parseInt(hex, 16)]));
          plain = '';
          i += 2;
        } else plain += s[i];
      }
      out.push(Buffer.from(plain, 'utf8'));
      return Buffer.concat(out).toString('utf8');
    }
    default:
      return body;
  }
}

/** RFC 2047 encoded words (=?UTF-8?B?…?= / =?UTF-8?Q?…?=), as nodemailer writes subjects. */
function decodeWords(s: string): string {
  return s
    .replace(/\?=\s+=\?/g, '?==?')
    .replace(/=\?utf-8\?([bq])\?([^?]*)\?=/gi, (_m, enc: string, data: string) =>
      enc.toLowerCase() === 'b' ? Buffer.from(data, 'base64').toString('utf8') : decodeBody(data.replace(/_/g, ' '), 'quoted-printable'),
    );
}

function parseMessage(raw: string, to: string[]): SunkMessage {
  const { head, body } = splitHead(raw);
  let text = '';
  let html = '';
  const boundary = /boundary="?([^";]+)"?/i.exec(head.get('content-type') ?? '')?.[1];
  const parts = boundary ? body.split(`--${boundary}`).slice(1, -1) : [raw];
  for (const p of parts) {
    const { head: h, body: b } = splitHead(p.replace(/^\r\n/, ''));
    const type = h.get('content-type') ?? '';
    const decoded = decodeBody(b, h.get('content-transfer-encoding'));
    if (type.startsWith('text/plain')) text = decoded;
    else if (type.startsWith('text/html')) html = decoded;
  }
  return { to, raw, headers: head, messageId: head.get('message-id') ?? '', subject: decodeWords(head.get('subject') ?? ''), text, html };
}
