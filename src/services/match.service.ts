import { AppError } from '../core/errors.ts';
import type { Actor } from '../core/organization.ts';
import { compareFingerprints, fingerprintText, type Comparison, type MatchLevel } from '../core/text-fingerprint.ts';
import { canonicalizeUrl, type CanonicalUrl } from '../core/url-canonical.ts';
import { findCaseByContentKey, findCasesByIds, type CaseRow } from '../repositories/case.repository.ts';
import { findTextCandidates, type TextCandidate } from '../repositories/text-fingerprint.repository.ts';
import { extractArticle, extractedOrThrow } from '../text/extract-pool.ts';
import { visibleCaseIds } from './case-visibility.ts';
import { serviceDirectory } from './service-registry.service.ts';
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

export interface MatchResult {
  canonical: CanonicalUrl | null;
  title: string | null;
  text: string | null;
  /** Whether any case, whoever's, holds this URL or a near-duplicate (≥ 0.8) of this text. */
  already_reported: boolean;
  /** The matching cases the caller may see, best first. */
  matches: CaseMatch[];
}

/** Who asks: an organization (sees the cases it may see), or the operator at the CLI (sees all). */
export type MatchViewer = Actor | 'operator';

/**
 * "Has this been reported already?" — what a submitter asks before filing. A URL matches the
 * case of the same content key; a text matches cases whose stored copies are near-duplicates
 * (≥ 0.8, "duplicate") or related (≥ 0.6, "similar"). Cases the caller may see (case-visibility.ts)
 * are described; of the others the answer says only `already_reported`, so a submitter still
 * avoids a duplicate without learning another organization's case, its platform or its state.
 */
export async function matchContent(ctx: ServiceContext, viewer: MatchViewer, input: MatchInput): Promise<MatchResult> {
  const given = (['url', 'text', 'html'] as const).filter((k) => input[k] !== undefined);
  if (given.length !== 1) throw AppError.validation([{ field: '(body)', message: 'send exactly one of url, text or html' }]);
  if (input.url !== undefined) {
    const canonical = canonicalizeUrl(input.url, await serviceDirectory(ctx));
    const c = await findCaseByContentKey(ctx.db, canonical.content_key);
    const found = c ? [{ c, score: 1, level: 'duplicate' as const, matched_by: 'url' as const }] : [];
    return { canonical, title: null, text: null, ...(await present(ctx, viewer, found)) };
  }
  // A page (HTML, or text with its furniture) is matched on its article only. The page is parsed
  // off the event loop, within limits; one that cannot be is refused naming its field.
  const field = input.html !== undefined ? 'html' : 'text';
  const article = extractedOrThrow(await extractArticle({ text: input.text, html: input.html }), field);
  const shown = { canonical: null, title: article.title, text: article.extracted ? article.text : null };
  const fp = fingerprintText(article.text);
  if (!fp) return { ...shown, already_reported: false, matches: [] };
  const best = new Map<string, Comparison>();
  const compare = (candidates: readonly TextCandidate[]) => {
    for (const cand of candidates) {
      const cmp = compareFingerprints(fp, cand);
      if (cmp.level && cmp.score > (best.get(cand.case_id)?.score ?? -1)) best.set(cand.case_id, cmp);
    }
  };
  // Copies of the whole text first (exact keys, LSH bands: the common case, and the fast one). Only
  // when none is a duplicate is the text looked for as a passage of others (winnowing): the answer
  // "already reported" is then known without it, and most lookups skip its second query.
  compare(await findTextCandidates(ctx.db, fp, undefined, null, 'whole'));
  if (![...best.values()].some((c) => c.level === 'duplicate')) compare(await findTextCandidates(ctx.db, fp, undefined, null, 'passages'));
  const cases = await findCasesByIds(ctx.db, [...best.keys()]);
  const found = cases.map((c) => ({ c, score: Math.round(best.get(c.id)!.score * 1000) / 1000, level: best.get(c.id)!.level!, matched_by: 'text' as const }));
  return { ...shown, ...(await present(ctx, viewer, found)) };
}

/** The matches the viewer may see, described; of all of them, only whether one is a duplicate. */
async function present(
  ctx: ServiceContext,
  viewer: MatchViewer,
  found: { c: CaseRow; score: number; level: MatchLevel; matched_by: 'url' | 'text' }[],
): Promise<Pick<MatchResult, 'already_reported' | 'matches'>> {
  const cases = found.map((f) => f.c);
  const visible = viewer === 'operator' ? null : await visibleCaseIds(ctx.db, viewer, cases);
  const matches = found
    .filter((f) => visible === null || visible.has(f.c.id))
    .map((f): CaseMatch => ({ case_id: f.c.id, platform: f.c.platform, status: f.c.status, category: f.c.category, score: f.score, level: f.level, matched_by: f.matched_by }))
    .sort((a, b) => b.score - a.score || (a.case_id < b.case_id ? -1 : 1))
    .slice(0, 50);
  return { already_reported: found.some((f) => f.level === 'duplicate'), matches };
}
