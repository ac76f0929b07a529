import type { ServiceContext } from '../services/context.ts';
import type { Authenticator, createOperatorCheck } from '../services/auth.service.ts';
import type { OutboundPolicy } from '../services/webhook.service.ts';
import type { PersonSession } from '../services/session.service.ts';

/** What route files are given: the use-case context and the bearer-key check. */
export interface HttpDeps {
  ctx: ServiceContext;
  authenticate: Authenticator;
  checkOperator: ReturnType<typeof createOperatorCheck>;
  /** Where outbound requests (webhooks) may go besides the public Internet: MINHBACH_OUTBOUND_ALLOW. */
  outbound: OutboundPolicy;
  /** The person behind a session cookie's token (src/services/session.service.ts); 401 when it is no live session. */
  authenticateSession: (token: string) => Promise<PersonSession>;
  /** Where the web app is reached from outside, for links sent by e-mail (invitations). */
  publicUrl: string;
  /** MINHBACH_PUBLIC_URL as configured (no trailing slash), or null: absolute links in answers only when it is known. */
  configuredPublicUrl: string | null;
}
