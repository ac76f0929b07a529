import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { canonicalizeUrl, currentCanonical, MAX_URL_LENGTH } from './url-canonical.ts';
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
  const post = 'facebook:post:123456789';

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
      kind: 'post',
      id: '123456789',
      canonical_url: 'https://facebook.com/nguyen.van.a/posts/123456789',
      content_key: post,
    });
  });

  it('reads the item from the query parameters that identify it', () => {
    expect(key('https://m.facebook.com/story.php?story_fbid=111&id=222&refid=8&_rdr')).toBe('facebook:post:111');
    expect(key('https://www.facebook.com/photo.php?fbid=333&set=a.444&__cft__[0]=x')).toBe('facebook:photo:333');
    expect(key('https://www.facebook.com/watch/?v=555&ref=sharing')).toBe('facebook:video:555');
    expect(key('https://www.facebook.com/permalink.php?story_fbid=1&id=2&comment_id=3')).toBe('facebook:comment:1_3');
    expect(canonicalizeUrl('https://m.facebook.com/story.php?story_fbid=111&id=222&refid=8').canonical_url).toBe('https://facebook.com/story.php?id=222&story_fbid=111');
  });

  // story_fbid and /posts/{id} are the same global object id, so all of these are one post.
  it.each([
    [
      'post',
      'facebook:post:10160000000000001',
      [
        'https://www.facebook.com/nguyen.van.a/posts/10160000000000001',
        'https://www.facebook.com/NGUYEN.VAN.A/posts/10160000000000001/?__cft__[0]=AZ&__tn__=%2CO',
        'https://www.facebook.com/100000000000001/posts/10160000000000001',
        'https://www.facebook.com/permalink.php?story_fbid=10160000000000001&id=100000000000001',
        'https://m.facebook.com/story.php?story_fbid=10160000000000001&id=100000000000001&mibextid=Nif5oz',
        'https://mbasic.facebook.com/story.php?id=100000000000001&story_fbid=10160000000000001&refid=17',
        'https://vi-vn.facebook.com/permalink.php?story_fbid=10160000000000001&id=100000000000001',
        'https://fb.com/nguyen.van.a/posts/10160000000000001',
      ],
    ],
    [
      'pfbid post',
      'facebook:post:pfbid02AbCdEfGh1234567890xyz',
      [
        'https://www.facebook.com/nguyen.van.a/posts/pfbid02AbCdEfGh1234567890xyz',
        'https://m.facebook.com/story.php?story_fbid=pfbid02AbCdEfGh1234567890xyz&id=100000000000001',
        'https://web.facebook.com/permalink.php?story_fbid=pfbid02AbCdEfGh1234567890xyz&id=100000000000001&_rdc=1&_rdr',
      ],
    ],
    [
      'photo',
      'facebook:photo:1234567890123',
      [
        'https://www.facebook.com/photo.php?fbid=1234567890123&set=a.111&type=3',
        'https://www.facebook.com/photo/?fbid=1234567890123&set=a.111',
        'https://m.facebook.com/photo.php?fbid=1234567890123&id=100000000000001&set=a.111&source=48',
        'https://www.facebook.com/nguyen.van.a/photos/a.111/1234567890123/',
        'https://www.facebook.com/nguyen.van.a/photos/pcb.222/1234567890123/?type=3',
        'https://touch.facebook.com/nguyen.van.a/photos/1234567890123',
      ],
    ],
    [
      'video',
      'facebook:video:987654321098765',
      [
        'https://www.facebook.com/nguyen.van.a/videos/987654321098765/',
        'https://www.facebook.com/nguyen.van.a/videos/ten-video-hay/987654321098765/',
        'https://www.facebook.com/watch/?v=987654321098765',
        'https://m.facebook.com/watch?v=987654321098765&ref=sharing',
        'https://www.facebook.com/watch/live/?v=987654321098765',
        'https://www.facebook.com/reel/987654321098765/?mibextid=rS40aB7S9Ucbxw6v',
        'https://www.facebook.com/video.php?v=987654321098765',
        'https://business.facebook.com/videos/987654321098765',
      ],
    ],
    [
      'group post',
      'facebook:group_post:hoi-tin-don:555666777888',
      [
        'https://www.facebook.com/groups/hoi-tin-don/posts/555666777888/',
        'https://www.facebook.com/groups/Hoi-Tin-Don/permalink/555666777888/',
        'https://m.facebook.com/groups/hoi-tin-don/permalink/555666777888/?m_entstream_source=group',
        'https://www.facebook.com/groups/hoi-tin-don/?multi_permalinks=555666777888&notif_id=1&ref=notif',
      ],
    ],
  ])('gives every URL form of one Facebook %s one key', (_what, expected, urls) => {
    for (const url of urls) expect(key(url), url).toBe(expected);
  });

  it('keeps different Facebook items apart', () => {
    const keys = [
      'https://www.facebook.com/a/posts/1001',
      'https://www.facebook.com/a/posts/1002',
      'https://www.facebook.com/a/posts/pfbid02AbCdEfGh1234567890xyz',
      'https://www.facebook.com/a/posts/pfbid02abcdefgh1234567890xyz',
      'https://www.facebook.com/photo.php?fbid=1001',
      'https://www.facebook.com/watch/?v=1001',
      'https://www.facebook.com/groups/g1/posts/1001',
      'https://www.facebook.com/groups/g2/posts/1001',
      'https://www.facebook.com/a/posts/1001?comment_id=7',
      'https://www.facebook.com/a/posts/1001?comment_id=7&reply_comment_id=8',
      'https://www.facebook.com/a',
      'https://www.facebook.com/profile.php?id=1001',
    ].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps short links as their own key until they are resolved', () => {
    for (const [url, expected] of [
      ['https://fb.watch/pQr3StUv_W/?mibextid=Nif5oz', 'facebook:short:fb.watch/pQr3StUv_W'],
      ['https://www.facebook.com/share/p/1AbCdEfGhI/?mibextid=WC7FNe', 'facebook:short:facebook.com/share/p/1AbCdEfGhI'],
      ['https://m.facebook.com/share/v/1AbCdEfGhI/', 'facebook:short:facebook.com/share/v/1AbCdEfGhI'],
      ['https://www.facebook.com/share/r/1AbCdEfGhI', 'facebook:short:facebook.com/share/r/1AbCdEfGhI'],
    ] as const) {
      expect(canonicalizeUrl(url), url).toMatchObject({ kind: 'short_link', content_key: expected });
    }
    expect(key('https://fb.watch/pQr3StUv_W')).not.toBe(key('https://fb.watch/pqr3stuv_w'));
  });

  it('keys profiles, pages and anything unrecognised by the cleaned URL', () => {
    expect(canonicalizeUrl('https://m.facebook.com/nguyen.van.a?refid=1')).toMatchObject({ kind: 'page', content_key: 'facebook:facebook.com/nguyen.van.a' });
    expect(key('https://www.facebook.com/profile.php?id=1001&sk=photos')).toBe('facebook:facebook.com/profile.php?id=1001&sk=photos');
    expect(key('https://www.facebook.com/a/posts/not-an-id')).toBe('facebook:facebook.com/a/posts/not-an-id');
    // An ambiguous id falls back to the page key instead of guessing.
    expect(key('https://www.facebook.com/watch/?v=1&v=2')).toBe('facebook:facebook.com/watch?v=1&v=2');
  });

  it('keeps different posts, photos and comments apart', () => {
    const keys = [
      'https://www.facebook.com/nguyen.van.a/posts/123456789',
      'https://www.facebook.com/nguyen.van.a/posts/123456780',
      'https://www.facebook.com/photo.php?fbid=1',
      'https://www.facebook.com/photo.php?fbid=2',
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2&comment_id=3',
    ].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keys a post by its global id, whichever page name the link carries', () => {
    expect(key('https://www.facebook.com/tran.thi.b/posts/123456789')).toBe(key('https://www.facebook.com/nguyen.van.a/posts/123456789'));
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
  const video = 'youtube:video:dQw4w9WgXcQ';

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
      'https://www.youtube.com/v/dQw4w9WgXcQ',
      'https://m.youtube.com/shorts/dQw4w9WgXcQ?si=abc',
      'https://youtube.com/watch?feature=youtu.be&v=dQw4w9WgXcQ',
    ];
    for (const url of variants) expect(key(url), url).toBe(video);
    expect(canonicalizeUrl('https://youtu.be/dQw4w9WgXcQ').canonical_url).toBe('https://youtube.com/watch?v=dQw4w9WgXcQ');
  });

  it('keeps video ids case-sensitive and distinct', () => {
    expect(key('https://youtu.be/dQw4w9WgXcQ')).not.toBe(key('https://youtu.be/DQW4W9WGXCQ'));
    expect(key('https://youtu.be/dQw4w9WgXcQ')).not.toBe(key('https://youtu.be/dQw4w9WgXcR'));
  });

  it('recognises channels by handle or id', () => {
    for (const url of ['https://www.youtube.com/@KenhTinTuc', 'https://m.youtube.com/@kenhtintuc/videos?si=x', 'https://youtube.com/@kenhtintuc/featured']) {
      expect(canonicalizeUrl(url), url).toMatchObject({ kind: 'channel', content_key: 'youtube:channel:@kenhtintuc' });
    }
    const channelId = 'UCabcdefghijklmnopqrstuv';
    expect(key(`https://www.youtube.com/channel/${channelId}`)).toBe(`youtube:channel:${channelId}`);
    expect(key(`https://www.youtube.com/channel/${channelId}/videos`)).toBe(`youtube:channel:${channelId}`);
    expect(key(`https://www.youtube.com/channel/${channelId}`)).not.toBe(key(`https://www.youtube.com/channel/${channelId.toUpperCase()}`));
    expect(key('https://www.youtube.com/@kenh-a')).not.toBe(key('https://www.youtube.com/@kenh-b'));
  });

  it('does not mistake 11-letter route words for video ids', () => {
    expect(canonicalizeUrl('https://www.youtube.com/embed/videoseries?list=PL123').kind).toBe('page');
    expect(canonicalizeUrl('https://www.youtube.com/embed/live_stream?channel=UC1').kind).toBe('page');
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
  it.each([
    [
      'X post',
      'x:post:1790000000000000000',
      [
        'https://twitter.com/someone/status/1790000000000000000',
        'https://mobile.twitter.com/SomeOne/status/1790000000000000000?s=20&t=AbCd',
        'https://mobile.x.com/someone/status/1790000000000000000',
        'https://x.com/someone/status/1790000000000000000?ref_src=twsrc%5Etfw',
        'https://x.com/someone/status/1790000000000000000/photo/1',
        'https://x.com/other_name/status/1790000000000000000/video/1',
        'https://x.com/i/web/status/1790000000000000000',
        'https://twitter.com/i/status/1790000000000000000',
        'https://twitter.com/someone/statuses/1790000000000000000',
        'https://twitter.com/#!/someone/status/1790000000000000000',
      ],
    ],
    [
      'TikTok video',
      'tiktok:video:7300000000000000000',
      [
        'https://www.tiktok.com/@user.name/video/7300000000000000000?is_from_webapp=1&sender_device=pc',
        'https://m.tiktok.com/@user.name/video/7300000000000000000?_r=1&_t=8abc&lang=vi',
        'https://tiktok.com/@user.name/video/7300000000000000000/',
        'https://www.tiktok.com/@other/photo/7300000000000000000',
        'https://m.tiktok.com/v/7300000000000000000.html?u_code=abc',
        'https://www.tiktok.com/embed/v2/7300000000000000000',
      ],
    ],
    [
      'Instagram post',
      'instagram:post:CxYz123AbC',
      [
        'https://www.instagram.com/p/CxYz123AbC/?igsh=MWQ1ZGUxMzBkMA%3D%3D&img_index=2',
        'https://instagram.com/reel/CxYz123AbC?igshid=abc',
        'https://www.instagram.com/reels/CxYz123AbC/',
        'https://www.instagram.com/tv/CxYz123AbC',
        'https://www.instagram.com/some.user/p/CxYz123AbC/',
        'https://instagr.am/p/CxYz123AbC',
      ],
    ],
    [
      'Threads post',
      'threads:post:C1a2b3XyZ',
      ['https://www.threads.net/@someone/post/C1a2b3XyZ?xmt=AQG', 'https://threads.com/@someone/post/C1a2b3XyZ', 'https://www.threads.com/@someone/post/C1a2b3XyZ/?igshid=x'],
    ],
  ])('gives every URL form of one %s one key', (_what, expected, urls) => {
    for (const url of urls) expect(key(url), url).toBe(expected);
  });

  it('keeps different items apart, and shortcodes case-sensitive', () => {
    const keys = [
      'https://x.com/a/status/1790000000000000000',
      'https://x.com/a/status/1790000000000000001',
      'https://www.tiktok.com/@a/video/7300000000000000000',
      'https://www.tiktok.com/@a/video/7300000000000000001',
      'https://www.instagram.com/p/CxYz123AbC',
      'https://www.instagram.com/p/cxyz123abc',
      'https://www.threads.net/@a/post/C1a2b3XyZ',
      'https://www.threads.net/@a/post/C1a2b3XyY',
    ].map(key);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('keeps searches and profiles as pages', () => {
    expect(key('https://x.com/search?q=tin%20gi%E1%BA%A3&src=typed_query')).toBe('x:x.com/search?q=tin%20gi%E1%BA%A3');
    expect(canonicalizeUrl('https://www.tiktok.com/@user.name?lang=vi')).toMatchObject({ kind: 'page', content_key: 'tiktok:tiktok.com/@user.name' });
    expect(canonicalizeUrl('https://www.instagram.com/some.user/')).toMatchObject({ kind: 'page', content_key: 'instagram:instagram.com/some.user' });
  });

  it('keeps short links as their own key', () => {
    for (const [url, expected] of [
      ['https://vm.tiktok.com/ZSabc123/', 'tiktok:short:vm.tiktok.com/ZSabc123'],
      ['https://vt.tiktok.com/ZSabc123/?k=1', 'tiktok:short:vt.tiktok.com/ZSabc123'],
      ['https://www.tiktok.com/t/ZTabc123/', 'tiktok:short:tiktok.com/t/ZTabc123'],
      ['https://t.co/AbC123xyz', 'x:short:t.co/AbC123xyz'],
    ] as const) {
      expect(canonicalizeUrl(url), url).toMatchObject({ kind: 'short_link', content_key: expected });
    }
  });
});

describe('canonicalizeUrl: news sites and other web pages', () => {
  it('keeps only parameters that name content (ids, pages), dropping tracking and everything unknown', () => {
    expect(key('https://vnexpress.net/bai-viet-123.html?utm_source=facebook&utm_campaign=x&fbclid=1&gclid=2&zarsrc=30&gidzl=abc&_ga=1.2&mc_cid=1&mc_eid=2')).toBe(
      'web:vnexpress.net/bai-viet-123.html',
    );
    expect(key('https://baomoi.com/tin.epi?id=42&page=2&utm_medium=social')).toBe('web:baomoi.com/tin.epi?id=42&page=2');
    expect(key('https://example.vn/article?s=abc&t=1&si=2&feature=x')).toBe('web:example.vn/article?t=1');
    expect(key('https://example.vn/?p=123')).toBe('web:example.vn/?p=123');
    expect(key('https://example.vn/index.php?option=com_content&view=article&id=55&Itemid=9&lang=vi')).toBe(
      'web:example.vn/index.php?Itemid=9&id=55&option=com_content&view=article',
    );
    expect(key('https://forum.example.vn/showthread.php?t=98765&highlight=x')).toBe('web:forum.example.vn/showthread.php?t=98765');
    expect(key('https://example.vn/tin?id=bai-viet-hay-2024')).toBe('web:example.vn/tin?id=bai-viet-hay-2024');
    // Different ids stay different pages.
    expect(key('https://example.vn/tin.php?id=1')).not.toBe(key('https://example.vn/tin.php?id=2'));
  });

  it('matches parameter names case-insensitively and when percent-encoded', () => {
    expect(key('https://example.vn/a?UTM_SOURCE=x&%75tm_medium=y&%49D=1')).toBe('web:example.vn/a?ID=1');
  });

  it.each([
    [
      'https://vnexpress.net/bai-viet-123.html',
      [
        'https://vnexpress.net/bai-viet-123.html?amp',
        'https://vnexpress.net/bai-viet-123.html?amp=1&utm_source=zalo',
        'https://vnexpress.net/amp/bai-viet-123.html',
        'https://amp.vnexpress.net/bai-viet-123.html',
        'https://vnexpress.net/bai-viet-123.amp.html',
        'https://vnexpress.net/bai-viet-123.amp.html/amp',
        'https://www.google.com/amp/s/vnexpress.net/bai-viet-123.amp.html',
        'https://vnexpress-net.cdn.ampproject.org/c/s/vnexpress.net/amp/bai-viet-123.html',
      ],
    ],
    [
      'https://example.vn/tin/bai-456',
      [
        'https://example.vn/tin/bai-456/amp',
        'https://amp.example.vn/tin/amp/bai-456/amp',
        'https://example.vn/tin/bai-456/amp/',
        'https://example.vn/tin/bai-456?outputType=amp',
        'https://www.amp.example.vn/tin/bai-456?amp=true',
      ],
    ],
  ])('folds AMP editions into %s', (article, urls) => {
    for (const url of urls) expect(canonicalizeUrl(url), url).toEqual(canonicalizeUrl(article));
    expect(canonicalizeUrl(article).kind).toBe('page');
  });

  it('keeps a path that only looks like AMP', () => {
    expect(key('https://example.vn/example-amp/a')).toBe('web:example.vn/example-amp/a');
    expect(key('https://example.vn/a.amp')).toBe('web:example.vn/a.amp');
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
    expect(key('https://example.com/a%2fb')).toBe('web:example.com/a%2Fb');
    expect(key('https://www.youtube.com/results?search_query=%e1%bb%87%26x')).toBe('youtube:youtube.com/results?search_query=%E1%BB%87%26x');
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

  it('rejects invisible characters that disguise a host, and keys look-alike hosts as the site they are', () => {
    expect(rejection('https://face\u200bbook.com/a/posts/1').message).toMatch(/invisible/);
    expect(rejection('https://exa\u202emple.com/').message).toMatch(/invisible/);
    expect(rejection('https://xn--zz.com/').code).toBe('validation_failed');
    const lookalike = canonicalizeUrl('https://f\u0430cebook.com/a/posts/1');
    expect(lookalike.platform).toBe('xn--fcebook-2fg.com');
    expect(lookalike.content_key).toBe('web:xn--fcebook-2fg.com/a/posts/1');
    // Pasting from chat apps brings direction marks along at the ends; those are only trimmed.
    expect(key('\u200ehttps://www.facebook.com/a/posts/1\u200b')).toBe('facebook:post:1');
  });

  it('rejects a URL that only exceeds the limit once non-ASCII characters are escaped', () => {
    expect(rejection(`https://example.com/${'ệ'.repeat(400)}`).message).toMatch(/once normalised/);
  });
});

describe('canonicalizeUrl: properties', () => {
  // Known item forms with random ids, hosts and extra parameters, so the recognisers get exercised.
  const itemForms = fc
    .tuple(
      fc.constantFrom(
        'https://{fb}/{name}/posts/{id}',
        'https://{fb}/permalink.php?story_fbid={id}&id={num}',
        'https://{fb}/story.php?id={num}&story_fbid={id}',
        'https://{fb}/photo.php?fbid={num}',
        'https://{fb}/photo/?fbid={num}&set=a.{num}',
        'https://{fb}/{name}/photos/a.{num}/{num}',
        'https://{fb}/{name}/videos/{num}',
        'https://{fb}/watch/?v={num}',
        'https://{fb}/reel/{num}',
        'https://{fb}/groups/{name}/posts/{id}',
        'https://{fb}/groups/{name}/permalink/{id}?comment_id={code}',
        'https://{fb}/share/p/{code}',
        'https://fb.watch/{code}',
        'https://{yt}/watch?v={code}',
        'https://youtu.be/{code}',
        'https://{yt}/shorts/{code}',
        'https://{yt}/@{name}/videos',
        'https://{yt}/channel/UC{code}{code}',
        'https://{tt}/@{name}/video/{num}',
        'https://m.tiktok.com/v/{num}.html',
        'https://vm.tiktok.com/{code}',
        'https://{tw}/{name}/status/{num}/photo/1',
        'https://{tw}/i/web/status/{num}',
        'https://t.co/{code}',
        'https://www.instagram.com/{name}/reel/{code}',
        'https://www.threads.net/@{name}/post/{code}',
        'https://amp.{name}.vn/amp/{name}.amp.html?amp=1',
        'https://www.google.com/amp/s/{name}.vn/{name}/amp',
      ),
      fc.constantFrom('www.facebook.com', 'm.facebook.com', 'mbasic.facebook.com', 'vi-vn.facebook.com', 'fb.com', 'FaceBook.com'),
      fc.constantFrom('www.youtube.com', 'm.youtube.com', 'music.youtube.com'),
      fc.constantFrom('www.tiktok.com', 'm.tiktok.com'),
      fc.constantFrom('twitter.com', 'mobile.x.com', 'x.com'),
      fc.stringMatching(/^(?:[0-9]{1,19}|pfbid0[A-Za-z0-9]{12})$/),
      fc.stringMatching(/^[0-9]{1,19}$/),
      fc.stringMatching(/^[A-Za-z0-9_-]{11}$/),
      fc.stringMatching(/^[A-Za-z][A-Za-z0-9.]{0,10}$/),
      fc.constantFrom('', '/', '#x', '&utm_source=zalo', '?fbclid=1', '&v=2', '&comment_id=5', '&amp=1', '/amp'),
    )
    .map(
      ([form, fb, yt, tt, tw, id, num, code, name, tail]) =>
        form
          .replace('{fb}', fb)
          .replace('{yt}', yt)
          .replace('{tt}', tt)
          .replace('{tw}', tw)
          .replaceAll('{id}', id)
          .replaceAll('{num}', num)
          .replaceAll('{code}', code)
          .replaceAll('{name}', name) + tail,
    );

  const urlLike = fc.oneof(
    itemForms,
    fc.webUrl({ withQueryParameters: true, withFragments: true }),
    fc.string({ unit: 'binary', maxLength: 80 }).map((s) => `https://www.facebook.com/${s}`),
    fc
      .tuple(
        fc.constantFrom(
          'https://www.facebook.com/',
          'https://m.facebook.com/groups/',
          'https://www.youtube.com/',
          'https://youtu.be/',
          'https://x.com/',
          'https://twitter.com/#!/',
          'https://www.tiktok.com/@',
          'https://www.instagram.com/',
          'https://www.threads.net/@',
          'https://amp.example.vn/',
          'https://www.google.com/amp/s/',
          'https://fb.watch/',
        ),
        fc.array(
          fc.oneof(
            fc.constantFrom(
              'posts',
              'permalink.php',
              'story.php',
              'photo.php',
              'photo',
              'photos',
              'videos',
              'watch',
              'reel',
              'p',
              'post',
              'status',
              'video',
              'amp',
              'shorts',
              'share',
              'i',
              'web',
              'a.amp.html',
              'v',
              'channel',
              '@x',
              'UCabcdefghijklmnopqrstuv',
            ),
            fc.stringMatching(/^(?:[0-9]{1,20}|pfbid0[A-Za-z0-9]{10}|[A-Za-z0-9_-]{11})$/),
            fc.string({ unit: 'binary-ascii', maxLength: 6 }),
          ),
          { maxLength: 5 },
        ),
        fc.array(
          fc.tuple(
            fc.constantFrom('story_fbid', 'id', 'fbid', 'v', 'comment_id', 'reply_comment_id', 'multi_permalinks', 'amp', 'outputType', 'utm_source'),
            fc.stringMatching(/^[0-9A-Za-z%=_-]{0,12}$/),
          ),
          { maxLength: 4 },
        ),
      )
      .map(([prefix, segments, query]) => `${prefix}${segments.join('/')}${query.length > 0 ? '?' : ''}${query.map(([k, v]) => `${k}=${v}`).join('&')}`),
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

describe('canonicalizeUrl: secrets in a submitted URL never reach the canonical URL', () => {
  const secrets = '&access_token=EAAG5ecretT0ken&sig=5f4dcc3b5aa765d61d8327deb882cf99&session=s3ss10n&email=a%40b.vn&oh=00_AfB&oe=66A1';

  it.each([
    ['https://www.youtube.com/watch?v=dQw4w9WgXcQ', 'youtube:video:dQw4w9WgXcQ', 'https://youtube.com/watch?v=dQw4w9WgXcQ'],
    ['https://www.youtube.com/playlist?list=PL123', 'youtube:youtube.com/playlist?list=PL123', 'https://youtube.com/playlist?list=PL123'],
    ['https://www.facebook.com/permalink.php?story_fbid=111&id=222', 'facebook:post:111', 'https://facebook.com/permalink.php?id=222&story_fbid=111'],
    ['https://www.facebook.com/photo.php?fbid=333&set=a.444', 'facebook:photo:333', 'https://facebook.com/photo.php?fbid=333&set=a.444'],
    ['https://www.facebook.com/watch/?v=555', 'facebook:video:555', 'https://facebook.com/watch?v=555'],
    ['https://www.facebook.com/a/posts/1001?comment_id=7', 'facebook:comment:1001_7', 'https://facebook.com/a/posts/1001?comment_id=7'],
    ['https://www.facebook.com/profile.php?id=1001&sk=photos', 'facebook:facebook.com/profile.php?id=1001&sk=photos', 'https://facebook.com/profile.php?id=1001&sk=photos'],
    ['https://x.com/search?q=tin', 'x:x.com/search?q=tin', 'https://x.com/search?q=tin'],
    ['https://www.tiktok.com/@user/video/7300000000000000000', 'tiktok:video:7300000000000000000', 'https://tiktok.com/@user/video/7300000000000000000'],
    ['https://www.instagram.com/p/CxYz123AbC', 'instagram:post:CxYz123AbC', 'https://instagram.com/p/CxYz123AbC'],
    ['https://baomoi.com/tin.epi?id=42', 'web:baomoi.com/tin.epi?id=42', 'https://baomoi.com/tin.epi?id=42'],
    ['https://drive.example.vn/file/report.pdf', 'web:drive.example.vn/file/report.pdf', 'https://drive.example.vn/file/report.pdf'],
  ])('%s: the same key and URL with tokens, signatures, sessions and e-mail added', (url, contentKey, canonical) => {
    const withSecrets = canonicalizeUrl(`${url}${url.includes('?') ? '' : '?'}${secrets}`);
    expect(withSecrets.content_key).toBe(contentKey);
    expect(withSecrets.canonical_url).toBe(canonical);
    expect(canonicalizeUrl(url).content_key).toBe(contentKey);
  });

  it('drops an id-named parameter whose value is a token or an e-mail address, on ordinary sites', () => {
    expect(key('https://example.vn/view?id=AbC123xYz789QwE456')).toBe('web:example.vn/view');
    expect(key('https://example.vn/view?id=5f4dcc3b5aa765d61d8327deb882cf99')).toBe('web:example.vn/view');
    expect(key('https://example.vn/view?id=nguyen.van.a%40gmail.com')).toBe('web:example.vn/view');
    expect(key('https://www.facebook.com/search/top?q=nguyen.van.a%40gmail.com')).toBe('facebook:facebook.com/search/top');
  });

  it('keeps the random-looking file id of sites that name files that way', () => {
    expect(key('https://drive.google.com/open?id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345&authuser=a%40b.vn')).toBe('web:drive.google.com/open?id=1AbCdEfGhIjKlMnOpQrStUvWxYz012345');
    expect(key('https://drive.google.com/open?id=1AbC')).not.toBe(key('https://drive.google.com/open?id=2XyZ'));
  });

  it('drops session ids kept in the path', () => {
    expect(key('https://example.vn/tin/bai-1.html;jsessionid=0A1B2C3D4E5F')).toBe('web:example.vn/tin/bai-1.html');
    expect(key('https://example.vn/a;JSESSIONID=x/b;v=1')).toBe('web:example.vn/a/b;v=1');
  });

  it('never keeps a secret value, whatever the form and parameter name', () => {
    const forms = fc.constantFrom(
      'https://www.facebook.com/permalink.php?story_fbid=1&id=2',
      'https://www.facebook.com/a/posts/1',
      'https://www.facebook.com/a',
      'https://www.youtube.com/watch?v=dQw4w9WgXcQ',
      'https://www.youtube.com/@kenh',
      'https://x.com/a/status/1',
      'https://www.tiktok.com/@a/video/1',
      'https://www.instagram.com/p/CxYz123AbC',
      'https://www.threads.net/@a/post/C1a2b3XyZ',
      'https://vnexpress.net/a.html',
      'https://example.vn/tin.php?id=1',
      'https://l.facebook.com/l.php?u=https%3A%2F%2Fexample.vn%2Fa',
      'https://www.google.com/amp/s/example.vn/a',
    );
    const name = fc.constantFrom(
      'access_token',
      'token',
      'sig',
      'signature',
      'session',
      'sessionid',
      'auth',
      'key',
      'apikey',
      'password',
      'code',
      'email',
      'X-Amz-Signature',
      'oh',
      'oe',
      '_nc_sid',
    );
    const secret = fc.stringMatching(/^[A-Za-z0-9]{6,24}$/).map((s) => `SECRET${s}`);
    fc.assert(
      fc.property(forms, name, secret, (form, n, value) => {
        const c = canonicalizeUrl(`${form}${form.includes('?') ? '&' : '?'}${n}=${value}`);
        expect(c.canonical_url).not.toContain('SECRET');
        expect(c.content_key).not.toContain('SECRET');
      }),
      { numRuns: 500 },
    );
  });
});

describe('canonicalizeUrl: hostile input is answered in linear time, with the right answer', () => {
  it('rejects over-long input before looking at it, naming the field', () => {
    for (const input of [
      '%'.repeat(100_000),
      '.'.repeat(100_000),
      '\u200b'.repeat(100_000),
      `\u200e${' '.repeat(100_000)}x\u200e`,
      // The issue's attack: a run of marks inside, which /[\s\p{Cf}]+$/g retried from each position
      // (30 of these, 3 MB, took over five minutes before the length was checked first).
      `é${'\u200b'.repeat(100_000)}x`,
      `https://example.vn/${'a'.repeat(1_000_000)}`,
    ]) {
      const error = rejection(input);
      expect(error.message).toMatch(/longer than 2048/);
      expect(error.fields).toEqual([{ field: 'url', message: expect.stringMatching(/longer than 2048/) }]);
    }
  });

  it('canonicalizes crafted URLs within the limit correctly', () => {
    // Runs that a backtracking regex would rescan from each of their positions.
    expect(key(`\u200e${'\u200b \u2066'.repeat(300)}https://www.facebook.com/a/posts/1${'\u200b\u200f '.repeat(300)}`)).toBe('facebook:post:1');
    expect(rejection(`\u200e${'\u200b'.repeat(1000)}x${'\u200b'.repeat(1000)}\u200e`).message).toMatch(/http:\/\/ or https:\/\//);
    expect(rejection('\u200b'.repeat(2000)).message).toMatch(/empty/);
    expect(key(`https://example.vn/${'.amp'.repeat(500)}.html`)).toBe('web:example.vn/.html');
    expect(key(`https://example.vn/${'.amp'.repeat(500)}x`)).toBe(`web:example.vn/${'.amp'.repeat(500)}x`);
    expect(key(`https://example.vn/${'%'.repeat(600)}`)).toBe(`web:example.vn/${'%25'.repeat(600)}`);
    expect(key(`https://example.vn/${'.'.repeat(2000)}`)).toBe(`web:example.vn/${'.'.repeat(2000)}`);
    expect(key(`https://example.vn/a${';sid=1'.repeat(300)}`)).toBe('web:example.vn/a');
    expect(key(`https://example.vn/a?${'id=1&'.repeat(400)}`)).toBe('web:example.vn/a?id=1');
    // Astral format characters (tag characters) at the ends are trimmed as whole code points.
    expect(key('\u{E0001}\u{E0020}https://example.vn/a\u{E007F}')).toBe('web:example.vn/a');
  });

  it('gets through a 3 MB batch of crafted URLs with every answer right', () => {
    const pad = (n: number) => '\u200b\u200e '.repeat(n);
    const crafted = [
      (i: number) => ({ url: `${pad(600)}https://www.facebook.com/a/posts/${i}${pad(60)}`, key: `facebook:post:${i}` }),
      (i: number) => ({ url: `https://example.vn/${i}${'.amp'.repeat(505)}.html`, key: `web:example.vn/${i}.html` }),
      (i: number) => ({ url: `https://example.vn/${i}/${'%'.repeat(2000)}`, error: /once normalised/ }),
      (i: number) => ({ url: `https://example.vn/${i}/${'a'.repeat(2048)}`, error: /longer than 2048/ }),
    ];
    let bytes = 0;
    let checked = 0;
    for (let i = 0; bytes < 3_000_000; i++) {
      const c = crafted[i % crafted.length]!(i);
      bytes += c.url.length;
      if ('key' in c) expect(key(c.url)).toBe(c.key);
      else expect(rejection(c.url).message).toMatch(c.error);
      checked++;
    }
    expect(checked).toBeGreaterThan(1000);
  });
});

describe('currentCanonical: rows stored under earlier rules', () => {
  it('shows a stored canonical URL and key without the query parameters today’s rules drop', () => {
    const legacy = { canonical_url: 'https://example.vn/a.html?access_token=SECRET&id=7', content_key: 'web:example.vn/a.html?access_token=SECRET&id=7' };
    expect(currentCanonical(legacy)).toEqual({ canonical_url: 'https://example.vn/a.html?id=7', content_key: 'web:example.vn/a.html?id=7' });
    const video = canonicalizeUrl('https://youtu.be/dQw4w9WgXcQ');
    expect(currentCanonical(video)).toEqual({ canonical_url: video.canonical_url, content_key: video.content_key });
  });

  it('shows a stored URL that no longer canonicalizes without its query', () => {
    expect(currentCanonical({ canonical_url: 'https://localhost/a?token=SECRET#x', content_key: 'web:localhost/a?token=SECRET' })).toEqual({
      canonical_url: 'https://localhost/a',
      content_key: 'web:localhost/a',
    });
  });
});
