import { describe, expect, it } from 'vitest';
import { BUILT_IN_DIRECTORY, BUILT_IN_SERVICES, isServiceHost, ServiceDirectory } from './services.ts';
import { canonicalizeUrl } from './url-canonical.ts';

describe('the service directory', () => {
  it('finds the built-in service of every form of its hosts', () => {
    expect(canonicalizeUrl('https://vi-vn.facebook.com/page/posts/123').platform).toBe('facebook');
    expect(canonicalizeUrl('https://fb.watch/abcDEF/').platform).toBe('facebook');
    expect(canonicalizeUrl('https://t.co/AbC123').platform).toBe('x');
    expect(canonicalizeUrl('https://mobile.twitter.com/a/status/1').platform).toBe('x');
    expect(canonicalizeUrl('https://www.threads.net/@a/post/Cx1').platform).toBe('threads');
    const zalo = canonicalizeUrl('https://zalo.me/g/abcdef?utm_source=share');
    expect(zalo).toMatchObject({ platform: 'zalo', kind: 'page', content_key: 'zalo:zalo.me/g/abcdef', canonical_url: 'https://zalo.me/g/abcdef' });
  });

  it('names a website by what siteOf says, and reads it with the page rules', () => {
    const bySite = new ServiceDirectory(BUILT_IN_SERVICES, (host) => host.split('.').slice(-4).join('.'));
    const c = canonicalizeUrl('https://m.tin.example.com.vn/a.html?utm_source=x', bySite);
    expect(c).toMatchObject({ platform: 'tin.example.com.vn', content_key: 'web:m.tin.example.com.vn/a.html' });
    // Without one, a site is its host.
    expect(canonicalizeUrl('https://m.tin.example.com.vn/a.html').platform).toBe('m.tin.example.com.vn');
  });

  it('gives a host to the registered service with the longest matching host, without changing any key', () => {
    const registry = new ServiceDirectory([
      ...BUILT_IN_SERVICES,
      { slug: 'example.vn', hosts: ['example.vn'], url_rules: 'web' },
      { slug: 'shop', hosts: ['shop.example.vn'], url_rules: 'web' },
    ]);
    const urls = ['https://example.vn/a', 'https://news.example.vn/a', 'https://shop.example.vn/p/1', 'https://a.shop.example.vn/p/1', 'https://notexample.vn/a'];
    expect(urls.map((u) => canonicalizeUrl(u, registry).platform)).toEqual(['example.vn', 'example.vn', 'shop', 'shop', 'notexample.vn']);
    // The content key is the URL rules' business: registering a site never splits or joins cases.
    for (const u of urls) expect(canonicalizeUrl(u, registry).content_key).toBe(canonicalizeUrl(u, BUILT_IN_DIRECTORY).content_key);
  });

  it('reads a host given to a platform with that platform’s rules', () => {
    const registry = new ServiceDirectory([...BUILT_IN_SERVICES, { slug: 'youtube', hosts: ['youtube.com', 'youtu.be', 'yt.example'], url_rules: 'youtube' }]);
    expect(canonicalizeUrl('https://yt.example/watch?v=dQw4w9WgXcQ&si=x', registry)).toMatchObject({ platform: 'youtube', content_key: 'youtube:yt.example/watch?v=dQw4w9WgXcQ' });
  });

  it('accepts as a host only a name the URL cleaner leaves standing', () => {
    expect(['example.vn', 'shop.example.com.vn', 'xn--fcebook-2fg.com'].every(isServiceHost)).toBe(true);
    expect(['www.example.vn', 'example', 'https://example.vn', 'example.vn/a', 'EXAMPLE.vn', 'ex ample.vn', '-a.vn', '1.2.3.4.5'].some(isServiceHost)).toBe(false);
  });
});
