/**
 * What the public transparency database shows of a reported URL. Like Lumen, it names the site and
 * the kind of page, never which account or item: a full URL often contains a person's user name,
 * and publishing it next to "reported by the authorities" would itself harm that person.
 */
import { canonicalizeUrl } from './url-canonical.ts';

export const INVALID_PUBLIC_URL = '(invalid URL)';

/**
 * Route segments that name a kind of page rather than an account. Only these may appear, and only
 * as the first path segment: anything after them (ids, group names) stays hidden.
 */
const STRUCTURAL_SEGMENTS: ReadonlySet<string> = new Set([
  'posts',
  'watch',
  'groups',
  'reel',
  'reels',
  'shorts',
  'video',
  'videos',
  'status',
  'p',
  'permalink.php',
  'story.php',
  'photo.php',
  'video.php',
  'profile.php',
  'photo',
  'photos',
  'share',
  'live',
  'embed',
  'tv',
  'story',
  'stories',
  'channel',
  'c',
  'user',
  'playlist',
  'results',
  'search',
  'hashtag',
  'explore',
  'events',
  'pages',
  'media',
  'i',
  'notes',
  'marketplace',
]);

/** Hosting services where the subdomain is the author's name (nguyenvana.blogspot.com). */
const PERSONAL_SUBDOMAIN_SUFFIXES = [
  'blogspot.com',
  'blogspot.com.vn',
  'wordpress.com',
  'tumblr.com',
  'substack.com',
  'medium.com',
  'github.io',
  'weebly.com',
  'wixsite.com',
  'violet.vn',
];

export function truncateUrlForPublic(url: string): string {
  try {
    // Canonicalising first means m.facebook.com, youtu.be links and link shims display like the
    // pages they stand for, and tracking parameters can never leak through.
    return truncateCanonicalUrl(canonicalizeUrl(url).canonical_url);
  } catch {
    return INVALID_PUBLIC_URL;
  }
}

/** The same for a URL that is already canonical (intake has it at hand): skips the second pass. */
export function truncateCanonicalUrl(canonicalUrl: string): string {
  let parsed: URL;
  try {
    parsed = new URL(canonicalUrl);
  } catch {
    return INVALID_PUBLIC_URL;
  }
  const host = publicHost(parsed.host);
  const segments = parsed.pathname.split('/').filter((segment) => segment !== '');
  const hasQuery = parsed.search !== '';
  const first = segments[0]?.toLowerCase();
  if (first !== undefined && STRUCTURAL_SEGMENTS.has(first)) {
    if (segments.length > 1) return `${host}/${first}/…`;
    return hasQuery ? `${host}/${first}…` : `${host}/${first}`;
  }
  return segments.length > 0 || hasQuery ? `${host}/…` : host;
}

function publicHost(host: string): string {
  for (const suffix of PERSONAL_SUBDOMAIN_SUFFIXES) {
    if (host.endsWith(`.${suffix}`)) return `*.${suffix}`;
  }
  return host;
}

/**
 * Where a URL starts in free text: a scheme, "www.", or a host's top-level domain followed by a
 * path ("facebook.com/nguyen.van.a"). Bare hosts need a known top-level domain so that
 * "Hà Nội/TP.HCM/Đà Nẵng" is not taken for a link. A scheme starts a URL even glued to a word
 * ("xemhttps://…"), or what is left of it would be found as a bare host on a second pass.
 */
const URL_HINT =
  /https?:\/\/|www\.|\.(?:com|net|org|vn|info|biz|io|me|co|tv|xyz|top|site|online|store|shop|app|dev|blog|news|edu|gov|asia|ly|gl|gg|to|cc|us|uk|jp|kr|cn|ru|de|fr|au|ca|sg|th|la|kh|tk|link|club|live|page|vip|pro|mobi|name)\//gi;
const HOST_CHAR = /[\p{L}\p{N}.-]/u;
const URL_END = /[\s<>"'`]/u;
const TRAILING_PUNCTUATION = '.,;:!?)]}\'"»';
const MAX_HOST = 253;
const MAX_URL_IN_TEXT = 2048;
/** Shown for a quoted URL that does not even parse. */
export const URL_PLACEHOLDER = '[url]';

/**
 * Free text with every URL it quotes shown as truncateUrlForPublic shows a reported URL, so a
 * "see https://facebook.com/nguyen.van.a/posts/1" in an explanation names no account. Work is
 * bounded per URL (a 253-character host, a 2,048-character URL), so the scan is linear.
 */
export function truncateUrlsInText(text: string): string {
  let out = '';
  let cursor = 0;
  URL_HINT.lastIndex = 0;
  for (let m = URL_HINT.exec(text); m !== null; m = URL_HINT.exec(text)) {
    const bare = m[0].startsWith('.');
    let start = m.index;
    if (bare) {
      while (start > cursor && m.index - start < MAX_HOST && HOST_CHAR.test(text[start - 1]!)) start--;
      // No host before the dot, or the host of an e-mail address (left to the e-mail redaction).
      if (start === m.index || text[start] === '.' || text[start - 1] === '@') continue;
    }
    let end = m.index + m[0].length;
    while (end < text.length && end - start < MAX_URL_IN_TEXT && !URL_END.test(text[end]!)) end++;
    // A sentence's full stop or closing bracket after a link is not part of it.
    while (end > m.index + m[0].length && TRAILING_PUNCTUATION.includes(text[end - 1]!)) end--;
    const raw = text.slice(start, end);
    URL_HINT.lastIndex = Math.max(end, m.index + m[0].length);
    // Already in the form truncateUrlForPublic gives (redacting twice changes nothing): leave it.
    if (bare && isTruncatedForm(raw)) continue;
    const shown = truncateUrlForPublic(/^https?:\/\//i.test(raw) ? raw : `https://${raw}`);
    if (shown === INVALID_PUBLIC_URL && bare) continue;
    out += text.slice(cursor, start) + (shown === INVALID_PUBLIC_URL ? URL_PLACEHOLDER : shown);
    cursor = end;
  }
  return cursor === 0 ? text : out + text.slice(cursor);
}

/** "host/…", "host/groups/…", "host/watch…": nothing of an account is left to hide. */
function isTruncatedForm(hostAndPath: string): boolean {
  const path = hostAndPath.slice(hostAndPath.indexOf('/') + 1);
  if (path === '…') return true;
  const first = path.endsWith('/…') ? path.slice(0, -2) : path.endsWith('…') ? path.slice(0, -1) : path;
  return STRUCTURAL_SEGMENTS.has(first);
}
