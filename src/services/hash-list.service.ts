import { AppError, type FieldError } from '../core/errors.ts';
import {
  checkHashListSize,
  detectHashListFormat,
  HASH_LIST_FORMATS,
  hashListFileName,
  hashListLines,
  HashListReader,
  hashListTextProblem,
  hashListToCsv,
  hashListToText,
  MAX_HASH_LIST_ENTRIES,
  MAX_HASH_LIST_TEXT,
  type HashListEntry,
  type HashListFormat,
} from '../core/hash-list.ts';
import { isUuid, uuidv7 } from '../core/ids.ts';
import type { Actor } from '../core/organization.ts';
import { can, HASH_LIST_EXPORTERS, HASH_LIST_IMPORTERS, roleFor } from '../core/policy.ts';
import { indexPdqHashes, removePdqHashes } from '../repositories/pdq-index.repository.ts';
import {
  deleteHashList as deleteHashListRows,
  findHashList,
  insertHashList,
  insertHashListEntries,
  listHashListEntries,
  listHashLists as listHashListRows,
  listRestrictedImageSignals,
  type HashListRow,
} from '../repositories/hash-list.repository.ts';
import type { ServiceContext } from './context.ts';

/**
 * Hash lists in and out (issue 15; formats in src/core/hash-list.ts). `actor` null is the
 * operator (routes under /api/v1/admin, the CLI): its lists belong to the deployment and every
 * platform may export them. An organization's list is its own: others never learn it exists
 * (404), though its name and labels show on the cases whose images it matches.
 */

/** Entries written (and indexed) per statement: big enough to be fast, small enough for one round trip. */
const BATCH = 2000;
/** Lines read between two pauses, so a 16 MiB upload never holds the event loop long. */
const LINES_PER_TURN = 2000;
/** ThreatExchange matches on PDQ hashes of quality 50 or more; lower ones give false positives. */
export const MIN_SIGNAL_QUALITY = 50;
/** The collaboration name minhbach's own signals carry in the CSV export. */
export const OWN_SIGNALS_COLLAB = 'minhbach';

export interface HashListInput {
  name: string;
  /** The file's text. */
  content: string;
  /** Detected from the first line when absent (a CSV header names a hash column). */
  format?: HashListFormat;
  /** Where the list came from (a ThreatExchange collaboration, a partner), for those who see it. */
  source?: string | null;
}

export interface HashListView {
  id: string;
  name: string;
  owner: { id: string; name: string } | null;
  format: HashListFormat;
  source: string | null;
  entry_count: number;
  created_at: string;
}

export interface HashListFile {
  fileName: string;
  contentType: string;
  body: string;
  entries: number;
}

function present(l: HashListRow, ownerName: string | null): HashListView {
  return {
    id: l.id,
    name: l.name,
    owner: l.owner_org_id ? { id: l.owner_org_id, name: ownerName ?? '' } : null,
    format: l.format,
    source: l.source,
    entry_count: l.entry_count,
    created_at: l.created_at.toISOString(),
  };
}

function assertImporter(actor: Actor | null): void {
  if (actor === null) return;
  if (!HASH_LIST_IMPORTERS.includes(actor.kind)) throw new AppError('forbidden', 'Hash lists are kept by platforms, trusted flaggers and the operator');
  if (!can(actor, 'hash_list.manage')) throw new AppError('forbidden', `Managing hash lists needs the ${roleFor('hash_list.manage')} role`);
}

function assertExporter(actor: Actor | null): void {
  if (actor === null) return;
  if (!HASH_LIST_EXPORTERS.includes(actor.kind))
    throw new AppError('forbidden', 'Hash lists are exported by platforms and the operator only: hashes are signals for platforms, never public');
  if (!can(actor, 'hash_list.export')) throw new AppError('forbidden', `Exporting hash lists needs the ${roleFor('hash_list.export')} role`);
}

