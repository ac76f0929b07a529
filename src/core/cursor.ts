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
