/**
 * URL canonicalization: the same piece of content, reported through different URL variants
 * (mobile hosts, share links, tracking parameters, fragments, AMP pages, other URL forms of the
 * same post…), must map to one `content_key` so that duplicate reports can be recognised.
 *
 * Two steps: clean the URL (scheme, host aliases, query parameters, AMP), then ask the
 * platform's recogniser (url-platforms.ts) which item it names. Content items are keyed by their
 * platform id (`facebook:post:123`, `youtube:video:dQw4w9WgXcQ`); short links that need the network
 * to resolve are keyed on themselves (`tiktok:short:vm.tiktok.com/ZS…`); anything else is a page,
 * keyed by its cleaned URL (`web:vnexpress.net/bai-123.html`, `facebook:facebook.com/some.page`).
 *
 * The canonical URL and the key are shown to every organization on a case, so the query keeps only
 * parameters known to identify content (an allow-list per platform, url-query.ts): a submitter's
 * tokens, signatures and session ids never reach them. Otherwise the rules err on the side of
 * keeping apart: merging two different pieces of content under one key would hide a report, while
 * failing to merge only costs a duplicate.
 */
import { AppError } from './errors.ts';
import { BUILT_IN_DIRECTORY, type ServiceDirectory } from './services.ts';
import { decodeLoosely, lowerName, recognize, type ContentKind, type QueryParam } from './url-platforms.ts';
import { keptQuery } from './url-query.ts';

export { CONTENT_KINDS, type ContentKind } from './url-platforms.ts';

export interface CanonicalUrl {
  /**
   * The service the content is on, as the registry names it (services.ts): `facebook`, `zalo`, or
   * for a website nobody registered its registrable domain (`vnexpress.net`).
   */
  platform: string;
  /**
   * What the URL names: a content item (`post`, `video`, `photo`, `group_post`, `comment`,
   * `channel`), a `short_link` that cannot be resolved offline, or any other `page`.
   */
  kind: ContentKind;
  /**
   * The item's id on its platform as used in the key (`123`, `pfbid02…`, `{group}:{id}` for group
   * posts, `{post}_{comment}` for comments, `@handle` or `UC…` for channels); for `short_link` and
   * `page`, the cleaned `${host}${path}` (plus `${query}` for pages).
   */
  id: string;
  /** An https URL; feeding it back into `canonicalizeUrl` yields the same result. */
  canonical_url: string;
  /**
   * The deduplication key, prefixed by the URL rules that read it (not the service, so keys
   * never move when the registry changes): `${rules}:${kind}:${id}` for items,
   * `${rules}:short:${id}` for short links, `${rules}:${id}` for pages (`web:` on any website).
   */
  content_key: string;
}

export const MAX_URL_LENGTH = 2048;
/** Link shims can wrap link shims; a bound keeps a hostile chain from recursing for long. */
const MAX_UNWRAP_DEPTH = 3;

function invalid(reason: string): AppError {
  return new AppError('validation_failed', `Invalid URL: ${reason}`, { fields: [{ field: 'url', message: reason }] });
}

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

/** Google's AMP viewer and cache serve a publisher's page under Google's host: key the page itself. */
const GOOGLE_AMP_HOSTS: ReadonlySet<string> = new Set(['google.com', 'google.com.vn']);
const AMP_CACHE_SUFFIX = '.cdn.ampproject.org';
const AMP_CACHE_PATH = /^\/[a-z]{1,2}(\/s)?\/(.+)$/;

const DOMAIN_HOST = /^[a-z0-9_-]+(?:\.[a-z0-9_-]+)+$/;
const IPV6_HOST = /^\[[0-9a-f:.]+\]$/;

/** `directory` says which service a host is and which URL rules read it (the registry's, or the built-in one). */
export function canonicalizeUrl(input: string, directory: ServiceDirectory = BUILT_IN_DIRECTORY): CanonicalUrl {
  return canonicalize(input, 0, directory);
}

/**
 * A stored canonical URL and key as today's rules write them. Rows stored before the query
 * allow-list may still carry a submitter's token in the URL (and, for pages, the key); what is
 * shown to other organizations goes through this, whatever the row holds. A canonical URL always
 * canonicalizes again; should an old one not, it is shown without its query.
 */
export function currentCanonical(
  stored: { canonical_url: string; content_key: string },
  directory: ServiceDirectory = BUILT_IN_DIRECTORY,
): { canonical_url: string; content_key: string } {
  try {
    const c = canonicalizeUrl(stored.canonical_url, directory);
    return { canonical_url: c.canonical_url, content_key: c.content_key };
  } catch {
    return { canonical_url: withoutQuery(stored.canonical_url), content_key: withoutQuery(stored.content_key) };
  }
}

