/**
 * Platform short and share links (issue 15): `fb.watch/…`, `facebook.com/share/{r,v,p}/…` (and its
 * m./web. forms, folded by the canonicalizer), `fb.me/…`, `vt.tiktok.com/…`, `vm.tiktok.com/…`,
 * `tiktok.com/t/…`, `instagram.com/share/…`, `t.co/…`. Only the platform knows which content such
 * a link names, so the canonicalizer keys each on itself (`facebook:short:fb.watch/abc`) and a
 * background resolver (short-link.service.ts) asks the platform by following its redirects.
 *
 * The rules here decide what an answer of the platform proves. Only a redirect to the SAME
 * platform's content is taken as the link's target: it is the platform's own statement, which no
 * submitter controls, so it may join the short link's case to the target's. A share link that
 * leads to another site (t.co to a news site, a Facebook link shim to anywhere) is not followed
 * there: the site's answer proves nothing about the platform's content. Dead links and login
 * walls are "unresolvable": platforms send them to a home page, a generic route or a login form,
 * and keying on those would fold every dead link into one case, hiding reports.
 *
 * youtu.be needs none of this: its path is the video id, folded offline.
 */
import { canonicalizeUrl, type CanonicalUrl } from './url-canonical.ts';
import type { ServiceDirectory } from './services.ts';

export const SHORT_LINK_STATUSES = ['pending', 'resolved', 'unresolvable'] as const;
export type ShortLinkStatus = (typeof SHORT_LINK_STATUSES)[number];

/** Why a link was given up on. Shown on the case, so a reviewer knows to open it themselves. */
export const UNRESOLVABLE_REASONS = [
  /** The platform answered 404/410, or sent the link to its home page. */
  'not_found',
  /** The platform asked for a login before showing where the link leads. */
  'login_wall',
  /** The link leads off the platform; that site's answer is not followed (see above). */
  'other_site',
  /** The link leads to a generic page of the platform (a feed, a route without an id), not one item. */
  'not_content',
  /** The platform answered without saying where the link leads. */
  'no_target',
  /** More redirects than MAX_HOPS. */
  'too_many_hops',
  /** A redirect to an address minhbach does not send requests to (private, loopback, metadata…). */
  'refused',
  /** A redirect to something that is not a URL minhbach accepts. */
  'invalid_redirect',
  /** Every attempt failed for a reason that might pass (timeouts, 5xx, 429), RETRY_DELAYS_MS.length + 1 times. */
  'gave_up',
] as const;
export type UnresolvableReason = (typeof UNRESOLVABLE_REASONS)[number];

/** Failures that may pass: tried again later, on RETRY_DELAYS_MS. */
export type TransientReason = 'timeout' | 'network' | 'server_error' | 'rate_limited';

/** Redirects followed from the short link; platforms use one to three. */
export const MAX_HOPS = 5;
/** For one request (each hop and each of HEAD/GET): platforms answer redirects in well under a second. */
export const HOP_TIMEOUT_MS = 5_000;
/** For one link, all its hops together. */
export const LINK_TIMEOUT_MS = 15_000;
/** A redirect has no body worth reading; a final page is read this far for its og:url only. */
export const MAX_BODY_BYTES = 32 * 1024;
/** Waits after the 1st, 2nd… failed attempt; after the last, the link is unresolvable ('gave_up'). */
export const RETRY_DELAYS_MS: readonly number[] = [60_000, 5 * 60_000, 30 * 60_000, 2 * 60 * 60_000];
/**
 * Honest about who asks (platforms answer a bare client with an interstitial), yet browser-like
 * enough that they answer with the redirect a person's browser would get.
 */
export const USER_AGENT = 'Mozilla/5.0 (compatible; minhbach-link-resolver/1.0; resolves share links reported to minhbach) like Gecko';

/** Whether a canonical URL is a short link that only its platform can expand. */
export function isShortLink(c: Pick<CanonicalUrl, 'kind'>): boolean {
  return c.kind === 'short_link';
}

/** Whether a content key is a short link's (`${rules}:short:${id}`, url-canonical.ts). */
export function isShortKey(contentKey: string): boolean {
  return /^[a-z]+:short:/.test(contentKey);
}

