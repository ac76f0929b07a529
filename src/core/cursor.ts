/**
 * Opaque keyset cursors. Every listed row has a UUIDv7 id, which sorts by creation time, so the id
 * of the last row seen is a complete cursor: deep pages stay fast, and rows that arrive while a
 * client pages are never skipped or repeated.
 */
const ID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

export function encodeCursor(lastId: string): string {
  return Buffer.from(lastId, 'utf8').toString('base64url');
}

/** Returns null for anything that is not a cursor this server made. */
export function decodeCursor(cursor: string): string | null {
  const id = Buffer.from(cursor, 'base64url').toString('utf8');
  return ID_RE.test(id) ? id : null;
}

/** Fetch one row more than asked, to know whether there is a next page without counting. */
export function pageOf<T extends { id: string }>(rows: T[], limit: number): { items: T[]; next_cursor: string | null } {
  if (rows.length <= limit) return { items: rows, next_cursor: null };
  const items = rows.slice(0, limit);
  return { items, next_cursor: encodeCursor(items[items.length - 1]!.id) };
}

/**
 * A cursor through rows ordered by a time and then id (`updated_since` polling): the time and id
 * of the last row seen. Opaque to clients like the id cursor.
 */
export function encodeTimeCursor(at: Date, id: string): string {
  return Buffer.from(`${at.toISOString()}|${id}`, 'utf8').toString('base64url');
}

const ISO_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

export function decodeTimeCursor(cursor: string): { at: Date; id: string } | null {
  const [at, id, ...rest] = Buffer.from(cursor, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || !at || !id || !ISO_RE.test(at) || !ID_RE.test(id)) return null;
  const date = new Date(at);
  return Number.isNaN(date.getTime()) ? null : { at: date, id };
}
