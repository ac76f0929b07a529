import { describe, expect, it } from 'vitest';
import { declaredUrl, isShortLink, judgeFinal, judgeRedirect, judgeStatus, retryDelay, RETRY_DELAYS_MS, shortLinkJoin } from './short-link.ts';
import { canonicalizeUrl } from './url-canonical.ts';

const short = (url: string) => canonicalizeUrl(url);

describe('which links need the platform to expand them', () => {
  it('takes the platforms’ short and share links', () => {
    for (const url of [
      'https://fb.watch/abcDEF123/',
      'https://www.facebook.com/share/r/1AbCdEf/',
      'https://www.facebook.com/share/v/1AbCdEf/?mibextid=xyz',
      'https://m.facebook.com/share/p/1AbCdEf/',
      'https://web.facebook.com/share/1AbCdEf',
      'https://fb.me/e/abc',
      'https://vt.tiktok.com/ZSabc123/',
      'https://vm.tiktok.com/ZMabc123/',
      'https://www.tiktok.com/t/ZTabc123/',
      'https://www.instagram.com/share/reel/BAabc123',
      'https://t.co/AbC123',
    ]) {
      expect(isShortLink(short(url)), url).toBe(true);
    }
  });

  it('leaves alone what folds offline and ordinary pages', () => {
    for (const url of [
      'https://youtu.be/dQw4w9WgXcQ',
      'https://www.facebook.com/watch/?v=123',
      'https://www.tiktok.com/@a/video/1',
      'https://zalo.me/g/abcdef',
      'https://vnexpress.net/a.html',
    ]) {
      expect(isShortLink(short(url)), url).toBe(false);
    }
  });

  it('keys a share link without its tracking query', () => {
    expect(short('https://m.facebook.com/share/v/1AbC/?mibextid=xyz').canonical_url).toBe('https://facebook.com/share/v/1AbC');
  });
});

describe('what a redirect proves', () => {
  const fb = short('https://fb.watch/abc');
  const tt = short('https://vt.tiktok.com/ZSabc/');

  it('resolves at once to a content item of the same platform, canonical', () => {
    const step = judgeRedirect(fb, 'https://fb.watch/abc', 'https://www.facebook.com/watch/?v=123&ref=sharing&mibextid=1');
    expect(step).toMatchObject({ next: 'resolved', target: { content_key: 'facebook:video:123', canonical_url: 'https://facebook.com/watch?v=123' } });
    const tik = judgeRedirect(tt, 'https://vt.tiktok.com/ZSabc/', 'https://www.tiktok.com/@someone/video/7312345678901234567?_r=1&_t=8abc');
    expect(tik).toMatchObject({ next: 'resolved', target: { content_key: 'tiktok:video:7312345678901234567' } });
  });

  it('follows another short link or a page of the same platform, relative locations too', () => {
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'https://m.facebook.com/share/v/xyz/')).toEqual({ next: 'follow', url: 'https://m.facebook.com/share/v/xyz/' });
    expect(judgeRedirect(fb, 'https://www.facebook.com/share/v/xyz', '/some.page/')).toEqual({ next: 'follow', url: 'https://www.facebook.com/some.page/' });
  });

  it('never follows a link off the platform, shims included', () => {
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'https://example.com/news')).toEqual({ next: 'unresolvable', reason: 'other_site' });
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.com%2F')).toEqual({ next: 'unresolvable', reason: 'other_site' });
    expect(judgeRedirect(tt, 'https://vt.tiktok.com/ZSabc/', 'https://www.facebook.com/watch/?v=1')).toEqual({ next: 'unresolvable', reason: 'other_site' });
    // A look-alike host is another site.
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'https://www.faceb00k.com/watch/?v=1')).toEqual({ next: 'unresolvable', reason: 'other_site' });
  });

  it('refuses what is not an http(s) URL', () => {
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'javascript:alert(1)')).toEqual({ next: 'unresolvable', reason: 'invalid_redirect' });
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'http://exa mple.com/')).toEqual({ next: 'unresolvable', reason: 'invalid_redirect' });
  });

  it('counts a login wall as unresolved, unless its next names one item of the platform', () => {
    const wall = 'https://www.facebook.com/login/?next=https%3A%2F%2Fwww.facebook.com%2Fshare%2Fv%2Fxyz%2F';
    expect(judgeRedirect(fb, 'https://fb.watch/abc', wall)).toEqual({ next: 'unresolvable', reason: 'login_wall' });
    expect(judgeRedirect(fb, 'https://fb.watch/abc', 'https://www.facebook.com/checkpoint/?next')).toEqual({ next: 'unresolvable', reason: 'login_wall' });
    const withItem = 'https://www.facebook.com/login.php?next=https%3A%2F%2Fwww.facebook.com%2Freel%2F987654';
    expect(judgeRedirect(fb, 'https://fb.watch/abc', withItem)).toMatchObject({ next: 'resolved', target: { content_key: 'facebook:video:987654' } });
    // …and never another site named in next.
    const away = 'https://www.facebook.com/login.php?next=https%3A%2F%2Fexample.com%2Fvideo%2F1';
    expect(judgeRedirect(fb, 'https://fb.watch/abc', away)).toEqual({ next: 'unresolvable', reason: 'login_wall' });
    expect(judgeRedirect(tt, 'https://vt.tiktok.com/ZSabc/', 'https://www.tiktok.com/login?redirect_url=%2F')).toEqual({ next: 'unresolvable', reason: 'login_wall' });
  });
});

