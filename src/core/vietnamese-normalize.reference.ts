/**
 * The straightforward version of normalizeVietnamese, kept as the specification the fast version
 * (vietnamese-normalize.ts) must equal: a verbatim copy of the implementation of
 * NORMALIZATION_VERSION 1 before it was optimized. The tests check that both give the same output
 * for arbitrary strings and for real corpora. Do not change it without bumping
 * NORMALIZATION_VERSION (and then change both). It imports nothing from the fast module.
 *
 * The original module documentation follows.
 */

/**
 * Normalizes Vietnamese text so that a re-posted case is found again however it was rewritten:
 * other tone-mark style, stripped diacritics, teencode, zero-width characters, emoji, "!!!",
 * homoglyphs, fullwidth or math-bold letters (see shared/reference/vietnamese-matching.md).
 *
 * Steps, in order:
 *  1. NFKC.
 *  2. Remove invisible/format characters and emoji, lower-case, collapse runs of 3+ letters.
 *  3. Fold Cyrillic/Greek look-alikes, only in tokens that are otherwise Latin.
 *  4. Put the tone mark back by one rule (so hòa = hoà, khỏe = khoẻ, thúy = thuý).
 *  5. A lone "y" after a consonant becomes "i" (lý = lí).
 *  6. Expand unambiguous teencode, whole tokens only.
 *  7. Split into syllables on whitespace and punctuation; also give a key without any marks.
 *
 * Steps 3 to 6 run token by token, and the run collapse (step 2) is applied after the homoglyph
 * fold of its token, so that a fold can never create a new run that a second pass would collapse:
 * the function is idempotent. Every step is a single pass over its input: linear time.
 *
 * Pure: no I/O, no dependencies. Changing what this module outputs changes every stored
 * fingerprint: bump NORMALIZATION_VERSION, which means a reindex.
 */

/** The NORMALIZATION_VERSION this reference specifies. */
export const REFERENCE_NORMALIZATION_VERSION = 1;

export interface NormalizedTextReference {
  /** NFC syllables joined by one space: lower-case, tones placed by one rule, teencode expanded. */
  normalized: string;
  /** `normalized` without any combining mark, đ→d. */
  stripped: string;
  syllables: string[];
  strippedSyllables: string[];
}

/** Step 2: invisible/format characters. U+200D (zero-width joiner) also glues emoji sequences. */
const INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD\u034F\uFE00-\uFE0F]/gu;
/**
 * Step 2: emoji, with their parts: pictographs, regional indicators (flags), skin tones, the
 * keycap mark U+20E3 and tag characters (subdivision flags). ZWJ and variation selectors are in
 * INVISIBLE. "1️⃣" keeps its digit.
 */
const EMOJI = /[\p{Extended_Pictographic}\p{Regional_Indicator}\p{Emoji_Modifier}\u20E3\u{E0020}-\u{E007F}]/gu;

/** A token: a letter or digit, then letters, marks and digits. Orphan marks and all else split. */
const TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu;
const ALL_MARKS = /\p{M}/gu;

/**
 * Step 3: look-alikes (lower-case, since lower-casing comes first). The reference's list, plus the
 * lower-case forms of Cyrillic capitals that look Latin (В Н М Т К), which "CẢNH BÁO" spoofing uses.
 * Greek ν is folded to v as the reference says, although capital Ν looks like N.
 */
// prettier-ignore
const HOMOGLYPHS: ReadonlyMap<string, string> = new Map([
  ['а', 'a'], ['е', 'e'], ['о', 'o'], ['р', 'p'], ['с', 'c'], ['у', 'y'], ['х', 'x'], ['і', 'i'], ['ј', 'j'],
  ['в', 'b'], ['н', 'h'], ['м', 'm'], ['т', 't'], ['к', 'k'],
  ['ο', 'o'], ['α', 'a'], ['ν', 'v'], ['ι', 'i'], ['κ', 'k'], ['ρ', 'p'], ['τ', 't'],
  ['ð', 'đ'],
]);
const LATIN_LETTER = /\p{Script=Latin}/u;
const LETTER = /\p{L}/u;
const HAS_NON_LATIN_OR_HOMOGLYPH = /[^\p{Script=Latin}\p{M}\p{N}]|ð/u;

