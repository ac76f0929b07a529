/**
 * URL canonicalization: the same piece of content, reported through different URL variants
 * (mobile hosts, share links, tracking parameters, fragments…), must map to one `content_key`
 * so that duplicate reports can be recognised.
 *
 * The rules err on the side of keeping a parameter when unsure: merging two different pieces of
 * content under one key would hide a report, while failing to merge only costs a duplicate.
 * Platforms whose content is identified by the path alone are the exception (they get allowlists),
 * because their share links carry an ever-changing set of tracking parameters.
 */
import { AppError } from './errors.ts';
import type { Platform } from './organization.ts';

export interface CanonicalUrl {
  platform: Platform;
  /** An https URL; feeding it back into `canonicalizeUrl` yields the same result. */
  canonical_url: string;
  /** `${platform}:${host}${path}${query}`, the deduplication key. */
  content_key: string;
}

export const MAX_URL_LENGTH = 2048;
/** Link shims can wrap link shims; a bound keeps a hostile chain from recursing for long. */
const MAX_UNWRAP_DEPTH = 3;

function invalid(reason: string): AppError {
  return new AppError('validation_failed', `Invalid URL: ${reason}`, { fields: [{ field: 'url', message: reason }] });
}

/** Parameters that only say where a click came from, on any site. Compared lower-cased and decoded. */
const TRACKING_PARAMS: ReadonlySet<string> = new Set([
  'fbclid', 'gclid', 'gclsrc', 'dclid', 'gbraid', 'wbraid', 'msclkid', 'yclid', 'twclid', 'ttclid', 'li_fat_id',
  'igshid', 'igsh', 'mibextid', 'ref', 'ref_src', 'ref_url', '__tn__', '_rdr', 'rdid', 'share_url',
  'is_from_webapp', 'sender_device', '_ga', '_gl', 'mc_cid', 'mc_eid', 'zarsrc', 'gidzl', '_hsenc', '_hsmi',
  'mkt_tok', 'oly_enc_id', 'oly_anon_id', 'vero_id', 'wickedid', '_openstat',
]);
const TRACKING_PREFIXES = ['utm_', '__cft__', '__xts__'];

/**
 * Facebook identifies a lot of content through the query (story_fbid, id, fbid, v, set, comment_id…),
 * so it gets a denylist of the noise its share and navigation links add rather than an allowlist.
 */
const FACEBOOK_NOISE: ReadonlySet<string> = new Set([
  'refid', 'fref', 'hc_ref', 'hc_location', 'comment_tracking', 'notif_id', 'notif_t', 'acontext', 'paipv',
  'eav', 'sfnsn', 'wtsid', 'extid', 'locale', 'privacy_source', '_rdc', 'rdc', 'refsrc', 'ref_component',
  'ref_page', 'm_entstream_source', 'entry_point', 'sfns', 'action_history', 'app',
]);

/**
 * Where the path alone names the content, keep only parameters that select content (search terms,
 * the video id). Anything else on these hosts is session, locale or share tracking.
 */
const PLATFORM_KEEP: Partial<Record<Platform, ReadonlySet<string>>> = {
  youtube: new Set(['v', 'list', 'search_query']),
  x: new Set(['q', 'f']),
  tiktok: new Set(['q']),
  instagram: new Set(['q']),
  threads: new Set(['q']),
};

/** Host-specific share tracking on sites that are otherwise plain web. */
const HOST_NOISE: Record<string, ReadonlySet<string>> = {
  'open.spotify.com': new Set(['si']),
};

const FACEBOOK_FOLDED_SUBDOMAINS = ['m', 'mbasic', 'web', 'touch', 'business', 'mobile', 'free', 'd', 'iphone', 'x', 'h', '0'];

const HOST_ALIASES: ReadonlyMap<string, string> = new Map<string, string>([
  ['fb.com', 'facebook.com'],
  ...FACEBOOK_FOLDED_SUBDOMAINS.map((s): [string, string] => [`${s}.facebook.com`, 'facebook.com']),
  ['m.youtube.com', 'youtube.com'],
  ['music.youtube.com', 'youtube.com'],
  ['gaming.youtube.com', 'youtube.com'],
  ['youtube-nocookie.com', 'youtube.com'],
  ['twitter.com', 'x.com'],
  ['mobile.twitter.com', 'x.com'],
  ['m.twitter.com', 'x.com'],
  ['mobile.x.com', 'x.com'],
  ['m.x.com', 'x.com'],
  ['m.tiktok.com', 'tiktok.com'],
  ['m.instagram.com', 'instagram.com'],
  ['instagr.am', 'instagram.com'],
  ['threads.net', 'threads.com'],
]);