/** What to do with one answer of the platform. */
export type Step =
  /** Ask this URL next (a redirect within the platform that does not name the content yet). */
  | { next: 'follow'; url: string }
  /** The link names this content. */
  | { next: 'resolved'; target: CanonicalUrl }
  | { next: 'unresolvable'; reason: UnresolvableReason };

/**
 * Paths (first segment, lower case) where platforms send links they will not or cannot show:
 * logins, checkpoints, consent screens. `next` may name the content (see `loginNext`).
 */
const LOGIN_ROUTES: ReadonlySet<string> = new Set(['login', 'login.php', 'checkpoint', 'cookie', 'consent', 'accounts', 'signup', 'r.php', 'i']);
/** Generic routes that name no one item: a dead link's landing place, never a target. */
const GENERIC_ROUTES: ReadonlySet<string> = new Set([
  'home.php',
  'watch',
  'reel',
  'reels',
  'videos',
  'foryou',
  'explore',
  'discover',
  'trending',
  'notfound',
  '404',
  'unsupportedbrowser',
  'help',
  'policies',
  'privacy',
  'legal',
  'about',
  'search',
  'hashtag',
  'tag',
  'live',
  'feed',
  'stories',
  'share',
  'gaming',
  'marketplace',
  'groups',
  'pages',
  'events',
  'notifications',
  'messages',
]);

