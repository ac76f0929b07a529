import { describe, expect, it } from 'vitest';
import { appealAgainstRequest, isRequesterKind, publishedShare, requesterGroup, statsWindow } from './requester-stats.ts';

// 10:00 on 15 March 2026 in Hanoi.
const NOW = new Date('2026-03-15T03:00:00Z');

describe('statsWindow', () => {
  it('defaults to the last 12 Vietnamese months, the current one included', () => {
    const w = statsWindow(NOW, {});
    expect(w).toEqual({
      ok: true,
      window: { from: '2025-04', to: '2026-03', since: new Date('2025-03-31T17:00:00Z'), until: new Date('2026-03-31T17:00:00Z') },
    });
  });

  it('takes a month, or a range of months, and ends no later than the current month', () => {
    expect(statsWindow(NOW, { from: '2026-01', to: '2026-01' })).toMatchObject({ ok: true, window: { from: '2026-01', to: '2026-01', since: new Date('2025-12-31T17:00:00Z') } });
    expect(statsWindow(NOW, { from: '2025-12' })).toMatchObject({ ok: true, window: { from: '2025-12', to: '2026-03' } });
    expect(statsWindow(NOW, { to: '2025-06' })).toMatchObject({ ok: true, window: { from: '2024-07', to: '2025-06' } });
    expect(statsWindow(NOW, { from: '2026-01', to: '2027-12' })).toMatchObject({ ok: true, window: { to: '2026-03' } });
  });

  it('names the field of a bad month or window', () => {
    expect(statsWindow(NOW, { from: '2026-13' })).toEqual({ ok: false, errors: [{ field: 'from', message: 'must be a month written YYYY-MM' }] });
    expect(statsWindow(NOW, { to: 'March' })).toEqual({ ok: false, errors: [{ field: 'to', message: 'must be a month written YYYY-MM' }] });
    expect(statsWindow(NOW, { from: '2026-03', to: '2026-02' })).toMatchObject({ ok: false, errors: [{ field: 'from' }] });
    expect(statsWindow(NOW, { from: '2026-04' })).toMatchObject({ ok: false, errors: [{ field: 'from' }] });
    expect(statsWindow(NOW, { from: '2023-01' })).toMatchObject({ ok: false, errors: [{ field: 'from', message: 'the window may span at most 36 months' }] });
  });
});

describe('who is listed, and how', () => {
  it('lists organizations acting as such, never public reporters', () => {
    expect(['authority', 'trusted_flagger', 'rights_holder', 'public_reporter', 'platform'].filter(isRequesterKind)).toEqual(['authority', 'trusted_flagger', 'rights_holder']);
  });

  it('groups by kind and published name', () => {
    expect(requesterGroup('authority', 'Sở A')).toBe(requesterGroup('authority', 'Sở A'));
    expect(requesterGroup('authority', 'Sở A')).not.toBe(requesterGroup('trusted_flagger', 'Sở A'));
  });

  it('publishes shares to four places, null over nothing', () => {
    expect(publishedShare(2, 3)).toBe(0.6667);
    expect(publishedShare(0, 0)).toBeNull();
  });
});

describe('appealAgainstRequest', () => {
  it('counts appeals of a restriction, won when lifted to no action', () => {
    expect(appealAgainstRequest('restriction', 'no_action')).toEqual({ against: true, won: true });
    expect(appealAgainstRequest('restriction', 'restriction')).toEqual({ against: true, won: false });
  });

  it('does not count the requester’s own appeal of a no-action decision', () => {
    expect(appealAgainstRequest('no_action', 'restriction')).toEqual({ against: false, won: false });
    expect(appealAgainstRequest(null, 'no_action')).toEqual({ against: false, won: false });
  });
});
