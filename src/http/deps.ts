import type { ServiceContext } from '../services/context.ts';
import type { Authenticator, createOperatorCheck } from '../services/auth.service.ts';
import type { OutboundPolicy } from '../services/webhook.service.ts';

/** What route files are given: the use-case context and the bearer-key check. */
export interface HttpDeps {
  ctx: ServiceContext;
  authenticate: Authenticator;
  checkOperator: ReturnType<typeof createOperatorCheck>;
  /** Where outbound requests (webhooks) may go besides the public Internet: MINHBACH_OUTBOUND_ALLOW. */
  outbound: OutboundPolicy;
}
