import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor, pageOf } from './cursor.ts';
import { isUuid, uuidv7 } from './ids.ts';

describe('uuidv7', () => {
  it('makes valid, strictly increasing ids even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_700_000_000_000));
    expect(ids.every(isUuid)).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });
  it('sorts by time, and never goes backwards when the clock does', () => {
    const a = uuidv7();
    const later = uuidv7(Date.now() + 10_000);
    expect(later > a).toBe(true);
    expect(uuidv7(Date.now() - 60_000) > later).toBe(true);
  });
});

describe('cursors', () => {
  it('round-trips an id and refuses anything else', () => {
    const id = uuidv7();
    expect(decodeCursor(encodeCursor(id))).toBe(id);
    expect(decodeCursor('garbage')).toBeNull();
    expect(decodeCursor(Buffer.from("x' OR 1=1 --").toString('base64url'))).toBeNull();
  });
  it('gives a next cursor only when there is another page', () => {
    const rows = [uuidv7(), uuidv7(), uuidv7()].map((id) => ({ id }));
    expect(pageOf(rows, 3).next_cursor).toBeNull();
    const p = pageOf(rows, 2);
    expect(p.items).toHaveLength(2);
    expect(decodeCursor(p.next_cursor!)).toBe(rows[1]!.id);
  });
});
