import type { AppealReviewer, LinkAppealView, PublicAppealInput } from '../../src/http/routes/appeal.schemas.ts';
import { send, type Of } from './http.ts';

export type LinkAppeal = Of<typeof LinkAppealView>;

/** Appeals (src/http/routes/appeal.routes.ts), typed by the server's schemas. */
export const appealApi = {
  /** The affected user's appeal, through the statement link: no account. */
  file: (token: string, body: Of<typeof PublicAppealInput>) => send<LinkAppeal>('POST', `/api/v1/public/statements/${encodeURIComponent(token)}/appeals`, body),
  /** The platform gives the appeal to a reviewer who took no part in the decision appealed. */
  assign: (appealId: string, personId: string) => send<Of<typeof AppealReviewer>>('PUT', `/api/v1/appeals/${encodeURIComponent(appealId)}/reviewer`, { person_id: personId }),
};
