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
  'posts', 'watch', 'groups', 'reel', 'reels', 'shorts', 'video', 'videos', 'status', 'p', 'permalink.php',
  'story.php', 'photo.php', 'video.php', 'profile.php', 'photo', 'photos', 'share', 'live', 'embed', 'tv',
  'story', 'stories', 'channel', 'c', 'user', 'playlist', 'results', 'search', 'hashtag', 'explore', 'events',
  'pages', 'media', 'i', 'notes', 'marketplace',
]);

/** Hosting services where the subdomain is the author's name (nguyenvana.blogspot.com). */
const PERSONAL_SUBDOMAIN_SUFFIXES = [
  'blogspot.com', 'blogspot.com.vn', 'wordpress.com', 'tumblr.com', 'substack.com', 'medium.com', 'github.io',
  'weebly.com', 'wixsite.com', 'violet.vn',
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
