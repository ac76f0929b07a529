import { AppError, type FieldError } from './errors.ts';
import { uuidv7 } from './ids.ts';
import { truncateCanonicalUrl } from './public-url.ts';
import { searchTextOf, type PublicRecordDraft } from './public-record.ts';
import { redactPersonalData, redactPublicName } from './redact.ts';
import { canonicalizeUrl } from './url-canonical.ts';

/**
 * A fact-checker's verdict on a case (issue 14): a trusted flagger registered as a fact-checking
 * organization says whether the content's claim is false, misleading, missing context, true, or
 * cannot be verified, with its sources and a short public explanation. Every verdict is published
 * (record type `fact_check`), logged, and exported as schema.org ClaimReview, the format search
 * engines and fact-check aggregators read.
 */
export const FACT_CHECK_VERDICTS = ['false', 'misleading', 'missing_context', 'true', 'unverifiable'] as const;
export type FactCheckVerdict = (typeof FACT_CHECK_VERDICTS)[number];

/**
 * The verdicts in words, as Vietnamese fact-checkers write them (tingia.gov.vn, AFP Fact Check
 * tiếng Việt) and in English. The Vietnamese words are ClaimReview's `alternateName`: the rating as
 * a reader sees it, the number being only the scale's position.
 */
export const VERDICT_WORDS: Readonly<Record<FactCheckVerdict, { vi: string; en: string }>> = {
  false: { vi: 'Sai sự thật', en: 'False' },
  misleading: { vi: 'Gây hiểu lầm', en: 'Misleading' },
  missing_context: { vi: 'Thiếu bối cảnh', en: 'Missing context' },
  true: { vi: 'Đúng sự thật', en: 'True' },
  unverifiable: { vi: 'Chưa thể kiểm chứng', en: 'Unverifiable' },
};

/**
 * ClaimReview's numeric rating, on one fixed truth scale of 1 (false) to 5 (true). 4 stays unused
 * (no "mostly true" verdict here) so that the numbers mean the same as on the common 1–5 scales
 * aggregators compare. "Unverifiable" is no point on a truth scale: it carries its words only.
 */
export const VERDICT_RATING: Readonly<Record<FactCheckVerdict, number | null>> = { false: 1, misleading: 2, missing_context: 3, true: 5, unverifiable: null };
export const BEST_RATING = 5;
export const WORST_RATING = 1;

export const MAX_FACT_CHECK_EXPLANATION = 2000;
export const MAX_FACT_CHECK_CLAIM = 500;
export const MAX_FACT_CHECK_SOURCES = 20;
export const MAX_SOURCE_URL_LENGTH = 2048;

export interface FactCheckInput {
  verdict: string;
  explanation: string;
  sources: readonly string[];
  claim?: string | null;
}

export interface CheckedFactCheck {
  verdict: FactCheckVerdict;
  explanation: string;
  claim: string | null;
  /** Canonical URLs (tracking parameters, fragments and credentials gone), as stored and published. */
  sources: string[];
}

export function isFactCheckVerdict(s: unknown): s is FactCheckVerdict {
  return typeof s === 'string' && (FACT_CHECK_VERDICTS as readonly string[]).includes(s);
}

/** Checks a fact-check as sent, naming every bad field at once (`sources[2]`), or returns it ready to store. */
export function checkFactCheck(input: FactCheckInput): CheckedFactCheck {
  const errors: FieldError[] = [];
  if (!isFactCheckVerdict(input.verdict)) errors.push({ field: 'verdict', message: `must be one of ${FACT_CHECK_VERDICTS.join(', ')}` });
  const explanation = input.explanation.trim();
  if (explanation === '') errors.push({ field: 'explanation', message: 'must explain the verdict to the public: it is blank' });
  else if ([...explanation].length > MAX_FACT_CHECK_EXPLANATION) errors.push({ field: 'explanation', message: `must be at most ${MAX_FACT_CHECK_EXPLANATION} characters` });
  const claim = input.claim?.trim() || null;
  if (claim !== null && [...claim].length > MAX_FACT_CHECK_CLAIM) errors.push({ field: 'claim', message: `must be at most ${MAX_FACT_CHECK_CLAIM} characters` });
  const sources: string[] = [];
  if (input.sources.length === 0) errors.push({ field: 'sources', message: 'must cite at least one source the public can open' });
  if (input.sources.length > MAX_FACT_CHECK_SOURCES) errors.push({ field: 'sources', message: `must hold at most ${MAX_FACT_CHECK_SOURCES} URLs` });
  input.sources.slice(0, MAX_FACT_CHECK_SOURCES).forEach((u, i) => {
    const source = sourceUrl(u);
    if (typeof source === 'string') sources.push(source);
    else errors.push({ field: `sources[${i}]`, message: source.problem });
  });
  if (new Set(sources).size !== sources.length) errors.push({ field: 'sources', message: 'must not cite the same page twice' });
  if (errors.length > 0) throw AppError.validation(errors);
  return { verdict: input.verdict as FactCheckVerdict, explanation, claim, sources };
}

/**
 * A source as stored: its canonical URL. Sources are the fact-checker's public evidence (news
 * articles, official statements), so unlike reported content they are published whole — but only
 * after the same canonicalization as reported URLs (url-canonical.ts): tracking parameters,
 * fragments and every query parameter not known to identify content are dropped, so a session
 * token or a share id pasted with the link never reaches the public.
 */
