import type { ServiceContext } from '../services/context.ts';
import type { Authenticator, createOperatorCheck } from '../services/auth.service.ts';

/** What route files are given: the use-case context and the bearer-key check. */
export interface HttpDeps {
  ctx: ServiceContext;
  authenticate: Authenticator;
  checkOperator: ReturnType<typeof createOperatorCheck>;
}