/** Facebook localised hosts such as vi-vn.facebook.com serve the same content as facebook.com. */
const FACEBOOK_LOCALE_HOST = /^[a-z]{2}-[a-z]{2}\.facebook\.com$/;

/** Outbound-link redirectors: reporting one of these means reporting its target. Host → path. */
const LINK_SHIMS: ReadonlyMap<string, string> = new Map([
  ['l.facebook.com', '/l.php'],
  ['lm.facebook.com', '/l.php'],
  ['l.instagram.com', '/'],
]);

const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
const YOUTUBE_VIDEO_ROUTES: ReadonlySet<string> = new Set(['shorts', 'embed', 'live', 'v', 'e']);

const DOMAIN_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\]$/;

export function canonicalizeUrl(input: string): CanonicalUrl {
  return canonicalize(input, 0);
}

function canonicalize(input: unknown, depth: number): CanonicalUrl {
  if (typeof input !== 'string') throw invalid('URL must be a string');
  const text = input.trim();
  if (text === '') throw invalid('URL is empty');
  if (text.length > MAX_URL_LENGTH) throw invalid(`URL is longer than ${MAX_URL_LENGTH} characters`);
  // The URL parser silently drops tabs and newlines; a space usually means two URLs or URL plus text.
  if (/[\s\u0000-\u001f\u007f]/u.test(text)) throw invalid('URL must not contain spaces or control characters');

  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme !== 'http' && scheme !== 'https') {
    const got = scheme === undefined ? 'no scheme' : `"${scheme.slice(0, 20)}:"`;
    throw invalid(`URL must be absolute and start with http:// or https:// (got ${got})`);
  }

  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw invalid('URL could not be parsed');
  }

  let host = url.hostname.toLowerCase();
  if (host.endsWith('.')) host = host.slice(0, -1);
  if (host === '') throw invalid('URL has no host');
  if (!IPV6_HOST.test(host)) {
    if (!host.includes('.')) throw invalid(`host "${host.slice(0, 64)}" is not a domain name such as example.com`);
    if (!DOMAIN_HOST.test(host)) throw invalid(`host "${host.slice(0, 64)}" is not a valid domain name`);
  }
  // Output is always https, so port 443 is the default whichever scheme came in.
  const port = url.port !== '' && url.port !== '443' ? `:${url.port}` : '';

  host = stripWww(host);
  let path = normalizePath(url.pathname);

  if (LINK_SHIMS.get(host) === path) {
    const target = url.searchParams.get('u');
    if (target !== null && target.trim() !== '') {
      if (depth >= MAX_UNWRAP_DEPTH) throw invalid('too many nested redirect links');
      return canonicalize(target, depth + 1);
    }
  }

  host = foldHost(host);
  const platform = detectPlatform(host);
  let params = parseQuery(url.search);

  if (platform === 'youtube') {
    const videoId = youtubeVideoId(host, path);
    if (videoId !== null) {
      host = 'youtube.com';
      path = '/watch';
      params = [...params.filter((p) => p.name !== 'v'), { name: 'v', raw: `v=${videoId}` }];
    }
    // A playlist position does not change which video was reported.
    if (path === '/watch' && params.some((p) => p.name === 'v')) params = params.filter((p) => p.name !== 'list');
  } else if (platform === 'x' && host === 'x.com') {
    path = lowerCaseXHandle(path);
  }

  const kept = [...new Set(params.filter((p) => !isNoise(p.name, platform, host)).map((p) => p.raw))].sort();
  const query = kept.length > 0 ? `?${kept.join('&')}` : '';
  const rest = `${host}${port}${path}${query}`;
  const canonical_url = `https://${rest}`;
  const content_key = `${platform}:${rest}`;
  if (canonical_url.length > MAX_URL_LENGTH || content_key.length > MAX_URL_LENGTH) {
    throw invalid(`URL is longer than ${MAX_URL_LENGTH} characters once normalised`);
  }
  return { platform, canonical_url, content_key };
}

