import { describe, expect, it } from 'vitest';
import { coarseNetwork, describeUserAgent, MAX_DEVICE_LENGTH } from './session-device.ts';

describe('describeUserAgent', () => {
  it.each([
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0', 'Firefox 128 · Windows'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36', 'Chrome 131 · Linux'],
    ['Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/131.0.6778.85 Safari/537.36', 'Chrome 131 · Linux'],
    // Edge and Opera also say Chrome and Safari: they are named for what they are.
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.2210.91', 'Edge 120 · Windows'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/119.0.0.0 Safari/537.36 OPR/105.0.0.0', 'Opera 105 · Windows'],
    ['Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/23.0 Chrome/115.0.0.0 Mobile Safari/537.36', 'Samsung Internet 23 · Android'],
    ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36', 'Chrome 131 · Android'],
    // iPhones and Macs: "like Mac OS X" does not make an iPhone a Mac.
    ['Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1', 'Safari 17 · iOS'],
    ['Mozilla/5.0 (iPad; CPU OS 16_6 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/120.0.6099.119 Mobile/15E148 Safari/604.1', 'Chrome 120 · iPadOS'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 14_2) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.2 Safari/605.1.15', 'Safari 17 · macOS'],
    ['Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36', 'Chrome 120 · ChromeOS'],
  ])('%s → %s', (ua, expected) => {
    expect(describeUserAgent(ua)).toBe(expected);
  });

  it('says what it recognises and nothing when it recognises nothing', () => {
    expect(describeUserAgent('curl/8.5.0')).toBeNull();
    expect(describeUserAgent('')).toBeNull();
    expect(describeUserAgent(undefined)).toBeNull();
    expect(describeUserAgent('SomeBot/1.0 (Windows)')).toBe('Windows');
    // A "Version/" without Safari is no Safari.
    expect(describeUserAgent('Thing Version/3 (Linux)')).toBe('Linux');
  });

  it('reads only the start of a header and stores a short summary, whatever is sent', () => {
    // What lies past the first 512 characters is not looked at.
    expect(describeUserAgent(`Mozilla/5.0 (Windows ${'x'.repeat(600)} Firefox/1`)).toBe('Windows');
    expect(describeUserAgent(`Firefox/99 (Windows) ${'x'.repeat(100)}`)!.length).toBeLessThanOrEqual(MAX_DEVICE_LENGTH);
  });
});

describe('coarseNetwork', () => {
  it('keeps the /24 of an IPv4 address and the /48 of an IPv6 one, never the address', () => {
    expect(coarseNetwork('203.0.113.77')).toBe('203.0.113.0/24');
    expect(coarseNetwork('2001:db8:abcd:12:1:2:3:4')).toBe('2001:db8:abcd::/48');
    expect(coarseNetwork('::ffff:198.51.100.9')).toBe('198.51.100.0/24');
    expect(coarseNetwork('127.0.0.1')).toBe('127.0.0.0/24');
  });

  it('answers null for what is no address', () => {
    expect(coarseNetwork(undefined)).toBeNull();
    expect(coarseNetwork('')).toBeNull();
    expect(coarseNetwork('example.vn')).toBeNull();
    expect(coarseNetwork('300.1.1.1')).toBeNull();
  });
});
