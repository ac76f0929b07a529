import type { ClaimReview, WithContext } from 'schema-dts';
import { describe, expect, it } from 'vitest';
import { schemaOrgProblems } from '../../test/schema-org.ts';
import { AppError } from './errors.ts';
import { checkFactCheck, claimReviewOf, FACT_CHECK_VERDICTS, publicRecordForFactCheck, publicSourceUrl, VERDICT_WORDS, type FactCheckDocument } from './fact-check.ts';
import { publicDocument } from './public-record-document.ts';
import { validateStatementOfReasons } from './statement-of-reasons.ts';

const valid = {
  verdict: 'false',
  explanation: 'Bộ Y tế chưa từng ban hành văn bản này; số hiệu văn bản là giả.',
  sources: ['https://moh.gov.vn/tin-tong-hop/-/asset_publisher/k206Q9qkZOqn/content/canh-bao-gia-mao?utm_source=facebook#top'],
  claim: 'Bộ Y tế yêu cầu cách ly toàn quốc từ ngày 1/12',
};

function fieldsOf(fn: () => unknown): string[] {
  try {
    fn();
  } catch (e) {
    if (e instanceof AppError) return e.fields.map((f) => f.field);
    throw e;
  }
  return [];
}

describe('checkFactCheck', () => {
  it('accepts a verdict with sources, trimming the texts and dropping tracking parameters from the sources', () => {
    const checked = checkFactCheck({ ...valid, explanation: `  ${valid.explanation}  ` });
    expect(checked.verdict).toBe('false');
    expect(checked.explanation).toBe(valid.explanation);
    expect(checked.sources).toHaveLength(1);
    expect(checked.sources[0]).not.toContain('utm_source');
    expect(checked.sources[0]).not.toContain('#top');
    expect(checked.sources[0]).toContain('moh.gov.vn/tin-tong-hop/');
  });

  it('names every bad field at once, sources by their index', () => {
    const fields = fieldsOf(() =>
      checkFactCheck({
        verdict: 'mostly_true',
        explanation: ' ',
        claim: 'x'.repeat(501),
        sources: ['https://vnexpress.net/a.html', 'ftp://example.vn/f', 'https://user:pw@example.vn/x', 'not a url'],
      }),
    );
    expect(fields).toEqual(['verdict', 'explanation', 'claim', 'sources[1]', 'sources[2]', 'sources[3]']);
  });

  it('wants 1 to 20 distinct sources and at most 2000 characters of explanation', () => {
    expect(fieldsOf(() => checkFactCheck({ ...valid, sources: [] }))).toEqual(['sources']);
    expect(fieldsOf(() => checkFactCheck({ ...valid, sources: Array.from({ length: 21 }, (_, i) => `https://vnexpress.net/${i}.html`) }))).toEqual(['sources']);
    expect(fieldsOf(() => checkFactCheck({ ...valid, sources: ['https://vnexpress.net/a.html', 'https://vnexpress.net/a.html?utm_medium=x'] }))).toEqual(['sources']);
    expect(fieldsOf(() => checkFactCheck({ ...valid, explanation: 'ạ'.repeat(2001) }))).toEqual(['explanation']);
    expect(fieldsOf(() => checkFactCheck({ ...valid, sources: [`https://vnexpress.net/${'a'.repeat(2048)}`] }))).toEqual(['sources[0]']);
    expect(checkFactCheck({ ...valid, explanation: 'ạ'.repeat(2000) }).explanation).toHaveLength(2000);
  });

  it('has words for every verdict in both languages', () => {
    for (const v of FACT_CHECK_VERDICTS) expect(VERDICT_WORDS[v].vi && VERDICT_WORDS[v].en).toBeTruthy();
  });
});

describe('publicSourceUrl', () => {
  it('shows a website page whole, and a social network page or a personal blog like reported content', () => {
    expect(publicSourceUrl('https://baochinhphu.vn/canh-bao-tin-gia-102241201.htm')).toBe('https://baochinhphu.vn/canh-bao-tin-gia-102241201.htm');
    expect(publicSourceUrl('https://www.facebook.com/nguyen.van.a/posts/123')).not.toContain('nguyen.van.a');
    expect(publicSourceUrl('https://nguyenvana.blogspot.com/2026/11/bai.html')).toBe('*.blogspot.com/…');
  });
});

function published() {
  const checked = checkFactCheck({
    ...valid,
    explanation: 'Gọi 0912 345 678 để xác minh. Văn bản giả mạo.',
    sources: [...valid.sources, 'https://www.facebook.com/nguyen.van.a/posts/1'],
  });
  const draft = publicRecordForFactCheck({
    factCheckId: '0193b1a0-0000-7000-8000-000000000001',
    caseId: '0193b1a0-0000-7000-8000-000000000002',
    platform: 'facebook',
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    canonicalUrl: 'https://www.facebook.com/nguyen.van.b/posts/456',
    factCheckerName: 'Trung tâm Xử lý tin giả (liên hệ: 024 3943 6699)',
    checked,
    createdAt: new Date('2026-12-01T03:00:00Z'),
  });
  return { draft, doc: publicDocument({ ...draft, withdrawn_by: null }) as unknown as FactCheckDocument };
}

