import { Type } from '@sinclair/typebox';
import { MAX_CORRECTION_REASON, MIN_CORRECTION_REASON } from '../../core/correction.ts';
import { AnyObject, Nullable } from '../schema.ts';

export const CorrectionInput = Type.Object(
  {
    changes: Type.Record(Type.String({ maxLength: 100 }), Type.Unknown(), {
      minProperties: 1,
      maxProperties: 40,
      description:
        'Each field to correct and its corrected value, as the record type spells it (e.g. {"category": "STATEMENT_CATEGORY_SCAMS_AND_FRAUD", "automated_detection": "Yes"}); null removes an optional field. Fields minhbach sets (uuid, case_id, created_at, platform_name, content_url, source_type, source_identity, notice_id…) cannot be corrected, nor can a restriction become no action or back (that is a decision on appeal)',
    }),
    reason: Type.String({
      minLength: MIN_CORRECTION_REASON,
      maxLength: MAX_CORRECTION_REASON,
      description: 'Why the record is corrected; published with the correction (personal data redacted)',
    }),
  },
  { additionalProperties: false },
);

/** A correction record as GET /api/v1/public/records/{id} shows it. */
export const CorrectionRecord = Type.Object(
  {
    id: Type.String(),
    type: Type.Literal('correction'),
    correction: Type.Object(
      {
        corrects_record_id: Type.String(),
        original_record_id: Type.String(),
        original_type: Type.String(),
        changed_fields: Type.Array(Type.Object({ field: Type.String(), from: Type.Unknown(), to: Type.Unknown() })),
        reason: Type.String(),
      },
      { additionalProperties: false },
    ),
    log_index: Nullable(Type.Number({ description: 'null until the log integrator has sequenced it' })),
    superseded_by: Nullable(Type.String()),
  },
  { additionalProperties: true },
);

export const RecordHistory = Type.Object({
  original_record_id: Type.String(),
  current_record_id: Type.String({ description: 'The version search shows' }),
  versions: Type.Array(AnyObject, { description: 'Every version, the original first, each with its log_index and superseded_by' }),
});