/** Step 4: the five tones. (NFKC has already mapped the deprecated U+0340/0341 to U+0300/0301.) */
const TONE_MARKS = /[\u0300\u0301\u0303\u0309\u0323]/gu;
const VIETNAMESE_LETTERS = /^[a-zăâđêôơư]+$/;
const VOWELS = 'aăâeêioôơuưy';
const QUALITY_VOWELS = 'ăâêôơư';

/**
 * Step 6: teencode, looked up after steps 2-5 (so "kooo" → "ko" → "không", "wáaa" → "wá" → "quá").
 * Only abbreviations with one common meaning are expanded. Left out on purpose, as ambiguous:
 * "a" (anh/à/a), "dk" (được / đăng ký / điều kiện), "bít" (a real word: bít tất, bít lỗ),
 * "bn" (bạn / bao nhiêu), "ms" (mới / Ms), "hông" (a real word: hip), "đt" (điện thoại / đội tuyển),
 * "kg" (kilogram). A key must also not be the stripped form of a real word, or a post and its
 * no-diacritics copy would differ: so not "lun" (lún); "khum" (khúm) is kept as a known small risk.
 * Expansions are written in this module's own normal form (tests check they are fixed points).
 */
// prettier-ignore
const TEENCODE: ReadonlyMap<string, string> = new Map([
  ...['ko', 'k', 'kô', 'hok', 'khum', 'hk', 'kh', 'khôg'].map((k) => [k, 'không'] as const),
  ['dc', 'được'], ['đc', 'được'],
  ['j', 'gì'], ['vs', 'với'], ['ng', 'người'], ['mn', 'mọi người'], ['r', 'rồi'],
  ['z', 'vậy'], ['v', 'vậy'], ['bik', 'biết'], ['wá', 'quá'], ['iu', 'yêu'], ['ns', 'nói'],
  ['cx', 'cũng'], ['cg', 'cũng'], ['ntn', 'như thế nào'], ['trc', 'trước'], ['nhìu', 'nhiều'],
]);