function firstSegment(c: CanonicalUrl): string {
  const path = c.canonical_url.replace(/^https:\/\/[^/?#]+/, '');
  return (path.split(/[/?#]/)[1] ?? '').toLowerCase();
}

function tryCanonical(url: string, directory?: ServiceDirectory): CanonicalUrl | null {
  try {
    return canonicalizeUrl(url, directory);
  } catch {
    return null;
  }
}

/**
 * A login wall's `next` (Facebook: `/login/?next=…`, Instagram: `/accounts/login/?next=…`, X:
 * `/i/flow/login?redirect_after_login=…`) is where the platform itself will send the person after
 * they log in. It came in the platform's own redirect from the short URL we asked (canonical, so
 * without any query a submitter wrote), so it is the platform's word like any redirect; taken only
 * when it names one content item on the same platform, never a page or another short link (the
 * usual `next` is the share URL itself, which says nothing).
 */
function loginNext(url: URL, short: CanonicalUrl, directory?: ServiceDirectory): CanonicalUrl | null {
  for (const name of ['next', 'redirect_after_login', 'redirect_url', 'continue']) {
    const value = url.searchParams.get(name);
    if (value === null) continue;
    let absolute: string;
    try {
      absolute = new URL(value, url).href;
    } catch {
      continue;
    }
    const c = tryCanonical(absolute, directory);
    if (c && c.platform === short.platform && c.kind !== 'page' && c.kind !== 'short_link') return c;
  }
  return null;
}

/**
 * Where a redirect from `from` to `location` (the Location header, maybe relative) leads, for the
 * short link `short`. A URL that names a content item of the same platform resolves the link at
 * once (no need to fetch it: that page may well be behind a login); another short link or a
 * page of the platform is followed; anything off the platform stops here.
 */
export function judgeRedirect(short: CanonicalUrl, from: string, location: string, directory?: ServiceDirectory): Step {
  let url: URL;
  try {
    url = new URL(location, from);
  } catch {
    return { next: 'unresolvable', reason: 'invalid_redirect' };
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return { next: 'unresolvable', reason: 'invalid_redirect' };
  const c = tryCanonical(url.href, directory);
  if (c === null) return { next: 'unresolvable', reason: 'invalid_redirect' };
  if (c.platform !== short.platform) return { next: 'unresolvable', reason: 'other_site' };
  if (c.kind !== 'page' && c.kind !== 'short_link') return { next: 'resolved', target: c };
  const first = firstSegment(c);
  if (LOGIN_ROUTES.has(first)) {
    const next = loginNext(url, short, directory);
    return next ? { next: 'resolved', target: next } : { next: 'unresolvable', reason: 'login_wall' };
  }
  // The original URL as the platform wrote it (with its query: a page's query may matter to the
  // platform), but always within the platform, which the check above made sure of.
  return { next: 'follow', url: url.href };
}

/**
 * A final answer (2xx) at `url`, after zero or more redirects from the short link. `declared` is
 * the page's own og:url or rel=canonical, when the page names one.
 */
export function judgeFinal(short: CanonicalUrl, url: string, declared: string | null, directory?: ServiceDirectory): Step {
  if (declared !== null) {
    const step = judgeRedirect(short, url, declared, directory);
    if (step.next === 'resolved') return step;
  }
  const c = tryCanonical(url, directory);
  if (c === null) return { next: 'unresolvable', reason: 'invalid_redirect' };
  if (c.platform !== short.platform) return { next: 'unresolvable', reason: 'other_site' };
  if (c.kind === 'short_link') return { next: 'unresolvable', reason: 'no_target' };
  if (c.kind !== 'page') return { next: 'resolved', target: c };
  const first = firstSegment(c);
  if (first === '') return { next: 'unresolvable', reason: 'not_found' };
  if (LOGIN_ROUTES.has(first)) return { next: 'unresolvable', reason: 'login_wall' };
  // A profile or a page (facebook.com/some.page, tiktok.com/@user): one piece of content. The
  // platform's generic routes are not: a dead link lands there.
  if (GENERIC_ROUTES.has(first)) return { next: 'unresolvable', reason: 'not_content' };
  return { next: 'resolved', target: c };
}

/** What an HTTP status says about the link, for answers that are neither 2xx nor a redirect. */
export function judgeStatus(status: number): { final: UnresolvableReason } | { transient: TransientReason } {
  if (status === 404 || status === 410) return { final: 'not_found' };
  if (status === 429) return { transient: 'rate_limited' };
  if (status >= 500) return { transient: 'server_error' };
  // 401/403 and the rest: the platform will not say where the link leads to an anonymous client.
  return { final: 'login_wall' };
}

const OG_URL = /<meta\s[^>]{0,200}?property\s*=\s*["']og:url["'][^>]{0,200}?content\s*=\s*["']([^"'<>]{1,2048})["']/i;
const OG_URL_REVERSED = /<meta\s[^>]{0,200}?content\s*=\s*["']([^"'<>]{1,2048})["'][^>]{0,200}?property\s*=\s*["']og:url["']/i;
const CANONICAL_LINK = /<link\s[^>]{0,200}?rel\s*=\s*["']canonical["'][^>]{0,200}?href\s*=\s*["']([^"'<>]{1,2048})["']/i;

/**
 * The URL a page declares for itself (og:url, else rel=canonical), from the first MAX_BODY_BYTES of
 * its HTML. The patterns are bounded (no nested quantifiers), so a hostile page costs linear time.
 */
export function declaredUrl(html: string): string | null {
  const text = html.length > MAX_BODY_BYTES ? html.slice(0, MAX_BODY_BYTES) : html;
  const m = OG_URL.exec(text) ?? OG_URL_REVERSED.exec(text) ?? CANONICAL_LINK.exec(text);
  return m ? m[1]!.replace(/&amp;/g, '&') : null;
}

/** When to try a link again after its `attempts`-th failed attempt, or null to give up. */
export function retryDelay(attempts: number): number | null {
  return RETRY_DELAYS_MS[attempts - 1] ?? null;
}

export interface JoinableCase {
  id: string;
  platform: string;
  status: string;
}

/**
 * Whether the short link's case joins the target's case, or is only linked to it as a duplicate.
 *
 * The platform's redirect is evidence no submitter controls (like the platform's confirmation in
 * case-merge.ts), but the status rules of `mergePlan` still hold, with the direction fixed: the
 * short link's case is absorbed (the target's URL names the content; its case keeps its URL),
 * only while nobody has acted on it (`received`), and only into a case still open before any
 * decision (`received`, `in_review`): a decided case's statement of reasons names its content,
 * so a decided target is linked, for the reviewer to decide the same way.
 */
export function shortLinkJoin(shortCase: JoinableCase, target: JoinableCase): 'merge' | 'link' | null {
  if (shortCase.id === target.id || shortCase.platform !== target.platform) return null;
  if (shortCase.status === 'merged' || target.status === 'merged') return 'link';
  if (shortCase.status !== 'received') return 'link';
  if (target.status !== 'received' && target.status !== 'in_review') return 'link';
  return 'merge';
}
