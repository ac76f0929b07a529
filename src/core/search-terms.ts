import { normalizeVietnamese } from './vietnamese-normalize.ts';

/**
 * The words the transparency database is searched by, for records and queries alike, so that
 * people find what they type however they type it: through the project's Vietnamese normalizer
 * (vietnamese-normalize.ts), tone marks and đ dropped (`ma doc` finds "mã độc", `Ma Độc` too),
 * teencode expanded; and a legal document's number says what kind of document it is
 * (`147/2024/NĐ-CP` is also "nghị định", "chính phủ"), so `Nghị định 147` finds it.
 *
 * Both sides go through here and PostgreSQL only matches the words (to_tsvector and
 * plainto_tsquery with the `simple` configuration): the rule lives in one place.
 */

/** The version of these rules; records searched by an older one are rebuilt (src/db/migrate.ts). */
export const SEARCH_SCHEME = 1;

/** Issuing-document abbreviations in Vietnamese legal references (`số/năm/LOẠI-CƠQUAN`), stripped of marks. */
const LEGAL_ABBREVIATIONS: ReadonlyMap<string, string> = new Map([
  ['nd', 'nghi dinh'],
  ['qd', 'quyet dinh'],
  ['tt', 'thong tu'],
  ['ttlt', 'thong tu lien tich'],
  ['nq', 'nghi quyet'],
  ['ct', 'chi thi'],
  ['cp', 'chinh phu'],
  ['ttg', 'thu tuong'],
  ['qh', 'quoc hoi'],
  ['ubtvqh', 'uy ban thuong vu quoc hoi'],
  ['btttt', 'bo thong tin va truyen thong'],
  ['bca', 'bo cong an'],
  ['ubnd', 'uy ban nhan dan'],
]);

/** `147/2024/NĐ-CP`, `13/2023/QĐ-TTg`: a number, a year, then the kind of document and its issuer. */
const LEGAL_REFERENCE = /\b\d{1,4}\/(?:19|20)\d{2}\/(\p{L}{1,8}(?:-\p{L}{1,10}){0,3})/gu;

export function searchTerms(text: string): string {
  const words = normalizeVietnamese(text).strippedSyllables;
  const extra: string[] = [];
  for (const m of text.matchAll(LEGAL_REFERENCE)) {
    for (const part of m[1]!.split('-')) {
      const expanded = LEGAL_ABBREVIATIONS.get(normalizeVietnamese(part).stripped);
      if (expanded) extra.push(expanded);
    }
  }
  return [...words, ...extra].join(' ');
}
