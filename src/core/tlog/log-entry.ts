/**
 * What the transparency log holds for each public record: not the record (a tree cannot forget,
 * and a record may one day have to be withdrawn) but a compact entry that commits to it:
 *
 *   {"id":"<uuid>","sha256":"<64 lowercase hex>","time":"<ISO-8601 UTC, ms>","type":"<record type>"}
 *
 * The entry is the RFC 8785 canonical JSON of those four members, UTF-8: readable by anyone with
 * a JSON parser, one byte string per entry, about 150 bytes (far below the 65,535-byte limit of
 * entry bundles). `sha256` is the SHA-256 of the record's own canonical JSON, in lowercase hex so
 * that it compares directly with `sha256sum` output. The parser accepts only exactly these four
 * string members in canonical form; a future format would add a member, and old parsers would
 * then refuse it loudly rather than misread it.
 */
import { hash } from 'node:crypto';
import { decodeUtf8, toHex } from './encoding.ts';
import { canonicalJson } from './jcs.ts';
import { malformed } from './tlog-error.ts';

export interface LogEntry {
  /** The public record's id, a lowercase UUID. */
  id: string;
  /** Record type, lowercase snake_case, e.g. `statement_of_reasons`. */
  type: string;
  /** When the record was published, `YYYY-MM-DDTHH:mm:ss.sssZ` (Date#toISOString). */
  time: string;
  /** Lowercase hex SHA-256 of the record's canonical JSON. */
  sha256: string;
}

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const TYPE_RE = /^[a-z][a-z0-9_]{0,63}$/;
const TIME_RE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}Z$/;
const SHA256_RE = /^[0-9a-f]{64}$/;
const FIELDS = ['id', 'sha256', 'time', 'type'] as const;

/** SHA-256 of the record's RFC 8785 canonical JSON (UTF-8). */
export function recordDigest(record: unknown): Uint8Array {
  // canonicalJson has refused lone surrogates, so hashing the string as UTF-8 loses nothing.
  return new Uint8Array(hash('sha256', canonicalJson(record), 'buffer'));
}

function validate(e: LogEntry): void {
  if (typeof e.id !== 'string' || !UUID_RE.test(e.id)) throw malformed('must be a lowercase UUID', 'id');
  if (typeof e.type !== 'string' || !TYPE_RE.test(e.type)) throw malformed('must be lowercase snake_case, at most 64 characters', 'type');
  // The regex fixes the form; the round trip through Date rejects impossible dates like Feb 30.
  if (typeof e.time !== 'string' || !TIME_RE.test(e.time) || Number.isNaN(Date.parse(e.time)) || new Date(e.time).toISOString() !== e.time) {
    throw malformed('must be an ISO-8601 UTC time with milliseconds, YYYY-MM-DDTHH:mm:ss.sssZ', 'time');
  }
  if (typeof e.sha256 !== 'string' || !SHA256_RE.test(e.sha256)) throw malformed('must be 64 lowercase hex digits', 'sha256');
}

/** The entry for a public record; `record` is what is published (its digest is taken here). */
export function logEntryFor(meta: { id: string; type: string; time: Date | string }, record: unknown): LogEntry {
  const time = meta.time instanceof Date ? meta.time.toISOString() : meta.time;
  const entry = { id: meta.id, type: meta.type, time, sha256: hash('sha256', canonicalJson(record), 'hex') };
  validate(entry);
  return entry;
}

export function encodeLogEntry(entry: LogEntry): Uint8Array {
  validate(entry);
  return entryBytes(entry);
}

/** The entry's bytes for a record, validated once: what the integrator computes for every record. */
export function logEntryBytesFor(meta: { id: string; type: string; time: Date | string }, record: unknown): Uint8Array {
  return entryBytes(logEntryFor(meta, record));
}

/**
 * The canonical JSON of a validated entry: members in RFC 8785 order, and every value matched by
 * a pattern of characters JSON never escapes, so the text is its own canonical form (and ASCII).
 */
function entryBytes(e: LogEntry): Uint8Array {
  return new Uint8Array(Buffer.from(`{"id":"${e.id}","sha256":"${e.sha256}","time":"${e.time}","type":"${e.type}"}`, 'latin1'));
}

/** Parses an entry's bytes; only the canonical encoding of a valid entry is accepted. */
export function parseLogEntry(bytes: Uint8Array): LogEntry {
  const text = decodeUtf8(bytes, 'entry');
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw malformed('entry is not JSON', 'entry');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw malformed('entry must be a JSON object', 'entry');
  const keys = Object.keys(value).sort();
  if (keys.length !== FIELDS.length || keys.some((k, i) => k !== FIELDS[i])) throw malformed(`entry must have exactly the members ${FIELDS.join(', ')}`, 'entry');
  const v = value as Record<string, unknown>;
  const entry = { id: v.id, type: v.type, time: v.time, sha256: v.sha256 } as LogEntry;
  validate(entry);
  // Whitespace, member order, escapes or duplicate members would all make the bytes differ.
  if (canonicalJson(value) !== text) throw malformed('entry is not in canonical form', 'entry');
  return entry;
}

/** Whether `entry` commits to exactly this record (same digest); id, type and time are the caller's to compare. */
export function entryMatchesRecord(entry: LogEntry, record: unknown): boolean {
  return entry.sha256 === toHex(recordDigest(record));
}
