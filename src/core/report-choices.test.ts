import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { sharedDir } from '../../test/shared-data.ts';
import { CATEGORY_SPECIFICATIONS, STATEMENT_CATEGORIES } from './dsa.ts';
import { REPORT_CHOICE_IDS, REPORT_CHOICES } from './report-choices.ts';

describe('the report form’s choices', () => {
  it('map to categories and keywords the DSA enums hold, each choice once', () => {
    for (const c of REPORT_CHOICES) {
      expect(STATEMENT_CATEGORIES).toContain(c.category);
      if (c.keyword !== null) expect(CATEGORY_SPECIFICATIONS).toContain(c.keyword);
    }
    expect(new Set(REPORT_CHOICE_IDS).size).toBe(REPORT_CHOICES.length);
    expect(new Set(REPORT_CHOICES.map((c) => `${c.category} ${c.keyword}`)).size).toBe(REPORT_CHOICES.length);
  });
});

const reference = sharedDir('reference');

describe.skipIf(!reference)('the glossary’s table "What a member of the public picks"', () => {
  /** The table's rows: choice (vi), choice (en), category, keyword (its first one; "—" is none). */
  function glossaryRows(): { vi: string; en: string; category: string; keyword: string | null }[] {
    const text = readFileSync(path.join(reference!, 'glossary-vi-en.md'), 'utf8');
    const section = text.slice(text.indexOf('## What a member of the public picks'));
    return section
      .split('\n')
      .filter((l) => l.startsWith('| ') && !l.startsWith('| choice') && !l.startsWith('|---'))
      .map((l) =>
        l
          .split('|')
          .slice(1, -1)
          .map((cell) => cell.trim()),
      )
      .map(([vi, en, category, keyword]) => ({
        vi: vi!,
        en: en!,
        category: `STATEMENT_CATEGORY_${category}`,
        keyword: keyword === '—' ? null : /^KEYWORD_\w+/.exec(keyword!)![0],
      }));
  }

  it('agrees with the form: the same words, in the same order, to the same category and keyword', () => {
    const rows = glossaryRows();
    expect(rows.length).toBeGreaterThan(5);
    expect(REPORT_CHOICES.map(({ vi, en, category, keyword }) => ({ vi, en, category, keyword }))).toEqual(rows);
  });
});
