/**
 * Perturbations of a Vietnamese text, one per way a post is re-posted in practice
 * (shared/reference/vietnamese-matching.md). Each is a pure function of (text, rng, vocabulary):
 * deterministic for a given seed. A perturbation that cannot apply to a text (no open oa/oe/uy
 * syllable with a tone, no teencode-able word, a single clause, …) returns the text unchanged;
 * the runner drops such pairs and counts them.
 *
 * Independent of src/core/vietnamese-normalize.ts on purpose: the evaluation must not reuse the
 * code it evaluates (tone moves, teencode and look-alikes are written from the reference here).
 */

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  /** mulberry32: uniform in [0, 1). */
  next(): number {
    this.s = (this.s + 0x6d2b79f5) | 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    const x = xs[this.int(xs.length)];
    if (x === undefined) throw new Error('pick from an empty list');
    return x;
  }
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = xs[i]!;
      xs[i] = xs[j]!;
      xs[j] = t;
    }
    return xs;
  }
}

export interface PerturbContext {
  rng: Rng;
  /** Lower-case letter-only words seen in the corpus (for word swaps). */
  vocabulary: readonly string[];
}

export interface Perturbation {
  id: string;
  label: string;
  /** What minhbach should report for it: the goal is judged against this level. */
  intended: 'duplicate' | 'similar';
  why: string;
  /** A stress test beyond the brief: reported, not part of the headline verdict. */
  extra?: boolean;
  apply(text: string, ctx: PerturbContext): string;
}

// ---------------------------------------------------------------------------------------------
// Word-level helpers. A "word" is a maximal run of letters and combining marks.

const WORD = /[\p{L}\p{M}]+/gu;

function mapWords(text: string, f: (word: string, index: number) => string): string {
  let i = 0;
  return text.replace(WORD, (w) => f(w, i++));
}

function countWords(text: string): number {
  return (text.match(WORD) ?? []).length;
}

/** Whitespace tokens with their offsets. */
function tokens(text: string): { start: number; end: number; tok: string }[] {
  const out: { start: number; end: number; tok: string }[] = [];
  for (const m of text.matchAll(/\S+/g)) out.push({ start: m.index, end: m.index + m[0].length, tok: m[0] });
  return out;
}

// ---------------------------------------------------------------------------------------------
// Tone-mark style (old hòa / new hoà): move the tone inside open oa, oe, uy.

const TONES = /[\u0300\u0301\u0303\u0309\u0323]/u;

export function swapToneStyleWord(word: string): string {
  const d = word.normalize('NFD');
  const tone = d.match(TONES)?.[0];
  if (tone === undefined) return word;
  if ((d.match(/[\u0300\u0301\u0303\u0309\u0323]/gu) ?? []).length !== 1) return word;
  const base = d.replace(TONES, '').normalize('NFC');
  // Initial consonants (no vowel), then exactly oa / oe / uy, nothing after (open syllable).
  const m = /^([b-df-hj-np-tv-zđ]*)(oa|oe|uy)$/iu.exec(base);
  if (!m) return word;
  const initial = m[1] ?? '';
  if (/q$/i.test(initial)) return word; // "quý": the u belongs to "qu"
  const nucleus = m[2] ?? '';
  const onFirst = d.indexOf(tone) === initial.normalize('NFD').length + 1;
  const v1 = nucleus[0] ?? '';
  const v2 = nucleus[1] ?? '';
  const moved = onFirst ? initial + v1 + v2 + tone : initial + v1 + tone + v2;
  return moved.normalize('NFC');
}

function toneSwap(text: string): string {
  return mapWords(text.normalize('NFC'), swapToneStyleWord);
}

// ---------------------------------------------------------------------------------------------