/** May the actor see this list: the operator all, an organization its own, a platform also the operator's. */
function visible(actor: Actor | null, l: HashListRow): boolean {
  if (actor === null) return true;
  if (l.owner_org_id === actor.orgId) return true;
  return l.owner_org_id === null && HASH_LIST_EXPORTERS.includes(actor.kind);
}

function checkInput(input: HashListInput): { name: string; source: string | null; format: HashListFormat | undefined } {
  const errors: FieldError[] = [];
  const name = typeof input.name === 'string' ? input.name.trim() : '';
  const nameProblem = name === '' ? `must be 1 to ${MAX_HASH_LIST_TEXT} characters` : hashListTextProblem(name);
  if (nameProblem !== null) errors.push({ field: 'name', message: nameProblem });
  const source = typeof input.source === 'string' && input.source.trim() !== '' ? input.source.trim() : null;
  const sourceProblem = source === null ? null : hashListTextProblem(source);
  if (sourceProblem !== null) errors.push({ field: 'source', message: sourceProblem });
  if (input.format !== undefined && !(HASH_LIST_FORMATS as readonly string[]).includes(input.format))
    errors.push({ field: 'format', message: `must be one of ${HASH_LIST_FORMATS.join(', ')}` });
  if (typeof input.content !== 'string') errors.push({ field: 'content', message: 'must be the text of the list' });
  if (errors.length > 0) throw AppError.validation(errors);
  return { name, source, format: input.format };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Reads a list and stores it with its entries, each indexed for matching (owner_kind
 * 'hash_list'). All or nothing: one bad line refuses the file, naming every bad line (up to 20).
 * `onProgress(done, total)` after each batch written (the CLI's progress bar).
 */
export async function importHashList(
  ctx: ServiceContext,
  actor: Actor | null,
  input: HashListInput,
  options: { onProgress?: (done: number, total: number) => void } = {},
): Promise<HashListView & { skipped: number; duplicates: number }> {
  assertImporter(actor);
  const { name, source, format } = checkInput(input);
  checkHashListSize(input.content);
  const lines = hashListLines(input.content);
  const reader = new HashListReader(format ?? detectHashListFormat(lines));
  for (let i = 0; i < lines.length; i++) {
    reader.line(lines[i]!, i + 1);
    if ((i + 1) % LINES_PER_TURN === 0) await turn();
  }
  const parsed = reader.finish();
  const at = ctx.now();
  const list: HashListRow = {
    id: uuidv7(at.getTime()),
    name,
    owner_org_id: actor?.orgId ?? null,
    format: parsed.format,
    source,
    entry_count: parsed.entries.length,
    created_by_person_id: actor?.personId ?? null,
    created_by_key_id: actor?.keyId ?? null,
    created_at: at,
  };
  await ctx.db.transaction(async (tx) => {
    await insertHashList(tx, list);
    for (let start = 0; start < parsed.entries.length; start += BATCH) {
      const batch = parsed.entries.slice(start, start + BATCH).map((e) => ({ ...e, entry_id: uuidv7(at.getTime()) }));
      await insertHashListEntries(tx, list.id, batch, at);
      await indexPdqHashes(
        tx,
        batch.map((e) => ({ owner_kind: 'hash_list' as const, owner_id: e.entry_id, hashes: [e.pdq] })),
      );
      options.onProgress?.(start + batch.length, parsed.entries.length);
    }
  });
  return { ...present(list, actor?.name ?? null), skipped: parsed.skipped, duplicates: parsed.duplicates };
}

/** The lists the actor may see, newest first (a trusted flagger its own; a platform also the operator's). */
export async function listHashLists(ctx: ServiceContext, actor: Actor | null): Promise<{ items: HashListView[] }> {
  if (actor !== null && !HASH_LIST_IMPORTERS.includes(actor.kind) && !HASH_LIST_EXPORTERS.includes(actor.kind)) {
    throw new AppError('forbidden', 'Hash lists are kept by platforms, trusted flaggers and the operator');
  }
  const rows = await listHashListRows(ctx.db, actor ? { ownerOrgId: actor.orgId, withOperatorLists: HASH_LIST_EXPORTERS.includes(actor.kind) } : null);
  return { items: rows.map((r) => present(r, r.owner_name)) };
}

async function loadVisibleList(ctx: ServiceContext, actor: Actor | null, id: string): Promise<HashListRow> {
  const list = isUuid(id) ? await findHashList(ctx.db, id) : null;
  if (!list || !visible(actor, list)) throw AppError.notFound('Hash list');
  return list;
}

function fileOf(entries: readonly HashListEntry[], name: string, collab: string, format: HashListFormat): HashListFile {
  return format === 'csv'
    ? { fileName: hashListFileName(name, 'csv'), contentType: 'text/csv; charset=utf-8', body: hashListToCsv(entries, collab), entries: entries.length }
    : { fileName: hashListFileName(name, 'text'), contentType: 'text/plain; charset=utf-8', body: hashListToText(entries), entries: entries.length };
}

/** One list as a file (text by default), for a platform or the operator. */
export async function exportHashList(ctx: ServiceContext, actor: Actor | null, id: string, format: HashListFormat = 'text'): Promise<HashListFile> {
  assertExporter(actor);
  const list = await loadVisibleList(ctx, actor, id);
  return fileOf(await listHashListEntries(ctx.db, list.id), list.name, list.name, format);
}

/**
 * minhbach's own signals: the PDQ hash of every image (quality 50 or more) on a case whose latest
 * decision restricts the content, labelled with that decision's DSA category, additional
 * categories and ground, category POSITIVE_CLASS. Only hashes and labels: no URL, no text, no
 * organization, no person. At most MAX_HASH_LIST_ENTRIES, so any export imports again.
 */
export async function exportOwnSignals(ctx: ServiceContext, actor: Actor | null, format: HashListFormat = 'text'): Promise<HashListFile> {
  assertExporter(actor);
  const rows = await listRestrictedImageSignals(ctx.db, MIN_SIGNAL_QUALITY, MAX_HASH_LIST_ENTRIES);
  const entries: HashListEntry[] = rows.map((r) => ({
    pdq: r.pdq,
    labels: signalLabels(r),
    category: 'POSITIVE_CLASS',
    source: null,
    id: null,
    quality: null,
  }));
  const day = ctx.now().toISOString().slice(0, 10);
  return fileOf(entries, `${OWN_SIGNALS_COLLAB}-signals-${day}`, OWN_SIGNALS_COLLAB, format);
}

/** DSA enum values only (STATEMENT_CATEGORY_…, DECISION_GROUND_…): anything else in a statement is not a label. */
function signalLabels(r: { category: string | null; category_addition: unknown; decision_ground: string | null }): string[] {
  const additions = Array.isArray(r.category_addition) ? r.category_addition.filter((c): c is string => typeof c === 'string') : [];
  return [...new Set([r.category, ...additions, r.decision_ground])].filter((l): l is string => typeof l === 'string' && /^[A-Z][A-Z0-9_]{0,99}$/.test(l));
}

/** Deletes a list of one's own (the operator: any); a platform may see the operator's lists but not delete them. */
export async function deleteHashList(ctx: ServiceContext, actor: Actor | null, id: string): Promise<void> {
  assertImporter(actor);
  const list = await loadVisibleList(ctx, actor, id);
  if (actor !== null && list.owner_org_id !== actor.orgId) throw new AppError('forbidden', "The operator's hash lists are deleted by the operator");
  await ctx.db.transaction(async (tx) => {
    // Out of the PDQ index too, so no case shows a match with a list that is gone.
    await removePdqHashes(tx, 'hash_list', await deleteHashListRows(tx, list.id));
  });
}
