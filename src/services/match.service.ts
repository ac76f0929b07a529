import { AppError } from '../core/errors.ts';
import { compareFingerprints, fingerprintText, type Comparison, type MatchLevel } from '../core/text-fingerprint.ts';
import { canonicalizeUrl, type CanonicalUrl } from '../core/url-canonical.ts';
import { findCaseByContentKey, findCasesByIds } from '../repositories/case.repository.ts';
import { findTextCandidates } from '../repositories/text-fingerprint.repository.ts';
import { articleOf } from '../text/article-text.ts';
import type { ServiceContext } from './context.ts';

export interface MatchInput {
  url?: string;
  /** A post, or a pasted page with its menus and related links: the article is extracted first. */
  text?: string;
  html?: string;
}

export interface CaseMatch {
  case_id: string;
  platform: string;
  status: string;
  category: string;
  score: number;
  level: MatchLevel;
  matched_by: 'url' | 'text';
}

/**
 * "Has this been reported already?" — what a submitter asks before filing. A URL matches the
 * case of the same content key; a text matches cases whose stored copies are near-duplicates
 * (≥ 0.8, "duplicate") or related (≥ 0.6, "similar"). Any organization may ask: the answer names
 * cases and their state, never who reported them.
 */
export async function matchContent(ctx: ServiceContext, input: MatchInput): Promise<{ canonical: CanonicalUrl | null; title: string | null; text: string | null; matches: CaseMatch[] }> {
  const given = (['url', 'text', 'html'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw AppError.validation([{ field: '(body)', message: 'send exactly one of url, text or html' }]);
  if (input.url !== undefined) {
    const canonical = canonicalizeUrl(input.url);
    const c = await findCaseByContentKey(ctx.db, canonical.content_key);
    return {
      canonical,
      title: null,
      text: null,
      matches: c ? [{ case_id: c.id, platform: c.platform, status: c.status, category: c.category, score: 1, level: 'duplicate', matched_by: 'url' }] : [],
    };
  }
  // A page (HTML, or text with its furniture) is matched on its article only.
  const article = articleOf({ text: input.text, html: input.html });
  const text = article.text;
  const shown = { canonical: null, title: article.title, text: article.extracted ? article.text : null };
  const fp = fingerprintText(text);
  if (!fp) return { ...shown, matches: [] };
  const best = new Map<string, Comparison>();
  for (const cand of await findTextCandidates(ctx.db, fp)) {
    const cmp = compareFingerprints(fp, cand);
    if (cmp.level && cmp.score > (best.get(cand.case_id)?.score ?? -1)) best.set(cand.case_id, cmp);
  }
  const cases = new Map((await findCasesByIds(ctx.db, [...best.keys()])).map((c) => [c.id, c]));
  const matches = [...best]
    .map(([id, cmp]): CaseMatch => {
      const c = cases.get(id)!;
      return { case_id: id, platform: c.platform, status: c.status, category: c.category, score: Math.round(cmp.score * 1000) / 1000, level: cmp.level!, matched_by: 'text' };
    })
    .sort((a, b) => b.score - a.score || (a.case_id < b.case_id ? -1 : 1))
    .slice(0, 50);
  return { ...shown, matches };
}