describe('what a final page proves', () => {
  const fb = short('https://fb.watch/abc');
  it('takes a content item, or a profile or page of the platform', () => {
    expect(judgeFinal(fb, 'https://www.facebook.com/reel/42', null)).toMatchObject({ next: 'resolved', target: { content_key: 'facebook:video:42' } });
    expect(judgeFinal(fb, 'https://www.facebook.com/some.page', null)).toMatchObject({ next: 'resolved', target: { canonical_url: 'https://facebook.com/some.page' } });
  });
  it('never a home page, a generic route or a login form: dead links land there', () => {
    expect(judgeFinal(fb, 'https://www.facebook.com/', null)).toEqual({ next: 'unresolvable', reason: 'not_found' });
    expect(judgeFinal(fb, 'https://www.facebook.com/watch/', null)).toEqual({ next: 'unresolvable', reason: 'not_content' });
    expect(judgeFinal(fb, 'https://www.facebook.com/login/', null)).toEqual({ next: 'unresolvable', reason: 'login_wall' });
    expect(judgeFinal(fb, 'https://fb.watch/abc', null)).toEqual({ next: 'unresolvable', reason: 'no_target' });
  });
  it('reads the page’s own og:url on the platform only', () => {
    expect(judgeFinal(fb, 'https://fb.watch/abc', 'https://www.facebook.com/watch/?v=77')).toMatchObject({ next: 'resolved', target: { content_key: 'facebook:video:77' } });
    expect(judgeFinal(fb, 'https://fb.watch/abc', 'https://example.com/77')).toEqual({ next: 'unresolvable', reason: 'no_target' });
  });
  it('finds og:url or rel=canonical in a page, either attribute order', () => {
    expect(declaredUrl('<html><head><meta property="og:url" content="https://www.facebook.com/reel/1?a=1&amp;b=2" /></head>')).toBe('https://www.facebook.com/reel/1?a=1&b=2');
    expect(declaredUrl("<meta content='https://x.example/1' property='og:url'>")).toBe('https://x.example/1');
    expect(declaredUrl('<link rel="canonical" href="https://www.tiktok.com/@a/video/1">')).toBe('https://www.tiktok.com/@a/video/1');
    expect(declaredUrl('<p>nothing</p>')).toBeNull();
  });
  it('stays linear on a hostile page', () => {
    const start = performance.now();
    declaredUrl(`<meta ${'property="og:url" '.repeat(5000)}`);
    declaredUrl('<meta '.repeat(20_000));
    expect(performance.now() - start).toBeLessThan(500);
  });
});

describe('statuses and retries', () => {
  it('tells a dead link from a passing failure', () => {
    expect(judgeStatus(404)).toEqual({ final: 'not_found' });
    expect(judgeStatus(410)).toEqual({ final: 'not_found' });
    expect(judgeStatus(403)).toEqual({ final: 'login_wall' });
    expect(judgeStatus(429)).toEqual({ transient: 'rate_limited' });
    expect(judgeStatus(503)).toEqual({ transient: 'server_error' });
  });
  it('backs off a few times, then gives up', () => {
    expect(RETRY_DELAYS_MS.length).toBeGreaterThanOrEqual(3);
    for (let n = 1; n < RETRY_DELAYS_MS.length; n++) expect(retryDelay(n + 1)!).toBeGreaterThan(retryDelay(n)!);
    expect(retryDelay(RETRY_DELAYS_MS.length + 1)).toBeNull();
  });
});

describe('joining the target’s case', () => {
  const c = (id: string, status: string, platform = 'facebook') => ({ id, status, platform });
  it('merges a case nobody acted on into an open target', () => {
    expect(shortLinkJoin(c('a', 'received'), c('b', 'received'))).toBe('merge');
    expect(shortLinkJoin(c('a', 'received'), c('b', 'in_review'))).toBe('merge');
  });
  it('links when either has been acted on', () => {
    for (const s of ['decided', 'appealed', 'closed']) expect(shortLinkJoin(c('a', 'received'), c('b', s))).toBe('link');
    expect(shortLinkJoin(c('a', 'in_review'), c('b', 'received'))).toBe('link');
  });
  it('does nothing across platforms or with itself', () => {
    expect(shortLinkJoin(c('a', 'received'), c('b', 'received', 'tiktok'))).toBeNull();
    expect(shortLinkJoin(c('a', 'received'), c('a', 'received'))).toBeNull();
  });
});