function stripDiacritics(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** Common teencode (reference list plus the brief's). Several spellings rotate at random. */
const TEENCODE: readonly (readonly [RegExp, readonly string[]])[] = [
  [/(?<![\p{L}\p{M}])mọi người(?![\p{L}\p{M}])/giu, ['mn']],
  [/(?<![\p{L}\p{M}])không(?![\p{L}\p{M}])/giu, ['ko', 'k', 'hok', 'khum']],
  [/(?<![\p{L}\p{M}])được(?![\p{L}\p{M}])/giu, ['dc', 'đc']],
  [/(?<![\p{L}\p{M}])người(?![\p{L}\p{M}])/giu, ['ng']],
  [/(?<![\p{L}\p{M}])với(?![\p{L}\p{M}])/giu, ['vs']],
  [/(?<![\p{L}\p{M}])rồi(?![\p{L}\p{M}])/giu, ['r']],
  [/(?<![\p{L}\p{M}])gì(?![\p{L}\p{M}])/giu, ['j']],
  [/(?<![\p{L}\p{M}])vậy(?![\p{L}\p{M}])/giu, ['z', 'v']],
  [/(?<![\p{L}\p{M}])biết(?![\p{L}\p{M}])/giu, ['bik', 'bít']],
  [/(?<![\p{L}\p{M}])quá(?![\p{L}\p{M}])/giu, ['wá']],
  [/(?<![\p{L}\p{M}])yêu(?![\p{L}\p{M}])/giu, ['iu']],
  [/(?<![\p{L}\p{M}])cũng(?![\p{L}\p{M}])/giu, ['cx', 'cg']],
  [/(?<![\p{L}\p{M}])trước(?![\p{L}\p{M}])/giu, ['trc']],
  [/(?<![\p{L}\p{M}])nhiều(?![\p{L}\p{M}])/giu, ['nhìu']],
];

function teencode(text: string, ctx: PerturbContext): string {
  let out = text.normalize('NFC');
  for (const [re, subs] of TEENCODE) out = out.replace(re, () => ctx.rng.pick(subs));
  return out;
}

const ZERO_WIDTH = ['\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF'];

/** In ~40% of words of 2+ letters, one invisible character at a random interior position. */
function zeroWidth(text: string, ctx: PerturbContext): string {
  return mapWords(text.normalize('NFC'), (w) => {
    const cps = Array.from(w);
    if (cps.length < 2 || ctx.rng.next() >= 0.4) return w;
    const at = 1 + ctx.rng.int(cps.length - 1);
    cps.splice(at, 0, ctx.rng.pick(ZERO_WIDTH));
    return cps.join('');
  });
}

const CYRILLIC: ReadonlyMap<string, string> = new Map([
  ['a', 'а'],
  ['e', 'е'],
  ['o', 'о'],
  ['c', 'с'],
  ['p', 'р'],
  ['x', 'х'],
  ['A', 'А'],
  ['E', 'Е'],
  ['O', 'О'],
  ['C', 'С'],
  ['P', 'Р'],
  ['X', 'Х'],
]);

/** In ~35% of words that have a plain a/e/o/c/p/x, every such letter becomes its Cyrillic twin. */
function homoglyphs(text: string, ctx: PerturbContext): string {
  return mapWords(text.normalize('NFC'), (w) => {
    if (!/[aeocpxAEOCPX]/.test(w) || ctx.rng.next() >= 0.35) return w;
    return Array.from(w)
      .map((ch) => CYRILLIC.get(ch) ?? ch)
      .join('');
  });
}

/** Every plain a/e/o/c/p/x of every word: words like "xe", "cao", "co" become all-Cyrillic. */
function homoglyphsAll(text: string): string {
  return mapWords(text.normalize('NFC'), (w) =>
    Array.from(w)
      .map((ch) => CYRILLIC.get(ch) ?? ch)
      .join(''),
  );
}

/** Replace `n` distinct words (letter-only tokens) by other corpus words. */
function wordSwap(n: number): (text: string, ctx: PerturbContext) => string {
  return (text, ctx) => {
    const total = countWords(text);
    if (total < n + 2) return text;
    const chosen = new Set<number>();
    while (chosen.size < n) chosen.add(ctx.rng.int(total));
    return mapWords(text, (w, i) => {
      if (!chosen.has(i)) return w;
      for (let tries = 0; tries < 20; tries++) {
        const r = ctx.rng.pick(ctx.vocabulary);
        if (r !== w.toLowerCase()) return r;
      }
      return w;
    });
  };
}

/** Swap two sentences; a single-sentence text has two of its clauses swapped instead. */
function reorder(text: string, ctx: PerturbContext): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  const sentences = (flat.match(/[^.!?…]+(?:[.!?…]+["”’')\]]*|$)/g) ?? []).map((s) => s.trim()).filter((s) => countWords(s) > 0);
  if (sentences.length >= 2) {
    const i = ctx.rng.int(sentences.length);
    let j = ctx.rng.int(sentences.length - 1);
    if (j >= i) j++;
    const t = sentences[i]!;
    sentences[i] = sentences[j]!;
    sentences[j] = t;
    return sentences.join(' ');
  }
  const clauses = flat.split(/\s*[,;]\s+/).filter((c) => countWords(c) > 0);
  if (clauses.length < 2) return text;
  const i = ctx.rng.int(clauses.length - 1);
  const t = clauses[i]!;
  clauses[i] = clauses[i + 1]!;
  clauses[i + 1] = t;
  return clauses.join(', ');
}

/** Keep the first (1 − share) of the whitespace tokens. */
function cut(share: number): (text: string) => string {
  return (text) => {
    const toks = tokens(text);
    const keep = Math.max(1, Math.round(toks.length * (1 - share)));
    const last = toks[keep - 1];
    return last ? text.slice(0, last.end) : text;
  };
}

export const PERTURBATIONS: readonly Perturbation[] = [
  {
    id: 'tone_style',
    label: 'tone-mark style swap (hòa↔hoà, khỏe↔khoẻ, thúy↔thuý)',
    intended: 'duplicate',
    why: 'same text, other spelling convention',
    apply: (t) => toneSwap(t),
  },
  { id: 'nfd', label: 'NFD (decomposed Unicode)', intended: 'duplicate', why: 'byte-level difference only', apply: (t) => t.normalize('NFD') },
  { id: 'stripped', label: 'diacritics stripped (đ→d)', intended: 'duplicate', why: 'common repost form; the reference asks for a stripped key', apply: (t) => stripDiacritics(t) },
  { id: 'teencode', label: 'teencode (không→ko, được→dc, người→ng, với→vs, …)', intended: 'duplicate', why: 'same words, abbreviated', apply: teencode },
  { id: 'zero_width', label: 'zero-width characters inside ~40% of words', intended: 'duplicate', why: 'invisible evasion', apply: zeroWidth },
  { id: 'homoglyph', label: 'Cyrillic look-alikes (а е о с р х) in ~35% of words', intended: 'duplicate', why: 'invisible evasion', apply: homoglyphs },
  {
    id: 'homoglyph_all',
    label: 'stress (beyond the brief): Cyrillic look-alikes for every plain a/e/o/c/p/x',
    intended: 'duplicate',
    extra: true,
    why: 'same evasion, pushed: some words ("xe", "cao") become entirely Cyrillic',
    apply: (t) => homoglyphsAll(t),
  },
  { id: 'swap_1', label: '1 word replaced by another corpus word', intended: 'duplicate', why: 'reference: J≈0.86 on a 43-syllable post', apply: wordSwap(1) },
  {
    id: 'swap_3',
    label: '3 words replaced',
    intended: 'similar',
    why: 'reference: J≈0.67 on a 43-syllable post; a real edit, below 0.8 on short posts by design',
    apply: wordSwap(3),
  },
  { id: 'reorder', label: 'two sentences (or clauses) swapped', intended: 'duplicate', why: 'reference: J≈0.95', apply: reorder },
  { id: 'alarm_canh_bao', label: 'prefix "CẢNH BÁO!!! "', intended: 'duplicate', why: 'reference: J≈0.85 on a 43-syllable post', apply: (t) => 'CẢNH BÁO!!! ' + t },
  { id: 'alarm_khan', label: 'prefix "‼️ KHẨN: CHIA SẺ NGAY "', intended: 'duplicate', why: 'same as above, 5 syllables', apply: (t) => '‼️ KHẨN: CHIA SẺ NGAY ' + t },
  { id: 'cut_25', label: 'last 25% dropped', intended: 'similar', why: 'Jaccard of a 75% prefix is ≈0.75 < 0.8 by construction', apply: cut(0.25) },
  {
    id: 'cut_50',
    label: 'last 50% dropped',
    intended: 'similar',
    why: 'reference: J≈0.51 — below even 0.6; reported, the "similar" goal is expected to fail with Jaccard',
    apply: cut(0.5),
  },
];
