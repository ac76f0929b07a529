/**
 * Source texts for the match-quality evaluation, read from ../shared (never copied into the repo:
 * VFND is GPL-3.0). VFND JSON files: `maintext` or `text`; texts of 30–400 syllables are kept
 * whole, longer ones are cut to their first ~150 syllables (to the end of that sentence when it
 * ends within 30 more syllables). The five context articles contribute their paragraphs of
 * 30–400 syllables (page furniture lines are short and fall out).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

export interface SourceText {
  id: number;
  /** e.g. "vfnd/Real_Article_Contents_VFND_Ac_Real_5.json" or "articles/000_…txt#p3". */
  origin: string;
  /** Source site (VFND source_domain or page-url host) or article file: used for hard negatives. */
  group: string;
  /** Coarse label: vfnd-fake-article, vfnd-real-article, vfnd-social, article-paragraph, … */
  kind: string;
  text: string;
  syllables: number;
  cut: boolean;
}

export const MIN_SYLLABLES = 30;
export const MAX_SYLLABLES = 400;
export const CUT_TO = 150;

export function countSyllables(text: string): number {
  return (text.match(/\S+/g) ?? []).filter((t) => /\p{L}/u.test(t)).length;
}

function firstSyllables(text: string, n: number): string {
  let seen = 0;
  let endAt = text.length;
  for (const m of text.matchAll(/\S+/g)) {
    if (!/\p{L}/u.test(m[0])) continue;
    seen++;
    const end = m.index + m[0].length;
    if (seen === n) endAt = end;
    if (seen >= n && /[.!?…]["”’')\]]*$/.test(m[0])) return text.slice(0, end);
    if (seen >= n + 30) return text.slice(0, endAt);
  }
  return text.slice(0, endAt);
}

function take(text: string): { text: string; cut: boolean } | null {
  const t = text.replace(/\r\n?/g, '\n').trim();
  const n = countSyllables(t);
  if (n < MIN_SYLLABLES) return null;
  if (n <= MAX_SYLLABLES) return { text: t, cut: false };
  return { text: firstSyllables(t, CUT_TO), cut: true };
}

function hostOf(url: unknown): string | null {
  if (typeof url !== 'string') return null;
  try {
    return new URL(url).host;
  } catch {
    return null;
  }
}

export interface LoadResult {
  texts: SourceText[];
  vfndFiles: number;
  vfndRejected: { tooShort: number; noText: number; badJson: number };
  articleParagraphs: number;
}

export function loadSources(sharedDir: string): LoadResult | null {
  const vfndDir = path.join(sharedDir, 'corpus', 'vfnd');
  const artDir = path.join(sharedDir, 'context', 'articles');
  if (!existsSync(vfndDir) && !existsSync(artDir)) return null;
  const texts: SourceText[] = [];
  const rejected = { tooShort: 0, noText: 0, badJson: 0 };
  let vfndFiles = 0;
  if (existsSync(vfndDir)) {
    for (const f of readdirSync(vfndDir)
      .filter((x) => x.endsWith('.json'))
      .sort()) {
      vfndFiles++;
      let j: Record<string, unknown>;
      try {
        const parsed: unknown = JSON.parse(readFileSync(path.join(vfndDir, f), 'utf8'));
        j = (Array.isArray(parsed) ? parsed[0] : parsed) as Record<string, unknown>;
      } catch {
        rejected.badJson++;
        continue;
      }
      const raw = typeof j.maintext === 'string' && j.maintext.trim() !== '' ? j.maintext : typeof j.text === 'string' ? j.text : '';
      if (raw.trim() === '') {
        rejected.noText++;
        continue;
      }
      const got = take(raw);
      if (!got) {
        rejected.tooShort++;
        continue;
      }
      const kind = f.startsWith('Fake_Social')
        ? 'vfnd-social'
        : f.startsWith('Fake_Article')
          ? 'vfnd-fake-article'
          : f.startsWith('Real_Article')
            ? 'vfnd-real-article'
            : 'vfnd-misleading-article';
      const group = (typeof j.source_domain === 'string' && j.source_domain) || hostOf(j['page-url']) || 'unknown';
      texts.push({ id: texts.length, origin: `vfnd/${f}`, group: `site:${group}`, kind, text: got.text, syllables: countSyllables(got.text), cut: got.cut });
    }
  }
  let articleParagraphs = 0;
  if (existsSync(artDir)) {
    for (const f of readdirSync(artDir)
      .filter((x) => x.endsWith('.txt'))
      .sort()) {
      const body = readFileSync(path.join(artDir, f), 'utf8').replace(/\r\n?/g, '\n');
      const paras = body
        .split(/\n/)
        .map((p) => p.trim())
        .filter(Boolean);
      paras.forEach((p, i) => {
        const got = take(p);
        if (!got) return;
        articleParagraphs++;
        texts.push({
          id: texts.length,
          origin: `articles/${f}#p${i}`,
          group: `article:${f}`,
          kind: 'article-paragraph',
          text: got.text,
          syllables: countSyllables(got.text),
          cut: got.cut,
        });
      });
    }
  }
  return { texts, vfndFiles, vfndRejected: rejected, articleParagraphs };
}

/**
 * Near-identical sources would turn "unrelated" pairs into true duplicates. Drop a source whose
 * raw word 8-grams (lower-case, whitespace tokens: independent of minhbach's normalizer) are ≥50%
 * contained in an earlier kept source's, or vice versa. Returns the kept texts and the drops.
 */
export function dedupeSources(texts: SourceText[]): { kept: SourceText[]; dropped: { origin: string; duplicateOf: string; containment: number }[] } {
  const grams = (t: string): Set<string> => {
    const w = t.toLowerCase().normalize('NFC').split(/\s+/).filter(Boolean);
    const s = new Set<string>();
    for (let i = 0; i + 8 <= w.length; i++) s.add(w.slice(i, i + 8).join(' '));
    return s;
  };
  const kept: SourceText[] = [];
  const keptGrams: Set<string>[] = [];
  const dropped: { origin: string; duplicateOf: string; containment: number }[] = [];
  for (const t of texts) {
    const g = grams(t.text);
    let dup: { origin: string; containment: number } | null = null;
    for (let k = 0; k < kept.length && !dup; k++) {
      const other = keptGrams[k]!;
      const [small, large] = g.size <= other.size ? [g, other] : [other, g];
      if (small.size === 0) continue;
      let inter = 0;
      for (const x of small) if (large.has(x)) inter++;
      const c = inter / small.size;
      if (c >= 0.5) dup = { origin: kept[k]!.origin, containment: c };
    }
    if (dup) dropped.push({ origin: t.origin, duplicateOf: dup.origin, containment: Math.round(dup.containment * 1000) / 1000 });
    else {
      kept.push({ ...t, id: kept.length });
      keptGrams.push(g);
    }
  }
  return { kept, dropped };
}

/** Lower-case letter-only words of the corpus (with diacritics), for word swaps. */
export function vocabulary(texts: readonly SourceText[]): string[] {
  const v = new Set<string>();
  for (const t of texts)
    for (const m of t.text
      .normalize('NFC')
      .toLowerCase()
      .matchAll(/\p{L}+/gu))
      if (m[0].length >= 2) v.add(m[0]);
  return [...v].sort();
}
