/**
 * The columns of the open data dumps' CSV and Parquet files (one row per public record), named
 * as the EU DSA Transparency Database names them in its own daily dumps wherever a member has a
 * DSA name (so a researcher's scripts for the EU data read these too), and by minhbach's own
 * member names otherwise. Nothing is lost: members without a column of their own are written,
 * together, as a JSON object in `other`.
 *
 * Cells are written as the DSA dumps write them: text as it is, arrays (decision_visibility,
 * content_type, territorial_scope…) and objects as their JSON text (`["CONTENT_TYPE_TEXT"]`),
 * numbers and booleans as JSON; a member that is absent or null is an empty cell (null in
 * Parquet). Dates stay as the record has them (ISO 8601).
 */
import { toCsv } from './csv.ts';

/** minhbach's own columns first: where the record sits in the log and what kind it is. */
const HEAD = ['log_index', 'record_id', 'record_type', 'published_at', 'platform', 'requester_kind', 'withdrawn', 'withdrawal_id'] as const;

/** The DSA statement-of-reasons columns, in the order of the EU's dump files. */
export const DSA_COLUMNS = [
  'uuid',
  'decision_visibility',
  'decision_visibility_other',
  'end_date_visibility_restriction',
  'decision_monetary',
  'decision_monetary_other',
  'end_date_monetary_restriction',
  'decision_provision',
  'end_date_service_restriction',
  'decision_account',
  'end_date_account_restriction',
  'account_type',
  'decision_ground',
  'decision_ground_reference_url',
  'illegal_content_legal_ground',
  'illegal_content_explanation',
  'incompatible_content_ground',
  'incompatible_content_explanation',
  'incompatible_content_illegal',
  'category',
  'category_addition',
  'category_specification',
  'category_specification_other',
  'content_type',
  'content_type_other',
  'content_id',
  'content_language',
  'content_date',
  'territorial_scope',
  'application_date',
  'decision_facts',
  'source_type',
  'source_identity',
  'automated_detection',
  'automated_decision',
  'platform_name',
  'platform_uid',
  'created_at',
] as const;

/** Members of minhbach's own records (requests, notices, decisions' links) worth a column. */
const MINHBACH_TAIL = ['case_id', 'content_url', 'notice_id', 'requester', 'legal_basis', 'explanation', 'urgency', 'received_at', 'due_at', 'items'] as const;

export const DUMP_COLUMNS: readonly string[] = [...HEAD, ...DSA_COLUMNS, ...MINHBACH_TAIL, 'other'];

/** Column → the document member it shows, where the names differ. */
const MEMBER_OF: Readonly<Record<string, string>> = { record_id: 'id', record_type: 'type', platform_uid: 'puid' };

const COLUMN_MEMBERS: readonly string[] = DUMP_COLUMNS.filter((c) => c !== 'log_index' && c !== 'other').map((c) => MEMBER_OF[c] ?? c);
const HAS_COLUMN: ReadonlySet<string> = new Set(COLUMN_MEMBERS);

function cell(value: unknown): string | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** One record's row, in DUMP_COLUMNS order: `document` is its public document (publicDocument). */
export function dumpRow(logIndex: number, document: Readonly<Record<string, unknown>>): (string | null)[] {
  const row: (string | null)[] = [String(logIndex)];
  for (const member of COLUMN_MEMBERS) row.push(cell(Object.hasOwn(document, member) ? document[member] : undefined));
  const rest: Record<string, unknown> = {};
  let any = false;
  for (const key of Object.keys(document)) {
    if (HAS_COLUMN.has(key)) continue;
    // defineProperty: a member named "__proto__" stays a member.
    Object.defineProperty(rest, key, { value: document[key], enumerable: true, writable: true, configurable: true });
    any = true;
  }
  row.push(any ? JSON.stringify(rest) : null);
  return row;
}

/** The header line (CRLF-terminated, RFC 4180). */
export function dumpCsvHeader(): string {
  return toCsv([DUMP_COLUMNS]);
}

/** One record's CSV line (CRLF-terminated). */
export function dumpCsvLine(logIndex: number, document: Readonly<Record<string, unknown>>): string {
  return toCsv([dumpRow(logIndex, document).map((c) => c ?? '')]);
}