describe('publicRecordForFactCheck', () => {
  it('publishes the verdict with redacted texts, the content URL truncated and no private account named', () => {
    const { draft, doc } = published();
    expect(draft).toMatchObject({ type: 'fact_check', source_id: '0193b1a0-0000-7000-8000-000000000001', platform: 'facebook', requester_kind: null });
    expect(doc).toMatchObject({ verdict: 'false', case_id: '0193b1a0-0000-7000-8000-000000000002', content_url: 'www.facebook.com/…' });
    expect(doc.explanation).not.toContain('0912');
    expect(doc.fact_checker.name).not.toContain('3943');
    expect(JSON.stringify(doc)).not.toMatch(/nguyen\.van/);
    expect(doc.sources[0]).toMatch(/^https:\/\/moh\.gov\.vn\//);
  });
});

describe('claimReviewOf', () => {
  it('is a schema.org ClaimReview: every type and property defined, on a type in its domain, values in range', () => {
    const { doc } = published();
    const review: WithContext<ClaimReview> = claimReviewOf(doc, 'https://minhbach.example.vn/records/x');
    expect(review).toMatchObject({
      '@context': 'https://schema.org',
      '@type': 'ClaimReview',
      claimReviewed: valid.claim,
      reviewRating: { '@type': 'Rating', ratingValue: 1, bestRating: 5, worstRating: 1, alternateName: 'Sai sự thật' },
      author: { '@type': 'Organization' },
      url: 'https://minhbach.example.vn/records/x',
    });
    expect(schemaOrgProblems(review)).toEqual([]);
  });

  it('gives an unverifiable claim its words and no point on the truth scale', () => {
    const { doc } = published();
    const review = claimReviewOf({ ...doc, verdict: 'unverifiable', claim: null }, 'https://minhbach.example.vn/records/x') as Record<string, any>;
    expect(review.reviewRating).toEqual({ '@type': 'Rating', alternateName: 'Chưa thể kiểm chứng' });
    expect(review).not.toHaveProperty('claimReviewed');
    expect(schemaOrgProblems(review)).toEqual([]);
  });

  it('the vocabulary check catches what schema.org does not define', () => {
    expect(schemaOrgProblems({ '@type': 'ClaimReview', verdict: 'false' })).toEqual(['$.verdict: is not a schema.org property']);
    expect(schemaOrgProblems({ '@type': 'ClaimReview', ratingValue: 1 })[0]).toMatch(/not a property of ClaimReview/);
    expect(schemaOrgProblems({ '@type': 'ClaimRevue' })[0]).toMatch(/not a schema.org class/);
    expect(schemaOrgProblems({ '@type': 'ClaimReview', author: { '@type': 'Rating' } })[0]).toMatch(/not in the range of author/);
    expect(schemaOrgProblems({ '@type': 'ClaimReview', url: 'www.example.vn' })[0]).toMatch(/none of the range of url/);
  });
});

describe("a statement of reasons' fact_check_id (minhbach's own field)", () => {
  const statement = (over: Record<string, unknown>) => ({
    decision_visibility: ['DECISION_VISIBILITY_CONTENT_LABELLED'],
    decision_ground: 'DECISION_GROUND_INCOMPATIBLE_CONTENT',
    incompatible_content_ground: 'Chính sách về thông tin sai lệch',
    incompatible_content_explanation: 'Gắn nhãn.',
    content_type: ['CONTENT_TYPE_TEXT'],
    category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
    content_date: '2026-11-01',
    application_date: '2026-11-02',
    decision_facts: 'Nhãn dẫn tới kết luận kiểm chứng.',
    automated_detection: 'No',
    automated_decision: 'AUTOMATED_DECISION_NOT_AUTOMATED',
    puid: 'label-1',
    ...over,
  });
  const fieldsOfStatement = (input: unknown) => {
    const r = validateStatementOfReasons(input);
    return r.ok ? [] : r.errors.map((e) => e.field);
  };

  it('is kept on a statement that labels the content', () => {
    const r = validateStatementOfReasons(statement({ fact_check_id: '0193B1A0-0000-7000-8000-000000000001' }));
    expect(r.ok && r.value.fact_check_id).toBe('0193b1a0-0000-7000-8000-000000000001');
  });

  it('is refused on a statement that labels nothing, and when it is no id', () => {
    expect(fieldsOfStatement(statement({ decision_visibility: ['DECISION_VISIBILITY_CONTENT_REMOVED'], fact_check_id: '0193b1a0-0000-7000-8000-000000000001' }))).toEqual([
      'fact_check_id',
    ]);
    expect(fieldsOfStatement(statement({ fact_check_id: 42 }))).toEqual(['fact_check_id']);
  });
});
