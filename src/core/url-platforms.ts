/**
 * Which content item a platform URL names. `canonicalizeUrl` (url-canonical.ts) cleans the URL and
 * folds hosts; the recognisers here read the cleaned host, path segments and query and return the
 * item, so that every URL form of one post, video or photo gets one deduplication key.
 *
 * Identity decisions, per form (a wrong merge hides a report, a missed merge only costs a duplicate):
 * - Facebook post ids (/{page}/posts/{id}, story_fbid in permalink.php and story.php) are global
 *   object ids since Facebook's 2013 id unification: /{id} alone opens the post, and the Graph API's
 *   `{owner}_{id}` form only prefixes the same id. So posts are keyed by the id alone, which lets a
 *   /{page}/posts/{id} link and a permalink.php?story_fbid={id}&id={owner} link of one post merge.
 *   pfbid… ids are an opaque encryption of the numeric id: kept as written (case-sensitive), and a
 *   post reported once by pfbid and once by number stays two keys.
 * - Videos, reels and /watch?v= share one id space (a reel is a video): `facebook:video:{id}`.
 * - Group posts keep their group (slug lower-cased, as Facebook resolves names case-insensitively):
 *   a group's slug and numeric id cannot be matched offline, so that case stays two keys.
 * - A comment_id / reply_comment_id makes the item a comment: reporting a comment is not reporting
 *   the post under it.
 * - YouTube video ids (11 characters) and TikTok/X numeric ids are global; Instagram and Threads
 *   shortcodes are global and case-sensitive.
 * - Short links cannot be resolved offline and are returned as `short_link`, keyed on themselves.
 */
import type { UrlRules } from './services.ts';

export const CONTENT_KINDS = ['post', 'video', 'photo', 'group_post', 'comment', 'channel', 'short_link', 'page'] as const;
export type ContentKind = (typeof CONTENT_KINDS)[number];

export interface QueryParam {
  /** Decoded, lower-cased name, used only for matching. */
  name: string;
  /** The `name=value` segment as it will be emitted. */
  raw: string;
}

/** A content item: its key is `${platform}:${kind}:${id}`. */
export interface Item {
  kind: Exclude<ContentKind, 'short_link' | 'page'>;
  id: string;
}
/** What a URL names: an item, a short link that must be resolved online, or (null) just a page. */
export type Recognised = Item | { kind: 'short_link' } | null;

const SHORT: Recognised = { kind: 'short_link' };

