/**
 * Which query parameters a canonical URL keeps. The canonical URL and the content key are shown
 * to every organization on a case, so they keep only parameters known to say which content a URL
 * names, per platform, and drop everything else: tracking, and also the access tokens, signatures,
 * session ids and e-mail addresses that a submitter's own URL can carry (`?access_token=…&sig=…`).
 * An allow-list because a deny-list can never name every secret.
 *
 * The cost is on the other side: two pages that differ only by a dropped parameter share one key
 * (one case). For platforms the lists name every parameter their URL forms identify content by;
 * for other sites, the common id parameters of news sites, forums and CMSs, and only with values
 * that look like an id or a slug, never like a token.
 */
import type { UrlRules } from './services.ts';
import { decodeLoosely, type QueryParam } from './url-platforms.ts';

/** Compared decoded and lower-cased. */
const PLATFORM_KEEP: Record<Exclude<UrlRules, 'web'>, ReadonlySet<string>> = {
  // Posts (story_fbid + owner id), photos (fbid, set = album), videos (v), group posts
  // (multi_permalinks, old ?view=permalink&id=), comments, profiles (profile.php?id=&sk=tab),
  // albums (album_id) and searches (q).
  facebook: new Set(['story_fbid', 'id', 'fbid', 'set', 'v', 'multi_permalinks', 'view', 'comment_id', 'reply_comment_id', 'sk', 'album_id', 'q']),
  // Videos (v), playlists (list), searches.
  youtube: new Set(['v', 'list', 'search_query']),
  x: new Set(['q', 'f']),
  tiktok: new Set(['q']),
  instagram: new Set(['q']),
  threads: new Set(['q']),
  // Zalo's links name their target in the path (zalo.me/g/{group}, zalo.me/{account}).
  zalo: new Set(),
};

/**
 * Id parameters of ordinary sites: WordPress (p, page_id, cat), Joomla (option, view, id, catid),
 * vBulletin and phpBB forums (t, f, threadid, showtopic, topic), news CMSs (newsid, article, aid…),
 * and pagination. Search terms are not kept: they are the submitter's words, not the page.
 */
// prettier-ignore
const WEB_KEEP: ReadonlySet<string> = new Set([
  'id', 'p', 'page_id', 'pid', 'aid', 'nid', 'tid', 'cid', 'catid', 'cat', 'category', 'page', 'article', 'articleid', 'article_id',
  'news', 'newsid', 'news_id', 'post', 'postid', 'post_id', 'story', 'storyid', 'story_id', 'item', 'itemid', 'item_id',
  't', 'f', 'thread', 'threadid', 'topic', 'showtopic', 'forum', 'v', 'vid', 'video', 'videoid', 'option', 'view', 'task', 'mod', 'act',
]);

/**
 * Sites whose query id is a long random string by nature (a Drive file id), where the value check
 * below would drop the id and fold every file into one page.
 */
const HOST_KEEP: ReadonlyMap<string, ReadonlySet<string>> = new Map([
  ['drive.google.com', new Set(['id'])],
  ['docs.google.com', new Set(['id'])],
]);

/** Longest id or slug kept from an ordinary site's parameter. */
const MAX_WEB_VALUE = 80;
/** A run of letters and digits mixed longer than this reads as a random token, not a word or a number. */
const MAX_MIXED_RUN = 12;

/** The kept parameters, sorted and without repeats, as `?a=1&b=2` (or '' when none are left). */
export function keptQuery(params: readonly QueryParam[], platform: UrlRules, host: string): string {
  const kept: string[] = [];
  for (const p of params) if (isKept(p, platform, host)) kept.push(p.raw);
  if (kept.length === 0) return '';
  kept.sort();
  let query = `?${kept[0]!}`;
  for (let i = 1; i < kept.length; i++) if (kept[i] !== kept[i - 1]) query += `&${kept[i]!}`;
  return query;
}

function isKept(p: QueryParam, platform: UrlRules, host: string): boolean {
  const eq = p.raw.indexOf('=');
  const value = eq < 0 ? '' : decodeLoosely(p.raw.slice(eq + 1));
  if (looksLikeEmail(value)) return false;
  if (platform !== 'web') return PLATFORM_KEEP[platform].has(p.name);
  if (HOST_KEEP.get(host)?.has(p.name)) return value !== '';
  return WEB_KEEP.has(p.name) && isIdLike(value);
}

/** Something@something.something: never kept, whatever the parameter is called. */
function looksLikeEmail(value: string): boolean {
  const at = value.indexOf('@');
  return at > 0 && value.indexOf('.', at + 2) > 0;
}

/**
 * A number, or a slug of words and numbers (`bai-viet-123`, `com_content`, `a.111`). A long run
 * that mixes letters and digits (`5f4dcc3b5aa765d6…`, `AbC123xYz789…`) reads as a token and is not.
 */
function isIdLike(value: string): boolean {
  if (value === '' || value.length > MAX_WEB_VALUE) return false;
  for (const run of value.split(/[-_.~]/)) {
    if (run === '') return false;
    if (/^[0-9]+$/.test(run) || /^[A-Za-z]+$/.test(run)) continue;
    if (!/^[A-Za-z0-9]+$/.test(run) || run.length > MAX_MIXED_RUN) return false;
  }
  return true;
}