function withoutQuery(url: string): string {
  const end = url.search(/[?#]/);
  return end < 0 ? url : url.slice(0, end);
}

function canonicalize(input: unknown, depth: number, directory: ServiceDirectory): CanonicalUrl {
  if (typeof input !== 'string') throw invalid('URL must be a string');
  // Length first: every later step is linear, but nothing should spend time on a megabyte "URL".
  if (input.length > MAX_URL_LENGTH) throw invalid(`URL is longer than ${MAX_URL_LENGTH} characters`);
  const text = trimEdges(input);
  if (text === '') throw invalid('URL is empty');
  // The URL parser silently drops tabs and newlines; a space usually means two URLs or URL plus text.
  if (/[\s\u0000-\u001f\u007f]/u.test(text)) throw invalid('URL must not contain spaces or control characters');
  // In a host name, invisible and bidi-override characters only serve to disguise where it leads
  // (the parser would silently drop a zero-width space from face\u200bbook.com). In a path the
  // parser percent-encodes them, which shows them.
  if (/\p{Cf}/u.test(AUTHORITY.exec(text)?.[1] ?? '')) throw invalid('host must not contain invisible or text-direction characters');

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

  // The parser maps internationalised names to punycode, so a look-alike such as fаcebook.com
  // (Cyrillic а) becomes xn--…: never a platform host, always keyed as the site it really is.
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

  const wrapped = wrappedTarget(host, path, url);
  if (wrapped !== null) {
    if (depth >= MAX_UNWRAP_DEPTH) throw invalid('too many nested redirect links');
    return canonicalize(wrapped, depth + 1, directory);
  }

  host = foldHost(host);
  let service = directory.lookup(host);
  const rules = service.rules;
  let params = parseQuery(url.search);

  const hashbang = rules === 'x' && path === '/' ? X_HASHBANG.exec(url.hash) : null;
  if (hashbang !== null) {
    // Old twitter.com/#!/user/status/1 links keep the route in the fragment.
    path = hashbang[1]!;
    params = [];
  } else if (rules === 'web') {
    const unamped = stripAmpHost(host);
    if (unamped !== host) {
      // amp.t.co must not turn into t.co, or the second pass would see another platform.
      const plain = directory.lookup(unamped);
      if (plain.rules === 'web') [host, service] = [unamped, plain];
    }
    // ?amp, ?amp=1, ?outputType=amp: dropped with every other parameter not on the allow-list.
    path = stripAmpPath(path);
  }
  if (rules === 'x' && host === 'x.com') path = lowerCaseXHandle(path);

  const segments = path === '/' ? [] : path.slice(1).split('/');
  const item = recognize(rules, host, segments, params);

  let kind: ContentKind;
  let id: string;
  let canonical_url: string;
  let content_key: string;
  if (item?.kind === 'short_link') {
    // The query of a short link is share tracking; the path is the (case-sensitive) code.
    kind = 'short_link';
    id = `${host}${port}${path}`;
    canonical_url = `https://${id}`;
    content_key = `${rules}:short:${id}`;
  } else {
    const query = keptQuery(params, rules, host);
    const rest = `${host}${port}${path}${query}`;
    if (item === null) {
      kind = 'page';
      id = rest;
      content_key = `${rules}:${rest}`;
    } else {
      kind = item.kind;
      id = item.id;
      content_key = `${rules}:${kind}:${id}`;
    }
    // Every YouTube video form opens as watch?v=; elsewhere the cleaned URL of the form given is
    // kept, as it is the one known to open (a page name cannot be invented from a post id).
    canonical_url = rules === 'youtube' && kind === 'video' ? `https://youtube.com/watch?v=${id}` : `https://${rest}`;
  }
  if (canonical_url.length > MAX_URL_LENGTH || content_key.length > MAX_URL_LENGTH) {
    throw invalid(`URL is longer than ${MAX_URL_LENGTH} characters once normalised`);
  }
  return { platform: service.slug, kind, id, canonical_url, content_key };
}

/** One character that may pad a pasted URL: white space, or an invisible format mark. */
const EDGE_JUNK_CHAR = /^[\s\p{Cf}]$/u;

/**
 * Pasting from chat apps can bring invisible marks (LRM, zero-width space) along at the ends.
 * Trimmed by walking in from both ends, one code point at a time: a regex such as
 * /[\s\p{Cf}]+$/g retries from every position of a long run of marks, which is quadratic.
 */
function trimEdges(input: string): string {
  let start = 0;
  let end = input.length;
  while (start < end) {
    const char = String.fromCodePoint(input.codePointAt(start)!);
    if (!EDGE_JUNK_CHAR.test(char)) break;
    start += char.length;
  }
  while (end > start) {
    // A low surrogate ends an astral code point (a tag character, say): test the pair.
    const width = end - 2 >= start && isLowSurrogate(input.charCodeAt(end - 1)) && isHighSurrogate(input.charCodeAt(end - 2)) ? 2 : 1;
    if (!EDGE_JUNK_CHAR.test(input.slice(end - width, end))) break;
    end -= width;
  }
  return input.slice(start, end);
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
const AUTHORITY = /^[a-z][a-z0-9+.-]*:[/\\]*([^/?#\\]*)/i;
const X_HASHBANG = /^#!(\/[A-Za-z0-9_]{1,50}\/status(?:es)?\/[0-9]{1,25})\/?(?:[?#]|$)/;

/** The URL a link shim or AMP viewer stands for, or null. */
function wrappedTarget(host: string, path: string, url: URL): string | null {
  if (LINK_SHIMS.get(host) === path) {
    const target = url.searchParams.get('u');
    return target !== null && target.trim() !== '' ? target : null;
  }
  // google.com/amp/s/example.vn/a (s = https) and example-vn.cdn.ampproject.org/c/s/example.vn/a.
  let rest: string | undefined;
  let secure = false;
  if (GOOGLE_AMP_HOSTS.has(host) && path.startsWith('/amp/')) {
    rest = path.slice(5);
    if (rest.startsWith('s/')) [rest, secure] = [rest.slice(2), true];
  } else if (host.endsWith(AMP_CACHE_SUFFIX)) {
    const m = AMP_CACHE_PATH.exec(path);
    if (m !== null) [rest, secure] = [m[2], m[1] !== undefined];
  }
  if (rest === undefined || !rest.includes('.')) return null;
  return `${secure ? 'https' : 'http'}://${rest}${url.search}`;
}

/** amp.example.vn serves the AMP edition of example.vn. */
function stripAmpHost(host: string): string {
  let h = host;
  while ((h.startsWith('amp.') || h.startsWith('www.')) && h.slice(4).includes('.')) h = h.slice(4);
  return h;
}

/** /amp/tin/a, /tin/a/amp and /tin/a.amp.html are the AMP editions of /tin/a(.html). */
function stripAmpPath(path: string): string {
  if (!/amp/i.test(path)) return path;
  let p = path;
  // Segments first: removing a trailing /amp can expose a .amp.html suffix, never the reverse.
  if (/(?:^|\/)amp(?:\/|$)/i.test(p)) {
    p = p
      .split('/')
      .filter((s) => s.toLowerCase() !== 'amp')
      .join('/');
    if (p === '') p = '/';
  }
  // Suffixes are peeled from the end: /(?:\.amp)+(\.html?)$/ would rescan a long .amp.amp… run
  // from each of its positions.
  const ext = /\.html?$/i.exec(p)?.[0];
  if (ext === undefined) return p;
  let end = p.length - ext.length;
  while (end >= 4 && p.slice(end - 4, end).toLowerCase() === '.amp') end -= 4;
  return `${p.slice(0, end)}${ext}`;
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

/** X handles are case-insensitive, and people retype them; the status id is what matters. */
function lowerCaseXHandle(path: string): string {
  const segments = path.split('/');
  const handle = segments[1];
  if (segments[2] === 'status' && handle !== undefined && /^[A-Za-z0-9_]+$/.test(handle)) {
    segments[1] = lowerName(handle);
    return segments.join('/');
  }
  return path;
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

/** Session ids that some servers keep in the path (`/page;jsessionid=…`): a secret, not the page's name. */
const PATH_SESSION = /;(?:jsessionid|phpsessid|sessionid|sid)=[^/;]*/gi;

function normalizePath(pathname: string): string {
  let path = normalizePercent(pathname).replace(/\/{2,}/g, '/');
  if (path.includes(';')) path = path.replace(PATH_SESSION, '');
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
  if (!value.includes('%')) return value;
  return value.replace(/%([0-9A-Fa-f]{2})?/g, (_match, hex: string | undefined) => {
    if (hex === undefined) return '%25';
    const char = String.fromCharCode(Number.parseInt(hex, 16));
    return UNRESERVED.test(char) ? char : `%${hex.toUpperCase()}`;
  });
}
