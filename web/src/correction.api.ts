import { get, type Of } from './http.ts';
import type { PublicRecord } from './api.ts';
import type { RecordHistory } from '../../src/http/routes/correction.schemas.ts';

/** What a correction record's `correction` member says (src/core/correction.ts). */
export interface CorrectionNote {
  corrects_record_id: string;
  original_record_id: string;
  original_type: string;
  changed_fields: { field: string; from: unknown; to: unknown }[];
  reason: string;
}

export type History = Of<typeof RecordHistory> & { versions: PublicRecord[] };

export const correctionApi = {
  /** Every version of a record, the original first, from any of them. */
  history: (id: string) => get<History>(`/api/v1/public/records/${encodeURIComponent(id)}/history`),
};