const NUMERIC_ID = /^[0-9]{1,25}$/;
const PFBID = /^pfbid[0-9A-Za-z]{8,200}$/;
const COMMENT_ID = /^[A-Za-z0-9_=-]{1,200}$/;
const FB_GROUP = /^[A-Za-z0-9._-]{1,100}$/;
const YOUTUBE_VIDEO_ID = /^[A-Za-z0-9_-]{11}$/;
/** 11-character route words that are not video ids (/embed/videoseries?list=…, /embed/live_stream?channel=…). */
const YOUTUBE_NOT_IDS: ReadonlySet<string> = new Set(['videoseries', 'live_stream']);
const YOUTUBE_VIDEO_ROUTES: ReadonlySet<string> = new Set(['shorts', 'embed', 'live', 'v', 'e']);
const YOUTUBE_CHANNEL_ID = /^UC[A-Za-z0-9_-]{22}$/;
const YOUTUBE_NAME = /^[^/?#]{1,100}$/;
/** Channel tabs: /@handle/videos is the channel. /@handle/live is whatever is live now, so it is not. */
const YOUTUBE_CHANNEL_TABS: ReadonlySet<string> = new Set([
  'featured',
  'videos',
  'shorts',
  'streams',
  'playlists',
  'community',
  'about',
  'posts',
  'podcasts',
  'releases',
  'store',
  'courses',
]);
const X_HANDLE = /^[A-Za-z0-9_]{1,50}$/;
const SHORTCODE = /^[A-Za-z0-9_-]{5,64}$/;
const TIKTOK_LEGACY = /^([0-9]{1,25})\.html$/;

export function recognize(rules: UrlRules, host: string, segments: readonly string[], params: readonly QueryParam[]): Recognised {
  switch (rules) {
    case 'facebook':
      return facebook(host, segments, params);
    case 'youtube':
      return youtube(host, segments, params);
    case 'x':
      return x(host, segments);
    case 'tiktok':
      return tiktok(host, segments);
    case 'instagram':
      return instagram(host, segments);
    case 'threads':
      return threads(host, segments);
    // Zalo's public links (official accounts, groups, profiles) are pages: there is no item id to
    // key on that a profile URL does not already carry.
    case 'zalo':
    case 'web':
      return null;
  }
}

/**
 * The decoded value of a parameter; undefined when absent, null when it appears with different
 * values (the cleaned URL sorts its parameters, so picking "the first" would not be idempotent).
 */
export function param(params: readonly QueryParam[], name: string): string | null | undefined {
  let found: string | undefined;
  for (const p of params) {
    if (p.name !== name) continue;
    const eq = p.raw.indexOf('=');
    const value = eq < 0 ? '' : decodeLoosely(p.raw.slice(eq + 1));
    if (found !== undefined && found !== value) return null;
    found = value;
  }
  return found;
}

export function decodeLoosely(value: string): string {
  if (!value.includes('%') && !value.includes('+')) return value;
  try {
    return decodeURIComponent(value.replace(/\+/g, ' '));
  } catch {
    return value;
  }
}

/** Lower-cases ASCII letters but leaves percent escapes (already upper-cased hex) alone. */
export function lowerName(segment: string): string {
  return segment.replace(/%[0-9A-F]{2}|[A-Z]+/g, (m) => (m.startsWith('%') ? m : m.toLowerCase()));
}

function matches(value: string | null | undefined, pattern: RegExp): value is string {
  return typeof value === 'string' && pattern.test(value);
}

function isPostId(value: string | null | undefined): value is string {
  return typeof value === 'string' && (NUMERIC_ID.test(value) || PFBID.test(value));
}

function facebook(host: string, seg: readonly string[], params: readonly QueryParam[]): Recognised {
  if (host === 'fb.watch' || host === 'fb.me' || host.endsWith('.fb.me')) return seg.length > 0 ? SHORT : null;
  if (host !== 'facebook.com') return null;
  const first = seg[0]?.toLowerCase();
  const second = seg[1]?.toLowerCase();
  let kind: Item['kind'] | null = null;
  let postId = '';
  let prefix = '';

  if (first === 'share') return seg.length >= 2 ? SHORT : null;
  if ((first === 'permalink.php' || first === 'story.php') && seg.length === 1) {
    const story = param(params, 'story_fbid');
    if (isPostId(story)) [kind, postId] = ['post', story];
  } else if ((first === 'photo.php' || first === 'photo') && seg.length === 1) {
    const fbid = param(params, 'fbid');
    if (matches(fbid, NUMERIC_ID)) [kind, postId] = ['photo', fbid];
  } else if ((first === 'watch' && (seg.length === 1 || (seg.length === 2 && second === 'live'))) || (first === 'video.php' && seg.length === 1)) {
    const v = param(params, 'v');
    if (matches(v, NUMERIC_ID)) [kind, postId] = ['video', v];
  } else if ((first === 'reel' || first === 'videos') && seg.length === 2) {
    if (matches(seg[1], NUMERIC_ID)) [kind, postId] = ['video', seg[1]];
  } else if (first === 'groups') {
    const group = seg[1];
    if (group !== undefined && FB_GROUP.test(group)) {
      prefix = `${group.toLowerCase()}:`;
      const route = seg[2]?.toLowerCase();
      const id = (route === 'posts' || route === 'permalink') && seg.length === 4 ? seg[3] : seg.length === 2 ? param(params, 'multi_permalinks') : undefined;
      if (isPostId(id)) [kind, postId] = ['group_post', id];
    }
  } else if (second === 'posts' && seg.length === 3) {
    if (isPostId(seg[2])) [kind, postId] = ['post', seg[2]];
  } else if ((second === 'videos' || second === 'photos') && (seg.length === 3 || seg.length === 4)) {
    const id = seg[seg.length - 1];
    if (matches(id, NUMERIC_ID)) [kind, postId] = [second === 'videos' ? 'video' : 'photo', id];
  }
  if (kind === null) return null;

  const comment = param(params, 'reply_comment_id') ?? param(params, 'comment_id');
  if (comment === undefined) return { kind, id: prefix + postId };
  // A comment id we cannot read must not fold the comment into its post: fall back to the page key.
  return matches(comment, COMMENT_ID) ? { kind: 'comment', id: `${postId}_${comment}` } : null;
}

function youtube(host: string, seg: readonly string[], params: readonly QueryParam[]): Recognised {
  if (host === 'youtu.be') return seg.length === 1 ? youtubeVideo(seg[0]) : null;
  if (host !== 'youtube.com') return null;
  const first = seg[0];
  if (first === undefined) return null;
  if (first === 'watch' && seg.length === 1) return youtubeVideo(param(params, 'v'));
  if (YOUTUBE_VIDEO_ROUTES.has(first) && seg.length === 2) return youtubeVideo(seg[1]);

  // Handles and legacy custom names are case-insensitive; channel ids (UC…) are not.
  if (first.startsWith('@') && first.length > 1 && YOUTUBE_NAME.test(first) && channelTab(seg, 1)) return { kind: 'channel', id: lowerName(first) };
  const name = seg[1];
  if (name === undefined) return null;
  if (first === 'channel' && YOUTUBE_CHANNEL_ID.test(name) && channelTab(seg, 2)) return { kind: 'channel', id: name };
  if ((first === 'c' || first === 'user') && YOUTUBE_NAME.test(name) && channelTab(seg, 2)) return { kind: 'channel', id: `${first}/${lowerName(name)}` };
  return null;
}

function youtubeVideo(id: string | null | undefined): Item | null {
  return matches(id, YOUTUBE_VIDEO_ID) && !YOUTUBE_NOT_IDS.has(id) ? { kind: 'video', id } : null;
}

/** Whether the path ends at segment `at`, or continues with one channel tab. */
function channelTab(seg: readonly string[], at: number): boolean {
  return seg.length === at || (seg.length === at + 1 && YOUTUBE_CHANNEL_TABS.has(seg[at]!.toLowerCase()));
}

/** An item whose id must be numeric (X posts, TikTok videos), or null. */
function numeric(kind: Item['kind'], id: string | undefined): Item | null {
  return matches(id, NUMERIC_ID) ? { kind, id } : null;
}

function x(host: string, seg: readonly string[]): Recognised {
  if (host === 't.co') return seg.length > 0 ? SHORT : null;
  if (host !== 'x.com') return null;
  if (seg[0] === 'i') {
    if (seg[1] === 'web' && seg[2] === 'status' && seg.length === 4) return numeric('post', seg[3]);
    if (seg[1] === 'status' && seg.length === 3) return numeric('post', seg[2]);
  }
  // /{user}/status/{id}, optionally followed by /photo/1, /video/1, /analytics…: all the same post.
  const route = seg[1];
  if ((route === 'status' || route === 'statuses') && seg.length <= 5 && X_HANDLE.test(seg[0]!)) return numeric('post', seg[2]);
  return null;
}

function tiktok(host: string, seg: readonly string[]): Recognised {
  if (host === 'vm.tiktok.com' || host === 'vt.tiktok.com') return seg.length > 0 ? SHORT : null;
  if (host !== 'tiktok.com') return null;
  const first = seg[0];
  if (first === undefined) return null;
  if (first === 't') return seg.length === 2 ? SHORT : null;
  // Photo posts (slideshows) share the video id space.
  if (first.startsWith('@') && seg.length === 3 && (seg[1] === 'video' || seg[1] === 'photo')) return numeric('video', seg[2]);
  if (first === 'v' && seg.length === 2) return numeric('video', TIKTOK_LEGACY.exec(seg[1]!)?.[1]);
  if (first === 'embed' && seg.length === 2) return numeric('video', seg[1]);
  if ((first === 'embed' && seg[1] === 'v2') || (first === 'player' && seg[1] === 'v1')) return seg.length === 3 ? numeric('video', seg[2]) : null;
  return null;
}

const INSTAGRAM_POST_ROUTES: ReadonlySet<string> = new Set(['p', 'reel', 'reels', 'tv']);

function instagram(host: string, seg: readonly string[]): Recognised {
  if (host !== 'instagram.com') return null;
  if (seg[0] === 'share') return seg.length >= 2 ? SHORT : null;
  // /p/{code} and the newer /{user}/p/{code}, /{user}/reel/{code} name the same post.
  const at = seg.length === 2 ? 0 : seg.length === 3 ? 1 : -1;
  if (at < 0 || !INSTAGRAM_POST_ROUTES.has(seg[at]!)) return null;
  const code = seg[at + 1];
  return matches(code, SHORTCODE) ? { kind: 'post', id: code } : null;
}

function threads(host: string, seg: readonly string[]): Recognised {
  if (host !== 'threads.com') return null;
  let code: string | undefined;
  if (seg.length === 3 && seg[0]!.startsWith('@') && seg[1] === 'post') code = seg[2];
  else if (seg.length === 2 && seg[0] === 't') code = seg[1];
  return matches(code, SHORTCODE) ? { kind: 'post', id: code } : null;
}
