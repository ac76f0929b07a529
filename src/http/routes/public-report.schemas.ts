import { Type } from '@sinclair/typebox';
import { MAX_SOLUTION_LENGTH } from '../../core/proof-of-work.ts';
import { PUBLIC_REPORT_LIMITS } from '../../core/public-report-limits.ts';
import { REPORT_STAGES } from '../../core/public-report-status.ts';
import { REPORT_CHOICE_IDS } from '../../core/report-choices.ts';
import { DateTime, Nullable, StringEnum } from '../schema.ts';

const OUTCOMES = ['restriction', 'no_action'] as const;

export const ReportChallenge = Type.Object({
  challenge: Type.String({ description: 'Signed by the server; valid once, until expires_at' }),
  difficulty: Type.Integer({
    description: 'Leading zero bits: find a decimal `solution` such that SHA-256 of the UTF-8 text "challenge:solution" begins with this many zero bits',
  }),
  expires_at: DateTime,
});

export const PublicReportInput = Type.Object(
  {
    urls: Type.Array(Type.String({ maxLength: PUBLIC_REPORT_LIMITS.url }), {
      minItems: 1,
      maxItems: PUBLIC_REPORT_LIMITS.urls,
      description: 'Where the content is (https:// is assumed when no scheme is given); each becomes a notice item and joins its case',
    }),
    choice: StringEnum(REPORT_CHOICE_IDS, { description: 'What is wrong, in plain words (src/core/report-choices.ts): it sets the DSA category and keyword' }),
    description: Type.String({
      maxLength: PUBLIC_REPORT_LIMITS.description,
      description: 'What is wrong with the content, in the reporter’s words; the platform reads it, it is never published',
    }),
    contact_email: Type.Optional(Type.String({ maxLength: PUBLIC_REPORT_LIMITS.email, description: 'Optional; kept private, shown to no organization' })),
    evidence: Type.Optional(Type.String({ maxLength: PUBLIC_REPORT_LIMITS.evidence, description: 'Optional; kept private, shown to no organization' })),
    challenge: Type.String({ maxLength: 300, description: 'From POST /api/v1/public/report-challenges' }),
    solution: Type.String({ maxLength: MAX_SOLUTION_LENGTH, description: 'The decimal counter that solves the challenge' }),
  },
  { additionalProperties: false },
);

export const SubmittedReport = Type.Object({
  tracking_code: Type.String({ description: 'Shown this once and stored only as a hash: GET /api/v1/public/reports/{code} opens the report’s status' }),
  received_at: DateTime,
});

export const ReportCodeParams = Type.Object({ code: Type.String({ maxLength: 64, description: 'The tracking code, e.g. 7K3M-9QXD-2HWA-PZ5T (case and hyphens do not matter)' }) });

export const PublicReportStatus = Type.Object({
  tracking_code: Type.String(),
  received_at: DateTime,
  choice: StringEnum(REPORT_CHOICE_IDS),
  items: Type.Array(
    Type.Object({
      position: Type.Integer(),
      url: Type.String({ description: 'As the transparency database shows it: the site and the kind of page' }),
      platform: Type.String(),
      platform_onboarded: Type.Boolean({ description: 'false while no organization answers for the service: the authorities see the case in their unassigned queue' }),
      stage: StringEnum(REPORT_STAGES),
      steps: Type.Array(Type.Object({ stage: StringEnum(REPORT_STAGES), done: Type.Boolean(), at: Nullable(DateTime) })),
      due_at: Nullable(DateTime),
      overdue: Type.Boolean(),
      outcome: Nullable(
        Type.Object({
          outcome: StringEnum(OUTCOMES),
          decided_at: DateTime,
          public_record_id: Nullable(Type.String({ description: 'GET /api/v1/public/records/{id}' })),
        }),
      ),
    }),
  ),
});

export const PublicMatchInput = Type.Object({ url: Type.String({ minLength: 1, maxLength: PUBLIC_REPORT_LIMITS.url }) }, { additionalProperties: false });

export const PublicMatch = Type.Object({
  known: Type.Boolean({ description: 'Whether this content is already a case, whoever reported it' }),
  platform: Type.String({ description: 'The service the URL is on, read from the URL itself' }),
  published_decision: Nullable(
    Type.Object(
      { outcome: StringEnum(OUTCOMES), decided_at: DateTime, public_record_id: Type.String(), public_record_type: Type.String() },
      { description: 'The platform’s latest decision on it, which is public' },
    ),
  ),
});