function sourceUrl(u: string): string | { problem: string } {
  if (u.length > MAX_SOURCE_URL_LENGTH) return { problem: `must be at most ${MAX_SOURCE_URL_LENGTH} characters` };
  let url: URL;
  try {
    url = new URL(u);
  } catch {
    return { problem: 'must be an absolute URL such as https://baochinhphu.vn/bai-viet.htm' };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return { problem: 'must start with http:// or https://' };
  if (url.username !== '' || url.password !== '') return { problem: 'must not carry a user name or password' };
  try {
    return canonicalizeUrl(u).canonical_url;
  } catch (e) {
    return { problem: e instanceof AppError && e.fields[0] ? e.fields[0].message : 'is not a URL that can be published' };
  }
}

/**
 * A source as the public sees it. A page on a website is shown whole (the evidence must be
 * openable). A page on a social network, or on a blog host whose subdomain is its author, names
 * an account in its path: it is shown as reported content is (host and kind of page), since a
 * private person's post may be evidence but must not be named in the transparency database.
 */
export function publicSourceUrl(canonicalUrl: string): string {
  let key: string;
  try {
    key = canonicalizeUrl(canonicalUrl).content_key;
  } catch {
    return truncateCanonicalUrl(canonicalUrl);
  }
  const truncated = truncateCanonicalUrl(canonicalUrl);
  return key.startsWith('web:') && !truncated.startsWith('*.') ? canonicalUrl : truncated;
}

/** The published record of a fact-check: every typed string redacted, the content URL truncated like every record's. */
export function publicRecordForFactCheck(args: {
  factCheckId: string;
  caseId: string;
  platform: string;
  category: string;
  canonicalUrl: string;
  factCheckerName: string;
  checked: CheckedFactCheck;
  createdAt: Date;
}): PublicRecordDraft {
  const body = {
    fact_check_id: args.factCheckId,
    case_id: args.caseId,
    verdict: args.checked.verdict,
    claim: args.checked.claim === null ? null : redactPersonalData(args.checked.claim),
    explanation: redactPersonalData(args.checked.explanation),
    sources: args.checked.sources.map(publicSourceUrl),
    fact_checker: { name: redactPublicName(args.factCheckerName) },
    content_url: truncateCanonicalUrl(args.canonicalUrl),
    created_at: args.createdAt.toISOString(),
  };
  return {
    id: uuidv7(args.createdAt.getTime()),
    type: 'fact_check',
    source_id: args.factCheckId,
    published_at: args.createdAt,
    category: args.category,
    platform: args.platform,
    requester_kind: null,
    body,
    // From the body alone, as every record's (a rebuild of the search reads published bodies).
    search_text: searchTextOf(body),
  };
}

/**
 * The ClaimReview made here, spelled out: src/core takes no package, so the schema.org typings
 * (schema-dts, `WithContext<ClaimReview>`) check it in fact-check.test.ts, where this type must
 * be assignable to theirs, and the vocabulary check (test/schema-org.ts) checks the values.
 */
export interface ClaimReviewLd {
  '@context': 'https://schema.org';
  '@type': 'ClaimReview';
  '@id': string;
  url: string;
  identifier: string;
  datePublished: string;
  inLanguage: string;
  claimReviewed?: string;
  reviewBody: string;
  author: { '@type': 'Organization'; name: string };
  reviewRating: { '@type': 'Rating'; alternateName: string; ratingValue?: number; bestRating?: number; worstRating?: number };
  itemReviewed: { '@type': 'Claim'; appearance: { '@type': 'CreativeWork'; name: string } };
  citation: ({ '@type': 'CreativeWork'; url: string } | { '@type': 'CreativeWork'; name: string })[];
}

/** A published fact_check record as the public reads it (publicDocument): what ClaimReview is made from. */
export interface FactCheckDocument {
  id: string;
  published_at: string;
  fact_check_id: string;
  case_id: string;
  verdict: FactCheckVerdict;
  claim: string | null;
  explanation: string;
  sources: string[];
  fact_checker: { name: string };
  content_url: string;
  created_at: string;
}

/**
 * The schema.org ClaimReview of a published fact-check, made from the published record alone, so
 * it says nothing the transparency database does not. `portalUrl` is where the record's page is
 * (`{MINHBACH_PUBLIC_URL}/records/{id}`), the review's `url` and `@id`. The content is named as
 * the record shows it (host and kind of page, "facebook.com/posts/…"): ClaimReview's `appearance`
 * is where the claim was seen, and the full URL may name a private person; being no URL, it is
 * the appearance's `name`, not its `url`.
 */
export function claimReviewOf(doc: FactCheckDocument, portalUrl: string): ClaimReviewLd {
  const rating = VERDICT_RATING[doc.verdict];
  return {
    '@context': 'https://schema.org',
    '@type': 'ClaimReview',
    '@id': portalUrl,
    url: portalUrl,
    identifier: doc.fact_check_id,
    datePublished: doc.published_at,
    inLanguage: 'vi',
    ...(doc.claim === null ? {} : { claimReviewed: doc.claim }),
    reviewBody: doc.explanation,
    author: { '@type': 'Organization', name: doc.fact_checker.name },
    reviewRating: {
      '@type': 'Rating',
      alternateName: VERDICT_WORDS[doc.verdict].vi,
      ...(rating === null ? {} : { ratingValue: rating, bestRating: BEST_RATING, worstRating: WORST_RATING }),
    },
    itemReviewed: { '@type': 'Claim', appearance: { '@type': 'CreativeWork', name: doc.content_url } },
    // A source shown truncated (a social network's page) is no URL: it is named, like the appearance.
    citation: doc.sources.map((u) => (/^https?:\/\//.test(u) ? { '@type': 'CreativeWork', url: u } : { '@type': 'CreativeWork', name: u })),
  };
}
