import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalizeUrl, MAX_URL_LENGTH } from './url-canonical.ts';
import { AppError } from './errors.ts';

const key = (url: string): string => canonicalizeUrl(url).content_key;

function rejection(input: string): AppError {
  try {
    canonicalizeUrl(input);
  } catch (error) {
    if (error instanceof AppError) return error;
    throw error;
  }
  throw new Error(`expected ${JSON.stringify(input)} to be rejected`);
}

describe('canonicalizeUrl: Facebook', () => {
  const post = 'facebook:facebook.com/nguyen.van.a/posts/123456789';

  it('gives every variant of the same post the same key', () => {
    const variants = [
      'https://www.facebook.com/nguyen.van.a/posts/123456789',
      'http://facebook.com/nguyen.van.a/posts/123456789/',
      'https://m.facebook.com/nguyen.van.a/posts/123456789?fbclid=IwAR0abc',
      'https://mbasic.facebook.com/nguyen.van.a/posts/123456789?refid=52&__tn__=%2AW-R',
      'https://web.facebook.com/nguyen.van.a/posts/123456789?utm_source=zalo&utm_medium=share',
      'https://touch.facebook.com/nguyen.van.a/posts/123456789#comments',
      'https://business.facebook.com/nguyen.van.a/posts/123456789',
      'https://vi-vn.facebook.com/nguyen.van.a/posts/123456789',
      'https://fb.com/nguyen.van.a/posts/123456789',
      'https://www.facebook.com//nguyen.van.a//posts/123456789?__cft__[0]=AZW&__tn__=%2CO%2CP-R&mibextid=Nif5oz',
      '  https://WWW.FACEBOOK.COM/nguyen.van.a/posts/123456789  ',
    ];
    for (const url of variants) expect(key(url), url).toBe(post);
    expect(canonicalizeUrl(variants[0]!)).toEqual({
      platform: 'facebook',
      canonical_url: 'https://facebook.com/nguyen.van.a/posts/123456789',
      content_key: post,
    });
  });

  it('keeps the query parameters that identify the content', () => {
    expect(key('https://m.facebook.com/story.php?story_fbid=111&id=222&refid=8&_rdr')).toBe('facebook:facebook.com/story.php?id=222&story_fbid=111');
    expect(key('https://www.facebook.com/photo.php?fbid=333&set=a.444&__cft__[0]=x')).toBe('facebook:facebook.com/photo.php?fbid=333&set=a.444');
    expect(key('https://www.facebook.com/watch/?v=555&ref=sharing')).toBe('facebook:facebook.com/watch?v=555');
    expect(key('https://www.facebook.com/permalink.php?story_fbid=1&id=2&comment_id=3')).toBe('facebook:facebook.com/permalink.php?comment_id=3&id=2&story_fbid=1');
  });

  it('keeps different posts, photos and comments apart', () => {
    const keys = [
      'https://www.facebook.com/nguyen.van.a/posts/123456789',
      'https://www.facebook.com/nguyen.van.a/posts/123456780',
      'https://www.facebook.com/tran.thi.b/posts/123456789',
      'https://www.facebook.com/photo.php?fbid=1',
      'https://www.facebook.com/photo.php?fbid=2',
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2&comment_id=3',
    ].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('orders query parameters so that their order does not matter', () => {
    expect(key('https://facebook.com/story.php?id=2&story_fbid=1')).toBe(key('https://facebook.com/story.php?story_fbid=1&id=2'));
  });

  it('unwraps the Facebook outbound link shim to the linked page', () => {
    const shim = 'https://l.facebook.com/l.php?u=https%3A%2F%2Fvnexpress.net%2Fbai-viet-123.html%3Futm_source%3Dfacebook&h=AT0xyz';
    expect(canonicalizeUrl(shim)).toEqual(canonicalizeUrl('https://vnexpress.net/bai-viet-123.html'));
  });

  it('rejects a link shim that points at a dangerous scheme', () => {
    expect(rejection('https://l.facebook.com/l.php?u=javascript%3Aalert(1)').code).toBe('validation_failed');
  });
});

describe('canonicalizeUrl: YouTube', () => {
  const video = 'youtube:youtube.com/watch?v=dQw4w9WgXcQ';

  it('folds share links, shorts, embeds, live and mobile/music hosts into watch?v=', () => {
    const variants = [
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://youtube.com/watch?v=dQw4w9WgXcQ&feature=share&pp=ygUE',
      'https://m.youtube.com/watch?v=dQw4w9WgXcQ&t=42s',
      'https://music.youtube.com/watch?v=dQw4w9WgXcQ&si=abcdef',
      'https://youtu.be/dQw4w9WgXcQ',
      'https://youtu.be/dQw4w9WgXcQ?si=Xy12abc&t=30',
      'https://www.youtube.com/shorts/dQw4w9WgXcQ',
      'https://youtube.com/shorts/dQw4w9WgXcQ/?feature=share',
      'https://www.youtube.com/embed/dQw4w9WgXcQ?autoplay=1',
      'https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ',
      'https://www.youtube.com/live/dQw4w9WgXcQ?si=abc',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx&index=3',
    ];
    for (const url of variants) expect(key(url), url).toBe(video);
    expect(canonicalizeUrl('https://youtu.be/dQw4w9WgXcQ').canonical_url).toBe('https://youtube.com/watch?v=dQw4w9WgXcQ');
  });

  it('keeps video ids case-sensitive and distinct', () => {
    expect(key('https://youtu.be/dQw4w9WgXcQ')).not.toBe(key('https://youtu.be/DQW4W9WGXCQ'));
  });

  it('keeps playlists and searches that have no video id', () => {
    expect(key('https://www.youtube.com/playlist?list=PL123&si=x')).toBe('youtube:youtube.com/playlist?list=PL123');
    expect(key('https://www.youtube.com/results?search_query=tin+gia')).toBe('youtube:youtube.com/results?search_query=tin+gia');
  });

  it('does not invent a watch URL from a channel or an odd-length id', () => {
    expect(key('https://www.youtube.com/@kenh-tin-tuc/live')).toBe('youtube:youtube.com/@kenh-tin-tuc/live');
    expect(key('https://youtu.be/short')).toBe('youtube:youtu.be/short');
  });
});

describe('canonicalizeUrl: X, TikTok, Instagram, Threads', () => {
  it('folds twitter.com and mobile hosts into x.com and drops share parameters', () => {
    const status = 'x:x.com/someone/status/1790000000000000000';
    for (const url of [
      'https://twitter.com/someone/status/1790000000000000000',
      'https://mobile.twitter.com/SomeOne/status/1790000000000000000?s=20&t=AbCd',
      'https://mobile.x.com/someone/status/1790000000000000000',
      'https://x.com/someone/status/1790000000000000000?ref_src=twsrc%5Etfw',
    ]) {
      expect(key(url), url).toBe(status);
    }
    expect(key('https://x.com/search?q=tin%20gi%E1%BA%A3&src=typed_query')).toBe('x:x.com/search?q=tin%20gi%E1%BA%A3');
  });

  it('folds TikTok hosts and drops web-app parameters', () => {
    const video = 'tiktok:tiktok.com/@user.name/video/7300000000000000000';
    for (const url of [
      'https://www.tiktok.com/@user.name/video/7300000000000000000?is_from_webapp=1&sender_device=pc',
      'https://m.tiktok.com/@user.name/video/7300000000000000000?_r=1&_t=8abc&lang=vi',
      'https://tiktok.com/@user.name/video/7300000000000000000/',
    ]) {
      expect(key(url), url).toBe(video);
    }
    expect(canonicalizeUrl('https://vm.tiktok.com/ZSabc123/').platform).toBe('tiktok');
  });

  it('drops Instagram share parameters but keeps the case-sensitive shortcode', () => {
    expect(key('https://www.instagram.com/p/CxYz123AbC/?igsh=MWQ1ZGUxMzBkMA%3D%3D&img_index=2')).toBe('instagram:instagram.com/p/CxYz123AbC');
    expect(key('https://instagram.com/reel/CxYz123AbC?igshid=abc')).not.toBe(key('https://instagram.com/reel/cxyz123abc'));
  });

  it('treats threads.net and threads.com as one site', () => {
    expect(key('https://www.threads.net/@someone/post/C1a2b3?xmt=AQG')).toBe('threads:threads.com/@someone/post/C1a2b3');
    expect(key('https://threads.com/@someone/post/C1a2b3')).toBe('threads:threads.com/@someone/post/C1a2b3');
  });
});

describe('canonicalizeUrl: news sites and other web pages', () => {
  it('strips tracking parameters but keeps everything else', () => {
    expect(key('https://vnexpress.net/bai-viet-123.html?utm_source=facebook&utm_campaign=x&fbclid=1&gclid=2&zarsrc=30&gidzl=abc&_ga=1.2&mc_cid=1&mc_eid=2')).toBe('web:vnexpress.net/bai-viet-123.html');
    expect(key('https://baomoi.com/tin.epi?id=42&page=2&utm_medium=social')).toBe('web:baomoi.com/tin.epi?id=42&page=2');
    expect(key('https://example.vn/article?s=abc&t=1&si=2&feature=x')).toBe('web:example.vn/article?feature=x&s=abc&si=2&t=1');
  });

  it('matches tracking names case-insensitively and when percent-encoded', () => {
    expect(key('https://example.vn/a?UTM_SOURCE=x&%75tm_medium=y&id=1')).toBe('web:example.vn/a?id=1');
  });

  it('keeps a bare flag parameter as written', () => {
    expect(key('https://example.vn/a?print')).toBe('web:example.vn/a?print');
  });

  it('normalises scheme, host case, default port, www, fragment, slashes and safe escapes', () => {
    const expected = 'web:example.com/~tin/a';
    for (const url of [
      'HTTP://WWW.Example.COM:80/~tin/a/',
      'https://example.com:443//~tin//a#top',
      'https://example.com./%7Etin/a',
      'https://user:secret@www.example.com/~tin/a',
    ]) {
      expect(key(url), url).toBe(expected);
    }
    expect(key('https://example.com/')).toBe('web:example.com/');
    expect(key('https://example.com:8080/a')).toBe('web:example.com:8080/a');
  });

  it('keeps escapes whose decoding would change the meaning, with upper-case hex', () => {
    expect(key('https://example.com/a%2fb?q=%e1%bb%87%26x')).toBe('web:example.com/a%2Fb?q=%E1%BB%87%26x');
  });

  it('keys internationalised domains on their punycode form', () => {
    expect(canonicalizeUrl('https://nguyễn.vn/tin').canonical_url).toBe('https://xn--nguyn-s71b.vn/tin');
    expect(key('https://nguyễn.vn/tin')).toBe(key('https://xn--nguyn-s71b.vn/tin'));
  });

  it('accepts IP addresses', () => {
    expect(key('http://192.168.1.10/page')).toBe('web:192.168.1.10/page');
  });

  it('does not strip www when nothing registrable would remain', () => {
    expect(key('https://www.com/a')).toBe('web:www.com/a');
  });
});

describe('canonicalizeUrl: rejected input', () => {
  it.each([
    ['', /empty/],
    ['   ', /empty/],
    ['javascript:alert(1)', /http:\/\/ or https:\/\//],
    ['data:text/html,<script>alert(1)</script>', /http:\/\/ or https:\/\//],
    ['mailto:someone@example.com', /http:\/\/ or https:\/\//],
    ['ftp://example.com/file', /http:\/\/ or https:\/\//],
    ['/relative/path', /http:\/\/ or https:\/\//],
    ['facebook.com/abc', /http:\/\/ or https:\/\//],
    ['https://localhost/admin', /domain name/],
    ['https://', /parsed|host/],
    ['https://exa mple.com', /spaces/],
    ['https://example.com/a\nb', /control characters|spaces/],
    ['https://a..b/', /valid domain/],
    ['https://exa$mple.com/', /valid domain/],
    [`https://example.com/${'a'.repeat(MAX_URL_LENGTH)}`, /longer than 2048/],
  ])('rejects %j with a clear message', (input, message) => {
    const error = rejection(input);
    expect(error.code).toBe('validation_failed');
    expect(error.message).toMatch(message);
    expect(error.fields[0]?.field).toBe('url');
  });

  it('rejects a URL that only exceeds the limit once non-ASCII characters are escaped', () => {
    expect(rejection(`https://example.com/${'ệ'.repeat(400)}`).message).toMatch(/once normalised/);
  });
});

describe('canonicalizeUrl: properties', () => {
  const urlLike = fc.oneof(
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `https://www.facebook.com/${s}`),
    fc.string({ unit: 'binary-ascii', maxLength: 80 }).map((s) => `http://m.youtube.com/${s}`),
    fc.string({ unit: 'binary', maxLength: 120 }),
    fc.tuple(fc.constantFrom('https://', 'http://', 'HTTPS://WWW.', 'https://l.facebook.com/l.php?u='), fc.string({ unit: 'binary-ascii', maxLength: 80 })).map(([a, b]) => a + b),
  );

  it('never throws anything but a validation AppError', () => {
    fc.assert(
      fc.property(urlLike, (input) => {
        try {
          canonicalizeUrl(input);
        } catch (error) {
          expect(error).toBeInstanceOf(AppError);
          expect((error as AppError).code).toBe('validation_failed');
        }
      }),
      { numRuns: 3000 },
    );
  });

  it('is idempotent and keeps keys within the length limit', () => {
    fc.assert(
      fc.property(urlLike, (input) => {
        let first;
        try {
          first = canonicalizeUrl(input);
        } catch {
          return;
        }
        expect(canonicalizeUrl(first.canonical_url)).toEqual(first);
        expect(first.content_key.length).toBeLessThanOrEqual(MAX_URL_LENGTH);
        expect(first.canonical_url.startsWith('https://')).toBe(true);
        expect(first.canonical_url).not.toContain('#');
      }),
      { numRuns: 3000 },
    );
  });
});
