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
 * Speed. The specification is vietnamese-normalize.reference.ts (the straightforward version:
 * regexes and String#normalize per token and per character); this module must give exactly its
 * output for every input, which the tests check on arbitrary strings and on real corpora. It is
 * ~10x faster (~35 µs instead of ~400 µs for a 100-syllable post):
 * - Steps 1-2 still run on the whole text with the native normalize/regex passes (~6 µs), but the
 *   two property-escape regexes run only when a cheap code-unit pre-check says they may match.
 * - Tokens are found by one scan with a per-code-unit class table instead of the TOKEN regex.
 * - Almost every token of real text (98% of VFND) consists only of "simple" characters (ASCII
 *   lower-case letters and digits, đ, the precomposed lower-case Vietnamese vowels) and the
 *   Cyrillic/Greek look-alikes. For those, steps 2 (run collapse) to 5 reduce to table look-ups
 *   on code units (which toneless letter, which tone, which bare letter), with no NFD/NFC round
 *   trips, and the stripped key comes out of the same pass.
 * - Any other token (combining marks that did not compose, other scripts, other accented Latin
 *   letters, capitals that NFKC re-created) takes the general path: the reference's own per-token
 *   code, below, unchanged, with its results remembered in a small bounded memo.
 *
 * Pure: no I/O, no dependencies. Changing what this module outputs changes every stored
 * fingerprint: bump NORMALIZATION_VERSION, which means a reindex (and change the reference too).
 */

export const NORMALIZATION_VERSION = 1;

export interface NormalizedText {
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
/**
 * Pre-checks, so that the common text (no emoji, nothing invisible) skips those two replace
 * passes; a property-escape regex is slow in V8 even when it matches nothing. A plain code-unit
 * class, no `u` flag. MAY_HAVE_EMOJI is a superset of EMOJI: every character that EMOJI matches
 * is © or ® (the only Extended_Pictographic characters below U+2000) or at/above U+2000 (all
 * astral ones start with a high surrogate).
 */
const MAY_HAVE_INVISIBLE = /[\u200B-\u200F\u202A-\u202E\u2060-\u2064\uFEFF\u00AD\u034F\uFE00-\uFE0F]/;
const MAY_HAVE_EMOJI = /[\u00A9\u00AE\u2000-\uFFFF]/;

/** A token: a letter or digit, then letters, marks and digits. Orphan marks and all else split. */
const LETTER_OR_DIGIT = /^[\p{L}\p{N}]$/u;
const MARK = /^\p{M}$/u;
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
export function stripMarks(s: string): string {
  return s.normalize('NFD').replace(ALL_MARKS, '').replace(/đ/g, 'd').replace(/Đ/g, 'D').normalize('NFC');
}

/** A teencode expansion, already split into syllables and stripped (so not redone per token). */
interface Expansion {
  syllables: readonly string[];
  stripped: readonly string[];
}
const EXPANSIONS: ReadonlyMap<string, Expansion> = new Map(
  [...TEENCODE].map(([code, words]) => {
    const syllables = words.split(' ');
    return [code, { syllables, stripped: syllables.map(stripMarks) }] as const;
  }),
);

export function normalizeVietnamese(text: string): NormalizedText {
  // Steps 1-2 on the whole text. NFKC once more after lower-casing, and removal first, so that a
  // removed character can no longer keep a letter and its mark apart.
  let cleaned = text.normalize('NFKC');
  if (MAY_HAVE_INVISIBLE.test(cleaned)) cleaned = cleaned.replace(INVISIBLE, '');
  if (MAY_HAVE_EMOJI.test(cleaned)) cleaned = cleaned.replace(EMOJI, '');
  cleaned = cleaned.toLowerCase().normalize('NFKC');

  const syllables: string[] = [];
  const strippedSyllables: string[] = [];
  const n = cleaned.length;
  let i = 0;
  while (i < n) {
    // Find where the next token starts: a letter or digit (TOKEN's first character class).
    const u = cleaned.charCodeAt(i);
    let c = SCAN[u]!;
    if (c === SCAN_UNKNOWN) c = classifyCodeUnit(u);
    if (c === SCAN_SURROGATE) {
      if (!isSurrogatePairAt(cleaned, i)) {
        i++;
        continue;
      } // a lone surrogate (Cs) separates
      if (astralClass(cleaned.codePointAt(i)!) !== SCAN_LETTER_OR_DIGIT) {
        i += 2;
        continue;
      }
    } else if (c !== SCAN_SIMPLE && c !== SCAN_LETTER_OR_DIGIT) {
      i++;
      continue;
    }
    // Extend it over letters, marks and digits, noting whether every code unit is simple.
    const start = i;
    let simple = true;
    while (i < n) {
      const v = cleaned.charCodeAt(i);
      let d = SCAN[v]!;
      if (d === SCAN_UNKNOWN) d = classifyCodeUnit(v);
      if (d === SCAN_SIMPLE) {
        i++;
        continue;
      }
      if (d === SCAN_LETTER_OR_DIGIT || d === SCAN_MARK) i++;
      else if (d === SCAN_SURROGATE && isSurrogatePairAt(cleaned, i) && astralClass(cleaned.codePointAt(i)!) !== SCAN_OTHER) i += 2;
      else break;
      simple = false;
    }

    let token: string;
    let stripped: string;
    if (simple && simpleToken(cleaned, start, i)) {
      token = outSyllable;
      stripped = outStripped;
    } else {
      const raw = cleaned.slice(start, i);
      const known = raw.length <= GENERAL_MEMO_MAX_TOKEN ? GENERAL_MEMO.get(raw) : undefined;
      if (known !== undefined) {
        token = known.syllable;
        stripped = known.stripped;
      } else {
        token = normalizeToken(raw);
        stripped = stripMarks(token);
        if (raw.length <= GENERAL_MEMO_MAX_TOKEN) {
          if (GENERAL_MEMO.size >= GENERAL_MEMO_SIZE) GENERAL_MEMO.clear();
          GENERAL_MEMO.set(raw, { syllable: token, stripped });
        }
      }
      if (token === '') continue;
    }
    const expansion = token.length <= MAX_TEENCODE_LENGTH ? EXPANSIONS.get(token) : undefined;
    if (expansion === undefined) {
      syllables.push(token);
      strippedSyllables.push(stripped);
    } else {
      for (const word of expansion.syllables) syllables.push(word);
      for (const word of expansion.stripped) strippedSyllables.push(word);
    }
  }
  return { normalized: syllables.join(' '), stripped: strippedSyllables.join(' '), syllables, strippedSyllables };
}

const MAX_TEENCODE_LENGTH = Math.max(...[...TEENCODE.keys()].map((k) => k.length));

/**
 * Results of the general path by raw token. That path costs some µs a token (NFD/NFC round trips
 * and property-escape regexes per character) and its tokens repeat: the same look-alike spellings
 * ("ĸнông", "cɦo") or "n̼g̼a̼"-style marks recur across a spam wave. A pure function of the token,
 * so remembering it changes no output; bounded (emptied when full) so that no input can make it
 * grow without limit (4096 tokens of at most 64 code units).
 */
const GENERAL_MEMO = new Map<string, { syllable: string; stripped: string }>();
const GENERAL_MEMO_SIZE = 4096;
const GENERAL_MEMO_MAX_TOKEN = 64;

// ---------------------------------------------------------------------------------------------
// Token classes, for the scan that replaces TOKEN = /[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu.
// Like the regex with its `u` flag, the scan steps by code points: a surrogate pair is one
// character, a lone surrogate is one character of class Cs (neither letter, digit nor mark).

const SCAN_UNKNOWN = 0; // not yet looked at
/** A simple character or a look-alike (see the fast path below): a letter or digit. */
const SCAN_SIMPLE = 1;
const SCAN_LETTER_OR_DIGIT = 2;
const SCAN_MARK = 3;
const SCAN_OTHER = 4;
/** A surrogate code unit: its class is that of the pair, or Cs (other) if it is alone. */
const SCAN_SURROGATE = 5;

/** Classes of BMP code units, filled in lazily from the regexes (so no start-up cost). */
const SCAN = new Uint8Array(0x10000);
const ASTRAL_CLASS = new Map<number, number>();

function classOf(ch: string): number {
  if (LETTER_OR_DIGIT.test(ch)) return SCAN_LETTER_OR_DIGIT;
  return MARK.test(ch) ? SCAN_MARK : SCAN_OTHER;
}

function classifyCodeUnit(u: number): number {
  let c: number;
  if (u >= 0xd800 && u <= 0xdfff) c = SCAN_SURROGATE;
  else if (u < TABLE_SIZE && KIND[u] !== OTHER) c = SCAN_SIMPLE;
  else c = classOf(String.fromCharCode(u));
  SCAN[u] = c;
  return c;
}

function astralClass(cp: number): number {
  let c = ASTRAL_CLASS.get(cp);
  if (c === undefined) {
    c = classOf(String.fromCodePoint(cp));
    if (ASTRAL_CLASS.size >= 4096) ASTRAL_CLASS.clear(); // bounded: adversarial input can't grow it
    ASTRAL_CLASS.set(cp, c);
  }
  return c;
}

function isSurrogatePairAt(s: string, i: number): boolean {
  const u = s.charCodeAt(i);
  if (u < 0xd800 || u > 0xdbff) return false;
  const next = s.charCodeAt(i + 1); // NaN past the end
  return next >= 0xdc00 && next <= 0xdfff;
}

// ---------------------------------------------------------------------------------------------
// The fast path, for tokens made only of simple characters and look-alikes.
//
// For such a token the reference's steps reduce as follows (each simple character is a single
// character of NFC text with no combining mark next to it, so NFC leaves any string of them as it
// is, and NFD → fold → NFC is the same as folding character by character):
// - step 3 (homoglyphs): the look-alikes are folded when the token has at least one simple letter
//   (every simple character is Latin or a digit, and digits are neither Latin nor other letters);
//   a token of only look-alikes and digits stays as it is and takes the general path;
// - step 2's run collapse compares characters by their bare letter (stripMarks: ố → o, đ → d);
//   digits are not letters and never form runs;
// - step 4 needs the toneless letter (ố → ô) and the tone (ố → acute) of each character, and to
//   compose a toneless vowel with a tone again: tables built once below from String#normalize
//   and stripMarks themselves, so they agree with the general path by construction.

const TABLE_SIZE = 0x1f00; // above the Latin Extended Additional block (ạ … ỹ)
const OTHER = 0;
const DIGIT = 1;
const SIMPLE_LETTER = 2;
const HOMOGLYPH = 3;
/** OTHER, DIGIT, SIMPLE_LETTER or HOMOGLYPH, by code unit. All but OTHER are letters or digits. */
const KIND = new Uint8Array(TABLE_SIZE);
/** For a HOMOGLYPH: the simple letter it folds to. */
const FOLD = new Uint16Array(TABLE_SIZE);
/** The letter without its tone: ố → ô, á → a, đ → đ. */
const TONELESS = new Uint16Array(TABLE_SIZE);
/** 0 for no tone, else 1 + index in TONES. */
const TONE = new Uint8Array(TABLE_SIZE);
/** The bare letter, as stripMarks gives it: ố → o, đ → d. */
const BARE = new Uint16Array(TABLE_SIZE);
/** (toneless vowel << 3 | tone) → precomposed vowel. */
const COMPOSED = new Map<number, number>();
const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
const IS_VOWEL = new Uint8Array(TABLE_SIZE);
const IS_QUALITY_VOWEL = new Uint8Array(TABLE_SIZE);

{
  const addSimple = (ch: string, kind: number, toneless: string, tone: number): void => {
    const u = ch.charCodeAt(0);
    // The scan treats every simple character as a letter or digit: make sure it is one.
    if (ch.length !== 1 || u >= TABLE_SIZE || !LETTER_OR_DIGIT.test(ch)) throw new Error(`not a simple character: ${ch}`);
    KIND[u] = kind;
    TONELESS[u] = toneless.charCodeAt(0);
    TONE[u] = tone;
    BARE[u] = stripMarks(ch).charCodeAt(0);
  };
  for (const digit of '0123456789') addSimple(digit, DIGIT, digit, 0);
  for (const letter of 'abcdefghijklmnopqrstuvwxyzăâđêôơư') addSimple(letter, SIMPLE_LETTER, letter, 0);
  for (const vowel of VOWELS) {
    const v = vowel.charCodeAt(0);
    IS_VOWEL[v] = 1;
    if (QUALITY_VOWELS.includes(vowel)) IS_QUALITY_VOWEL[v] = 1;
    TONES.forEach((mark, t) => {
      const toned = (vowel + mark).normalize('NFC');
      addSimple(toned, SIMPLE_LETTER, vowel, t + 1);
      COMPOSED.set((v << 3) | (t + 1), toned.charCodeAt(0));
    });
  }
  for (const [from, to] of HOMOGLYPHS) {
    const u = from.charCodeAt(0);
    const target = to.charCodeAt(0);
    // A single code unit that decomposes to nothing else, is a letter (so the scan takes it into
    // tokens), is not simple itself, and folds to a simple letter.
    const ok =
      from.length === 1 && u < TABLE_SIZE && KIND[u] === OTHER && LETTER_OR_DIGIT.test(from) && from.normalize('NFD') === from && to.length === 1 && KIND[target] === SIMPLE_LETTER;
    if (!ok) throw new Error(`unexpected look-alike ${from}`);
    KIND[u] = HOMOGLYPH;
    FOLD[u] = target;
  }
}

const CODE_Q = 0x71; // q
const CODE_U = 0x75; // u
const CODE_G = 0x67; // g
const CODE_I = 0x69; // i
const CODE_Y = 0x79; // y

/** Scratch buffer of the fast path: the token's characters, folded, then collapsed. */
const BUFFER = new Uint16Array(256);
/** Results of simpleToken, returned through module variables so that nothing is allocated. */
let outSyllable = '';
let outStripped = '';

/**
 * Steps 2 (run collapse) to 5 for cleaned[start, end), all of whose code units are simple or
 * look-alikes, with exactly the reference's result: normalizeToken(token) into outSyllable and
 * its stripMarks into outStripped. False, with nothing done, for a token of look-alikes without a
 * simple letter (which the general path handles).
 */
function simpleToken(cleaned: string, start: number, end: number): boolean {
  const length = end - start;
  // A longer token (a rare run like "aaaa…") gets a buffer of its own, not kept afterwards.
  const buf = length <= BUFFER.length ? BUFFER : new Uint16Array(length);

  // Step 3 (reference: foldHomoglyphs): fold look-alikes if there is a Latin letter.
  let folded = false;
  let hasLetter = false;
  for (let k = 0; k < length; k++) {
    const u = cleaned.charCodeAt(start + k);
    const kind = KIND[u];
    if (kind === HOMOGLYPH) {
      buf[k] = FOLD[u]!;
      folded = true;
    } else {
      if (kind === SIMPLE_LETTER) hasLetter = true;
      buf[k] = u;
    }
  }
  if (folded && !hasLetter) return false;

  // Step 2's collapse (reference: collapseRuns), in place: a run of 3+ letters with the same bare
  // letter becomes one, the first that is not its own bare letter (carries a mark, or is đ) if any.
  let n = 0;
  let collapsed = false;
  let allLetters = true;
  for (let i = 0; i < length;) {
    const u = buf[i]!;
    if (KIND[u] === DIGIT) {
      buf[n++] = u;
      allLetters = false;
      i++;
      continue;
    }
    const bare = BARE[u];
    let j = i + 1;
    while (j < length && KIND[buf[j]!] === SIMPLE_LETTER && BARE[buf[j]!] === bare) j++;
    if (j - i >= 3) {
      let keep = u;
      for (let k = i; k < j; k++) {
        if (buf[k] !== bare) {
          keep = buf[k]!;
          break;
        }
      }
      collapsed = true;
      buf[n++] = keep;
    } else {
      for (let k = i; k < j; k++) buf[n++] = buf[k]!;
    }
    i = j;
  }

  // Steps 4 and 5 (reference: placeTone, parseSyllable, toneIndex), on the toneless letters.
  // Left as it is: a token with two tones, with a digit, or not one Vietnamese syllable.
  let changed = collapsed || folded;
  let toneCount = 0;
  let tone = 0;
  for (let k = 0; k < n; k++) {
    const t = TONE[buf[k]!]!;
    if (t !== 0) {
      toneCount++;
      tone = t;
    }
  }
  if (toneCount <= 1 && allLetters) {
    // The initial consonant(s): up to the first vowel; "qu" and "gi" + vowel count as consonants.
    let i = 0;
    while (i < n && IS_VOWEL[TONELESS[buf[i]!]!] === 0) i++;
    if (i === 1 && i < n - 1 && IS_VOWEL[TONELESS[buf[2]!]!] === 1) {
      const vowel = TONELESS[buf[1]!];
      if ((buf[0] === CODE_Q && vowel === CODE_U) || (buf[0] === CODE_G && vowel === CODE_I)) i++;
    }
    let j = i;
    while (j < n && IS_VOWEL[TONELESS[buf[j]!]!] === 1) j++;
    let finalHasVowel = false;
    for (let k = j; k < n; k++) if (IS_VOWEL[TONELESS[buf[k]!]!] === 1) finalHasVowel = true;
    const nucleusLength = j - i;
    if (nucleusLength >= 1 && nucleusLength <= 3 && !finalHasVowel) {
      // The tone comes off every letter, then goes back onto one vowel of the nucleus.
      for (let k = 0; k < n; k++) {
        const toneless = TONELESS[buf[k]!]!;
        if (toneless !== buf[k]) {
          buf[k] = toneless;
          changed = true;
        }
      }
      // Step 5: a lone y after a consonant other than a u or i ("lý", but "quý", "y", "yêu").
      const hasFinal = j < n;
      if (nucleusLength === 1 && buf[i] === CODE_Y && !hasFinal && i > 0 && buf[i - 1] !== CODE_U && buf[i - 1] !== CODE_I) {
        buf[i] = CODE_I;
        changed = true;
      }
      if (tone !== 0) {
        // Which vowel carries the tone: the last quality vowel (in ươ: ơ); else the last vowel if
        // a final consonant follows or the nucleus is one vowel, else the second-to-last.
        let k = j - 1;
        while (k >= i && IS_QUALITY_VOWEL[buf[k]!] === 0) k--;
        if (k < i) k = hasFinal || nucleusLength === 1 ? j - 1 : j - 2;
        buf[k] = COMPOSED.get((buf[k]! << 3) | tone)!;
      }
    }
  }

  // The output is very often the token as it came (already in this module's normal form).
  if (changed && n === length) {
    changed = false;
    for (let k = 0; k < n; k++)
      if (buf[k] !== cleaned.charCodeAt(start + k)) {
        changed = true;
        break;
      }
  }
  outSyllable = changed ? fromCodes(buf, n) : cleaned.slice(start, end);
  let bareDiffers = false;
  for (let k = 0; k < n; k++)
    if (BARE[buf[k]!] !== buf[k]) {
      bareDiffers = true;
      break;
    }
  if (bareDiffers) {
    for (let k = 0; k < n; k++) buf[k] = BARE[buf[k]!]!;
    outStripped = fromCodes(buf, n);
  } else {
    outStripped = outSyllable;
  }
  return true;
}

/**
 * The string of buf[0, n). Explicit arguments for syllable-sized strings: in V8 that is several
 * times faster than `String.fromCharCode.apply` on a subarray, which dominated the fast path.
 */
function fromCodes(b: Uint16Array, n: number): string {
  // prettier-ignore
  switch (n) {
    case 1: return String.fromCharCode(b[0]!);
    case 2: return String.fromCharCode(b[0]!, b[1]!);
    case 3: return String.fromCharCode(b[0]!, b[1]!, b[2]!);
    case 4: return String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!);
    case 5: return String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!);
    case 6: return String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!);
    case 7: return String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!);
    case 8: return String.fromCharCode(b[0]!, b[1]!, b[2]!, b[3]!, b[4]!, b[5]!, b[6]!, b[7]!);
  }
  let s = '';
  for (let k = 0; k < n; k += 4096) s += String.fromCharCode.apply(null, Array.from(b.subarray(k, Math.min(n, k + 4096))));
  return s;
}

// ---------------------------------------------------------------------------------------------
// The general path: the reference's per-token code, for every token the fast path does not take.

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
    const base = LETTER.test(first) ? stripMarks(first) : null;
    let j = i + 1;
    while (base !== null && j < clusters.length && stripMarks(clusters[j] ?? '') === base) j++;
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