/** Removes all combining marks and maps đ→d, Đ→D. NFC output. */
export function stripMarksReference(s: string): string {
  return s.normalize('NFD').replace(ALL_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

export function normalizeVietnameseReference(text: string): NormalizedTextReference {
  // Steps 1-2 on the whole text. NFKC once more after lower-casing, and removal first, so that a
  // removed character can no longer keep a letter and its mark apart.
  const cleaned = text.normalize('NFKC').replace(INVISIBLE, '').replace(EMOJI, '').toLowerCase().normalize('NFKC');
  const syllables: string[] = [];
  for (const match of cleaned.matchAll(TOKEN)) {
    const token = normalizeToken(match[0]);
    if (token === '') continue;
    const expansion = TEENCODE.get(token);
    if (expansion === undefined) syllables.push(token);
    else for (const word of expansion.split(' ')) syllables.push(word);
  }
  const strippedSyllables = syllables.map(stripMarksReference);
  return { normalized: syllables.join(' '), stripped: strippedSyllables.join(' '), syllables, strippedSyllables };
}

function normalizeToken(raw: string): string {
  const folded = foldHomoglyphs(raw).normalize('NFC');
  const collapsed = collapseRuns(folded);
  return placeTone(collapsed).normalize('NFC');
}

/** Step 3: fold look-alikes when every letter of the token is Latin or a look-alike, one Latin. */
function foldHomoglyphs(token: string): string {
  if (!HAS_NON_LATIN_OR_HOMOGLYPH.test(token)) return token; // the common case: plain Latin
  const chars = Array.from(token.normalize('NFD'));
  let hasLatin = false;
  for (const ch of chars) {
    if (HOMOGLYPHS.has(ch)) continue;
    if (LATIN_LETTER.test(ch)) hasLatin = true;
    else if (LETTER.test(ch)) return token; // a letter of another script: not a Latin token
  }
  if (!hasLatin) return token; // "сор" written all in Cyrillic stays Cyrillic
  return chars.map((ch) => HOMOGLYPHS.get(ch) ?? ch).join('');
}

/**
 * Step 2's collapse: a run of 3+ letters with the same base letter becomes one letter, the first
 * that carries a mark if any ("quáaaa" → "quá", "khôngggg" → "không"). Doubles stay ("cooperation").
 */
function collapseRuns(token: string): string {
  if (token.length < 3) return token;
  const clusters = token.match(/\P{M}\p{M}*/gu) ?? [];
  const out: string[] = [];
  let i = 0;
  while (i < clusters.length) {
    const first = clusters[i] ?? '';
    const base = LETTER.test(first) ? stripMarksReference(first) : null;
    let j = i + 1;
    while (base !== null && j < clusters.length && stripMarksReference(clusters[j] ?? '') === base) j++;
    if (j - i >= 3) {
      let keep = first;
      for (let k = i; k < j; k++) {
        const c = clusters[k] ?? '';
        if (c !== base) {
          keep = c;
          break;
        }
      }
      out.push(keep);
    } else {
      for (let k = i; k < j; k++) out.push(clusters[k] ?? '');
    }
    i = j;
  }
  return out.join('');
}

interface Syllable {
  initial: string;
  nucleus: string;
  final: string;
}

/** Splits a toneless Vietnamese-alphabet syllable; "qu" and "gi" count as consonants. */
function parseSyllable(base: string): Syllable | null {
  if (!VIETNAMESE_LETTERS.test(base)) return null;
  let i = 0;
  while (i < base.length && !VOWELS.includes(base[i] ?? '')) i++;
  // "qu" + vowel, and "gi" + vowel: the u and i belong to the initial ("quý", "giá", but "gì").
  if (i < base.length - 1 && VOWELS.includes(base[i + 1] ?? '')) {
    const initial = base.slice(0, i);
    if ((initial === 'q' && base[i] === 'u') || (initial === 'g' && base[i] === 'i')) i++;
  }
  let j = i;
  while (j < base.length && VOWELS.includes(base[j] ?? '')) j++;
  const nucleus = base.slice(i, j);
  const final = base.slice(j);
  if (nucleus.length === 0 || nucleus.length > 3) return null;
  for (const ch of final) if (VOWELS.includes(ch)) return null; // more than one syllable ("cafe")
  return { initial: base.slice(0, i), nucleus, final };
}

/** Which vowel of the nucleus carries the tone: one rule for old and new styles alike. */
function toneIndex(nucleus: string, hasFinal: boolean): number {
  for (let k = nucleus.length - 1; k >= 0; k--) if (QUALITY_VOWELS.includes(nucleus[k] ?? '')) return k; // ươ: ơ
  if (hasFinal || nucleus.length === 1) return nucleus.length - 1;
  return nucleus.length - 2;
}

/** Steps 4 and 5. A token that is not one Vietnamese syllable (or has two tones) is left alone. */
function placeTone(token: string): string {
  const decomposed = token.normalize('NFD');
  const tones = decomposed.match(TONE_MARKS);
  if (tones !== null && tones.length > 1) return token;
  const syllable = parseSyllable(decomposed.replace(TONE_MARKS, '').normalize('NFC'));
  if (syllable === null) return token;
  const { initial, final } = syllable;
  let { nucleus } = syllable;
  // Step 5: a lone y after a consonant ("lý", "kỹ", "mỹ"); not "y", "yêu", "uy", "ay", "quý".
  if (nucleus === 'y' && final === '' && initial !== '' && !/[ui]$/.test(initial)) nucleus = 'i';
  const tone = tones?.[0];
  if (tone === undefined) return initial + nucleus + final;
  const k = toneIndex(nucleus, final !== '') + 1;
  return initial + (nucleus.slice(0, k) + tone).normalize('NFC') + nucleus.slice(k) + final;
}
