import type { PublicStatementView } from '../../src/http/routes/statement.schemas.ts';
import { get, type Of } from './http.ts';

/** The affected user's statement of reasons (src/http/routes/statement.routes.ts), typed by its schema. */
export type StatementView = Of<typeof PublicStatementView>;

export const statementsApi = {
  /** Each call counts as an opening of the link: the page asks once. */
  get: (token: string) => get<StatementView>(`/api/v1/public/statements/${encodeURIComponent(token)}`),
};
