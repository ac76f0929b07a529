import { embeddedIpv4, formatIp, parseIp } from './cidr.ts';

/**
 * What a person is shown of each of their sessions ("my sessions"), so they can recognise one they
 * did not open: the browser and system it was opened from, and roughly where on the network. Only
 * these summaries are stored (sessions.device, sessions.network, migration 0023), never the whole
 * User-Agent header or the address itself: enough to recognise a session, too little to track a person.
 */

/** Longest User-Agent read: real ones are a few hundred characters; the rest is not looked at. */
const MAX_USER_AGENT = 512;
/** Longest summary stored (the column's check allows this much). */
export const MAX_DEVICE_LENGTH = 60;

// Checked in this order: Edge, Opera and Samsung's browser say "Chrome" too, Chrome says "Safari".
// Each pattern is a literal token followed by digits: nothing here can backtrack.
const BROWSERS: readonly [name: string, pattern: RegExp][] = [
  ['Edge', /\bEdg(?:e|A|iOS)?\/(\d{1,4})/],
  ['Opera', /\b(?:OPR|Opera)\/(\d{1,4})/],
  ['Samsung Internet', /\bSamsungBrowser\/(\d{1,4})/],
  ['Firefox', /\b(?:Firefox|FxiOS)\/(\d{1,4})/],
  ['Chrome', /\b(?:HeadlessChrome|Chrome|CriOS)\/(\d{1,4})/],
  // Safari's version is in "Version/17.0", and only a UA saying "Safari/" is Safari's.
  ['Safari', /\bVersion\/(\d{1,4})/],
];

// iPhone and iPad before Mac (they say "like Mac OS X"), Android before Linux, ChromeOS before Linux.
const SYSTEMS: readonly [name: string, pattern: RegExp][] = [
  ['iOS', /\biPhone\b|\biPod\b/],
  ['iPadOS', /\biPad\b/],
  ['Android', /\bAndroid\b/],
  ['Windows', /\bWindows\b/],
  ['ChromeOS', /\bCrOS\b/],
  ['macOS', /\bMacintosh\b|\bMac OS X\b/],
  ['Linux', /\bLinux\b|\bX11\b/],
];

/**
 * "Firefox 128 · Windows", "Chrome 131 · Android", "Safari 17 · iOS": the browser with its major
 * version and the system, from a User-Agent header; null when neither is recognised.
 */
export function describeUserAgent(header: string | undefined): string | null {
  if (!header) return null;
  const ua = header.slice(0, MAX_USER_AGENT);
  let browser: string | null = null;
  for (const [name, pattern] of BROWSERS) {
    if (name === 'Safari' && !ua.includes('Safari/')) continue;
    const m = pattern.exec(ua);
    if (m) {
      browser = `${name} ${m[1]}`;
      break;
    }
  }
  const system = SYSTEMS.find(([, pattern]) => pattern.test(ua))?.[0] ?? null;
  const out = [browser, system].filter((s): s is string => s !== null).join(' · ');
  return out === '' ? null : out.slice(0, MAX_DEVICE_LENGTH);
}

/**
 * The network an address is in, not the address: its /24 for IPv4 (an IPv4 address carried in
 * IPv6 counts as IPv4), its /48 for IPv6 — about a site or a provider's area. Null when it is no address.
 */
export function coarseNetwork(address: string | undefined): string | null {
  const ip = address ? parseIp(address) : null;
  if (!ip) return null;
  const v4 = ip.family === 4 ? ip : embeddedIpv4(ip);
  if (v4) {
    const bytes = v4.bytes.slice();
    bytes[3] = 0;
    return `${formatIp({ family: 4, bytes })}/24`;
  }
  const bytes = new Uint8Array(16);
  bytes.set(ip.bytes.subarray(0, 6));
  return `${formatIp({ family: 6, bytes })}/48`;
}
