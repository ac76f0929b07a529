import { STATEMENT_CATEGORIES } from '../../src/core/dsa.ts';
import { categoryEn, categoryVi } from '../../src/core/glossary.ts';
import { PUBLIC_RECORD_TYPES } from '../../src/core/public-record-types.ts';

// The server's own lists and the glossary's words (src/core), bundled as they are: one source.
export { PUBLIC_RECORD_TYPES, STATEMENT_CATEGORIES };

export function categoryLabel(category: string, lang: string): string {
  return lang === 'en' ? categoryEn(category) : categoryVi(category);
}
