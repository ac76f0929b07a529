import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { truncateUrlForPublic, truncateUrlsInText, INVALID_PUBLIC_URL, URL_PLACEHOLDER } from './public-url.ts';

describe('truncateUrlForPublic', () => {
  it('hides the account name of a Facebook post', () => {
    expect(truncateUrlForPublic('https://www.facebook.com/nguyen.van.a/posts/123')).toBe('facebook.com/…');
    expect(truncateUrlForPublic('https://m.facebook.com/nguyen.van.a')).toBe('facebook.com/…');
  });

  it('shows a structural first segment but nothing after it', () => {
    expect(truncateUrlForPublic('https://www.youtube.com/watch?v=abc')).toBe('youtube.com/watch…');
    expect(truncateUrlForPublic('https://www.facebook.com/groups/hoi-nhung-nguoi-thich-tin-don/posts/9')).toBe('facebook.com/groups/…');
    expect(truncateUrlForPublic('https://www.facebook.com/permalink.php?story_fbid=1&id=2')).toBe('facebook.com/permalink.php…');
    expect(truncateUrlForPublic('https://www.instagram.com/p/CxYz123AbC/')).toBe('instagram.com/p/…');
    expect(truncateUrlForPublic('https://www.facebook.com/watch')).toBe('facebook.com/watch');
  });

  it('shows share links the same way as the page they point at', () => {
    expect(truncateUrlForPublic('https://youtu.be/dQw4w9WgXcQ?si=abc')).toBe('youtube.com/watch…');
    expect(truncateUrlForPublic('https://youtube.com/shorts/dQw4w9WgXcQ')).toBe('youtube.com/watch…');
  });

  it('never shows user handles on X, TikTok or YouTube', () => {
    expect(truncateUrlForPublic('https://twitter.com/someone/status/1790000000000000000')).toBe('x.com/…');
    expect(truncateUrlForPublic('https://www.tiktok.com/@user.name/video/7300000000000000000')).toBe('tiktok.com/…');
    expect(truncateUrlForPublic('https://www.youtube.com/@kenh-cua-toi')).toBe('youtube.com/…');
  });

  it('never shows query strings or fragments', () => {
    const shown = truncateUrlForPublic('https://news.example.vn/?email=a%40b.vn&phone=0912345678#nguyen');
    expect(shown).toBe('news.example.vn'); // canonicalization drops these parameters (url-query.ts); a kept id still shows as …
    expect(truncateUrlForPublic('https://news.example.vn/?id=42')).toBe('news.example.vn/…');
    expect(truncateUrlForPublic('https://vnexpress.net/thoi-su/bai-viet-123.html')).toBe('vnexpress.net/…');
  });

  it('shows just the host for a home page', () => {
    expect(truncateUrlForPublic('https://www.example.vn/')).toBe('example.vn');
    expect(truncateUrlForPublic('https://example.vn/#section')).toBe('example.vn');
  });

  it('hides author names used as blog subdomains', () => {
    expect(truncateUrlForPublic('https://nguyenvana.blogspot.com/2024/01/bai.html')).toBe('*.blogspot.com/…');
    expect(truncateUrlForPublic('https://tranthib.wordpress.com/')).toBe('*.wordpress.com');
  });

  it('answers invalid input with a placeholder instead of throwing', () => {
    for (const input of ['', 'not a url', 'javascript:alert(1)', 'https://localhost/x']) {
      expect(truncateUrlForPublic(input)).toBe(INVALID_PUBLIC_URL);
    }
  });

  it('never throws, never shows a query or fragment, and never shows more than one path segment', () => {
    fc.assert(
      fc.property(fc.oneof(fc.webUrl({ withQueryParameters: true, withFragments: true }), fc.string({ unit: 'binary' })), (input) => {
        const shown = truncateUrlForPublic(input);
        expect(shown).not.toMatch(/[?#]/);
        expect(shown.split('/').length).toBeLessThanOrEqual(3);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('truncateUrlsInText', () => {
  it('shows every URL quoted in free text as a reported URL is shown', () => {
    expect(truncateUrlsInText('Xem https://www.facebook.com/nguyen.van.a/posts/1, rồi www.tiktok.com/@user.name.')).toBe('Xem facebook.com/…, rồi tiktok.com/….');
    expect(truncateUrlsInText('Trang facebook.com/nguyen.van.a (giả mạo) và zalo.me/0912345678')).toBe('Trang facebook.com/… (giả mạo) và zalo.me/…');
    expect(truncateUrlsInText('(https://www.youtube.com/watch?v=abc)')).toBe('(youtube.com/watch…)');
    expect(truncateUrlsInText(`Link http://localhost/x lỗi`)).toBe(`Link ${URL_PLACEHOLDER} lỗi`);
  });

  it('leaves text that only looks like a path alone', () => {
    for (const text of ['Hà Nội/TP.HCM/Đà Nẵng', 'Nghị định 147/2024/NĐ-CP', 'vnexpress.net đưa tin', 'và/hoặc', 'a.b/c']) expect(truncateUrlsInText(text)).toBe(text);
  });

  it('leaves its own output as it is, but not an account name ending in "…"', () => {
    for (const shown of ['facebook.com/…', 'facebook.com/groups/…', 'youtube.com/watch…', '*.blogspot.com/…'])
      expect(truncateUrlsInText(`xem ${shown} nhé`)).toBe(`xem ${shown} nhé`);
    expect(truncateUrlsInText('xem facebook.com/nguyen.van.a… nhé')).toBe('xem facebook.com/… nhé');
  });
});