function stripWww(host: string): string {
  let h = host;
  // Only while a registrable-looking name remains: www.com must stay www.com.
  while (h.startsWith('www.') && h.slice(4).includes('.')) h = h.slice(4);
  return h;
}

function foldHost(host: string): string {
  if (FACEBOOK_LOCALE_HOST.test(host)) return 'facebook.com';
  return HOST_ALIASES.get(host) ?? host;
}

function detectPlatform(host: string): Platform {
  const under = (domain: string): boolean => host === domain || host.endsWith(`.${domain}`);
  if (under('facebook.com') || under('fb.com') || under('fb.watch') || under('fb.me')) return 'facebook';
  if (under('youtube.com') || under('youtu.be') || under('youtube-nocookie.com')) return 'youtube';
  if (under('x.com') || under('twitter.com') || host === 't.co') return 'x';
  if (under('tiktok.com')) return 'tiktok';
  if (under('instagram.com') || host === 'instagr.am') return 'instagram';
  if (under('threads.com') || under('threads.net')) return 'threads';
  return 'web';
}

function youtubeVideoId(host: string, path: string): string | null {
  const segments = path.split('/').slice(1);
  if (host === 'youtu.be') {
    const id = segments[0];
    return segments.length === 1 && id !== undefined && YOUTUBE_VIDEO_ID.test(id) ? id : null;
  }
  if (host !== 'youtube.com' || segments.length !== 2) return null;
  const [route, id] = segments;
  return route !== undefined && id !== undefined && YOUTUBE_VIDEO_ROUTES.has(route) && YOUTUBE_VIDEO_ID.test(id) ? id : null;
}

/** X handles are case-insensitive, and people retype them; the status id is what matters. */
function lowerCaseXHandle(path: string): string {
  const segments = path.split('/');
  const handle = segments[1];
  if (segments[2] === 'status' && handle !== undefined && /^[A-Za-z0-9_]+$/.test(handle)) {
    segments[1] = handle.toLowerCase();
    return segments.join('/');
  }
  return path;
}

function isNoise(name: string, platform: Platform, host: string): boolean {
  const keep = PLATFORM_KEEP[platform];
  if (keep !== undefined) return !keep.has(name);
  if (TRACKING_PARAMS.has(name) || TRACKING_PREFIXES.some((prefix) => name.startsWith(prefix))) return true;
  if (platform === 'facebook') return FACEBOOK_NOISE.has(name);
  return HOST_NOISE[host]?.has(name) ?? false;
}

interface QueryParam {
  /** Decoded, lower-cased name, used only for matching. */
  name: string;
  /** The `name=value` segment as it will be emitted. */
  raw: string;
}

/**
 * Works on raw segments instead of URLSearchParams, whose re-serialisation would turn `?flag`
 * into `?flag=` and re-encode values: news sites may treat either differently.
 */
function parseQuery(search: string): QueryParam[] {
  if (search.length <= 1) return [];
  const params: QueryParam[] = [];
  for (const segment of search.slice(1).split('&')) {
    if (segment === '') continue;
    const raw = normalizePercent(segment);
    const eq = raw.indexOf('=');
    params.push({ name: decodeLoosely(eq < 0 ? raw : raw.slice(0, eq)).toLowerCase(), raw });
  }
  return params;
}

function decodeLoosely(value: string): string {
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

function normalizePath(pathname: string): string {
  let path = normalizePercent(pathname).replace(/\/{2,}/g, '/');
  if (path.length > 1 && path.endsWith('/')) path = path.slice(0, -1);
  return path.startsWith('/') ? path : `/${path}`;
}

const UNRESERVED = /^[A-Za-z0-9\-._~]$/;

/**
 * RFC 3986 §6.2.2 normalisation, the only percent-decoding that never changes meaning: decode
 * escaped unreserved characters and upper-case the hex of the others. A stray `%` becomes `%25`,
 * otherwise decoding `%%34%31` would create a new escape `%41` and break idempotence.
 */
function normalizePercent(value: string): string {
  return value.replace(/%([0-9A-Fa-f]{2})?/g, (_match, hex: string | undefined) => {
    if (hex === undefined) return '%25';
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
