import fs from 'node:fs';
import path from 'node:path';
import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { SHARED_DIR, sharedDir } from '../../test/shared-data.ts';
import { normalizeVietnamese, stripMarks, NORMALIZATION_VERSION } from './vietnamese-normalize.ts';
import { normalizeVietnameseReference, REFERENCE_NORMALIZATION_VERSION } from './vietnamese-normalize.reference.ts';

const norm = (text: string): string => normalizeVietnamese(text).normalized;
const key = (text: string): string => normalizeVietnamese(text).stripped;

describe('normalizeVietnamese: tone-mark placement', () => {
  it.each([
    ['hòa', 'hoà'],
    ['khỏe', 'khoẻ'],
    ['thúy', 'thuý'],
    ['hòa bình', 'hoà bình'],
    ['thủy', 'thuỷ'],
    ['Sức khỏe là vàng', 'Sức khoẻ là vàng'],
    ['xóa', 'xoá'],
    ['lòe', 'loè'],
    ['ủy ban', 'uỷ ban'],
  ])('%s and %s come out the same', (oldStyle, newStyle) => {
    expect(norm(oldStyle)).toBe(norm(newStyle));
  });

  it('keeps the tone where Vietnamese puts it: quality vowels, qu/gi, final consonants', () => {
    const words = 'quý giá người thuở khuya chuyện gì giữ giếng hoàng hoạt xoáy ngoẹo khuỷu hươu rượu của quả tuổi mười yêu';
    expect(norm(words)).toBe(words);
  });

  it('moves a misplaced tone onto its vowel', () => {
    expect(norm('ngừơi')).toBe('người');
    expect(norm('thủơ')).toBe('thuở');
    expect(norm('chuỵên')).toBe('chuyện');
    expect(norm('qúy')).toBe('quý');
  });

  it('leaves tokens that are not one Vietnamese syllable as they are', () => {
    expect(norm('café')).toBe('café');
    expect(norm('naïve')).toBe('naïve');
  });
});

describe('normalizeVietnamese: i and y', () => {
  it.each([
    ['lý', 'lí'],
    ['kỹ thuật', 'kĩ thuật'],
    ['Mỹ', 'Mĩ'],
    ['lý do', 'lí do'],
  ])('%s = %s', (a, b) => {
    expect(norm(a)).toBe(norm(b));
  });

  it('keeps y that is not a lone vowel after a consonant', () => {
    expect(norm('y tế yêu uy tín hay quý ý kiến')).toBe('y tế yêu uy tín hay quý ý kiến');
  });
});

describe('normalizeVietnamese: Unicode forms and invisible characters', () => {
  it('gives NFD input the same output as NFC input, and outputs NFC', () => {
    const nfc = 'Cảnh báo: người dân Hà Nội không được uống nước máy hôm nay';
    expect(norm(nfc.normalize('NFD'))).toBe(norm(nfc));
    expect(norm(nfc)).toBe(norm(nfc).normalize('NFC'));
  });

  it('makes zero-width characters, soft hyphens and other format characters vanish', () => {
    const invisible = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202E', '\u2060', '\u2064', '\uFEFF', '\u00AD', '\u034F', '\uFE00', '\uFE0F'];
    for (const ch of invisible) expect(norm(`cả${ch}nh b${ch}áo`)).toBe('cảnh báo');
  });

  it('folds math-bold and fullwidth letters (NFKC)', () => {
    expect(norm('𝐂𝐚̉𝐧𝐡 𝐛𝐚́𝐨')).toBe('cảnh báo');
    expect(norm('ＣẢＮＨ ＢÁＯ')).toBe('cảnh báo');
  });
});

describe('normalizeVietnamese: homoglyphs', () => {
  it('folds a Cyrillic letter inside an otherwise Latin word', () => {
    expect(norm('Cảnh bа́o')).toBe('cảnh báo'); // Cyrillic а + combining acute
    expect(norm('Cảnh bаo')).toBe('cảnh bao');
    expect(norm('CẢNН BÁО')).toBe('cảnh báo'); // Cyrillic Н and О
    expect(norm('tοàn quốc')).toBe('toàn quốc'); // Greek omicron
    expect(norm('ðường')).toBe('đường');
  });

  it('leaves words written in another script alone', () => {
    expect(norm('привет')).toBe('привет');
    expect(norm('сор')).toBe('сор'); // all look-alikes, but no Latin letter: still Cyrillic
    expect(norm('καλημέρα')).toBe('καλημέρα');
  });
});

describe('normalizeVietnamese: teencode', () => {
  it.each([
    ['ko', 'không'],
    ['k', 'không'],
    ['hok', 'không'],
    ['khum', 'không'],
    ['dc', 'được'],
    ['đc', 'được'],
    ['j', 'gì'],
    ['vs', 'với'],
    ['ng', 'người'],
    ['mn', 'mọi người'],
    ['r', 'rồi'],
    ['z', 'vậy'],
    ['v', 'vậy'],
    ['bik', 'biết'],
    ['wá', 'quá'],
    ['iu', 'yêu'],
    ['ns', 'nói'],
    ['KO', 'không'],
    ['kooo', 'không'],
  ])('expands the whole token %s to %s', (code, word) => {
    expect(norm(code)).toBe(word);
  });

  it('expands only whole tokens', () => {
    expect(norm('kotex')).toBe('kotex');
    expect(norm('ko biết')).toBe('không biết');
    expect(norm('50k')).toBe('50k');
    expect(norm('mn ơi, tin này ko đúng r')).toBe('mọi người ơi tin này không đúng rồi');
  });

  it('splits a two-word expansion into two syllables', () => {
    expect(normalizeVietnamese('mn ơi').syllables).toEqual(['mọi', 'người', 'ơi']);
  });

  it('leaves ambiguous abbreviations and real words alone', () => {
    expect(norm('a dk bít bn 5 kg')).toBe('a dk bít bn 5 kg');
  });
});

describe('normalizeVietnamese: noise', () => {
  it('makes emoji and punctuation vanish', () => {
    expect(norm('CẢNH BÁO!!! 😱😱 Tin nóng 🇻🇳👍🏽 👨‍👩‍👧 ⚠️ ... #️⃣')).toBe('cảnh báo tin nóng');
  });

  it('collapses runs of 3+ repeated letters, keeping the marked one', () => {
    expect(norm('quáaaa')).toBe('quá');
    expect(norm('quááá')).toBe('quá');
    expect(norm('khôngggg')).toBe('không');
    expect(norm('điiiii')).toBe('đi');
  });

  it('keeps doubles and digits', () => {
    expect(norm('cooperation xoong 1000000')).toBe('cooperation xoong 1000000');
  });

  it('splits on punctuation and keeps digits', () => {
    expect(normalizeVietnamese('Nghị định 147/2024/NĐ-CP, phạt 1.000.000 đồng!').syllables).toEqual(['nghị', 'định', '147', '2024', 'nđ', 'cp', 'phạt', '1', '000', '000', 'đồng']);
    expect(normalizeVietnamese('!!! ... ???').syllables).toEqual([]);
  });
});

describe('normalizeVietnamese: the stripped key', () => {
  const post =
    'CẢNH BÁO!!! Người dân Hà Nội không được uống nước máy từ hôm nay vì nhiễm độc. ' +
    'Bộ Y tế đã xác nhận, chia sẻ ngay cho mọi người! Kỹ sư Trần Quý cho biết sức khoẻ của trẻ em bị đe doạ.';

  it('is the same for a post and its copy without diacritics', () => {
    const noDiacritics = stripMarks(post);
    expect(noDiacritics).not.toBe(post);
    expect(key(noDiacritics)).toBe(key(post));
    expect(normalizeVietnamese(noDiacritics).strippedSyllables).toEqual(normalizeVietnamese(post).strippedSyllables);
  });

  it('is the same for reposts in another tone style, with zero-width characters and teencode', () => {
    const repost =
      'Cảnh báo 😱 Người dân Hà Nội ko đc uống nước máy từ hôm nay vì nhiễm đ\u200Bộc. ' +
      'Bộ Y tế đã xác nhận, chia sẻ ngay cho mn! Kĩ sư Trần Quý cho biết sức khỏe của trẻ em bị đe dọa.';
    expect(norm(repost)).toBe(norm(post));
  });

  it('stripMarks removes every combining mark and maps đ/Đ', () => {
    expect(stripMarks('Đường đi ĐÂU rồi? người')).toBe('Duong di DAU roi? nguoi');
    expect(stripMarks('a\u0301\u0323')).toBe('a');
  });
});

describe('normalizeVietnamese: properties', () => {
  const vietnameseText = fc
    .array(
      fc.oneof(
        fc.constantFrom('hoà', 'hòa', 'người', 'quý', 'giá', 'ko', 'mn', 'quáaaa', 'bа́o', 'привет', '😀', '!!!', ' ', '\u200B', '\u00AD', '.', '𝐂𝐚̉', 'İ', 'ǅ', 'ß'),
        fc.constantFrom('\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '\u0302', '\u0306', '\u031B', '\u0340'),
        fc.string({ unit: 'binary', maxLength: 4 }),
        fc.stringMatching(/^[a-zăâđêôơư]{1,6}$/),
      ),
      { maxLength: 30 },
    )
    .map((parts) => parts.join(''));
  const anyText = fc.oneof(vietnameseText, fc.string({ unit: 'binary' }), fc.string({ unit: 'grapheme' }));

  it('never throws, is idempotent, outputs NFC, and the stripped key has no combining marks', () => {
    fc.assert(
      fc.property(anyText, (text) => {
        const first = normalizeVietnamese(text);
        expect(normalizeVietnamese(first.normalized).normalized).toBe(first.normalized);
        expect(first.normalized).toBe(first.normalized.normalize('NFC'));
        expect(first.stripped).not.toMatch(/\p{M}/u);
        expect(first.normalized).toBe(first.syllables.join(' '));
        expect(first.stripped).toBe(first.strippedSyllables.join(' '));
        expect(first.strippedSyllables).toEqual(first.syllables.map(stripMarks));
        expect(first.syllables.every((s) => s !== '' && !/\s/u.test(s))).toBe(true);
      }),
      { numRuns: 2000 },
    );
  });

  it('writes its teencode expansions in its own normal form', () => {
    for (const word of ['không', 'được', 'gì', 'với', 'người', 'mọi người', 'rồi', 'vậy', 'biết', 'quá', 'yêu', 'nói', 'cũng', 'như thế nào', 'trước', 'nhiều']) {
      expect(norm(word)).toBe(word);
    }
  });

  it('handles a 200 kB input in linear time', () => {
    const big = 'CẢNH BÁO!!! Người dân hoà bình khoẻ 😀 quáaaa ko\u200B '.repeat(4100);
    expect(big.length).toBeGreaterThan(200_000);
    const started = performance.now();
    const result = normalizeVietnamese(big);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.syllables.length).toBe(4100 * 9);
    expect(normalizeVietnamese('a'.repeat(200_000)).normalized).toBe('a');
  });

  it('exposes the version stored with fingerprints', () => {
    expect(NORMALIZATION_VERSION).toBe(1);
  });
});

/**
 * normalizeVietnamese is an optimized version of normalizeVietnameseReference and must give
 * exactly its output (all four fields) for every input: stored fingerprints depend on it.
 */
describe('normalizeVietnamese: equals the reference implementation', () => {
  const sameAsReference = (text: string): void => {
    expect(normalizeVietnamese(text), JSON.stringify(text)).toEqual(normalizeVietnameseReference(text));
  };

  const TONES = ['\u0300', '\u0301', '\u0303', '\u0309', '\u0323'];
  const VOWELS = [...'aăâeêioôơuưy'];
  const tonedVowels = VOWELS.flatMap((v) => TONES.map((t) => (v + t).normalize('NFC')));
  const letters = [...'abcdefghijklmnopqrstuvwxyzăâđêôơư', ...tonedVowels];
  const lookAlikes = [...'аеорсухіјвнмтк', ...'οανικρτ', 'ð', ...'АЕОРСУХІЈВНМТК', ...'ΟΑΝΙΚΡΤ', 'Ð', ...'ɑցռᵭƅĸγυѕѵʟɴ'];
  const marks = [...TONES, '\u0302', '\u0306', '\u031B', '\u0340', '\u0341', '\u0308', '\u033C', '\u0327'];
  const invisible = ['\u200B', '\u200C', '\u200D', '\u200E', '\u200F', '\u202A', '\u202E', '\u2060', '\u2064', '\uFEFF', '\u00AD', '\u034F', '\uFE00', '\uFE0F'];
  const emoji = ['😀', '😱', '🇻🇳', '👍🏽', '👨‍👩‍👧', '⚠️', '#️⃣', '1️⃣', '©', '®', '™', '‼', '\u{E0067}', '🏴󠁧󠁢󠁳󠁣󠁴󠁿'];
  // prettier-ignore
  const teencode = ['ko', 'k', 'kô', 'hok', 'khum', 'hk', 'kh', 'khôg', 'dc', 'đc', 'j', 'vs', 'ng', 'mn', 'r', 'z', 'v', 'bik', 'wá', 'iu', 'ns', 'cx', 'cg', 'ntn', 'trc', 'nhìu', 'KO', 'Đc', 'kooo', 'wáaa', 'dk', 'bít'];
  // prettier-ignore
  const words = ['hoà', 'hòa', 'khỏe', 'khoẻ', 'thúy', 'thuý', 'người', 'ngừơi', 'quý', 'qúy', 'giá', 'gì', 'giữ', 'chuyện', 'chuỵên', 'khuỷu', 'lý', 'Mỹ', 'yêu', 'uy', 'café', 'naïve', 'cooperation', 'quáaaa', 'điiiii', 'ĐƯỜNG', 'bа́o', 'привет', 'καλημέρα'];
  const punctuation = [' ', ' ', '.', ',', '!', '?', '-', '/', '\n', '\t', '…', '\u00A0', '"', '#', '@', '_'];
  const digits = [...'0123456789', '²', '½', '١', '𝟏', '①'];
  const wide = ['Ａ', 'ｂ', '１', 'Ｃ', 'Ả', '𝐚', '𝐂', '𝐛', '𝐨', '𝐥𝐝', 'ﬁ', '㎁', 'İ', 'ß', 'ǅ', 'ẞ'];
  const oddities = ['\uD800', '\uDC00', '\uDBFF\uDFFF', '\u0000', '\uFFFD', '\u0BC6\u0BBE', '\u1100\u1161'];

  const piece = fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(...letters) },
    { weight: 3, arbitrary: fc.constantFrom(...letters).map((ch) => ch.toUpperCase()) },
    { weight: 2, arbitrary: fc.constantFrom(...tonedVowels).map((ch) => ch.normalize('NFD')) },
    // Marks in a non-canonical order (tone before the quality mark), which NFC must sort out.
    {
      weight: 1,
      arbitrary: fc.tuple(fc.constantFrom('a', 'e', 'o', 'u', 'A', 'O'), fc.constantFrom(...TONES), fc.constantFrom('\u0302', '\u0306', '\u031B')).map((p) => p.join('')),
    },
    { weight: 2, arbitrary: fc.constantFrom(...lookAlikes) },
    { weight: 2, arbitrary: fc.constantFrom(...marks) },
    { weight: 1, arbitrary: fc.constantFrom(...invisible) },
    { weight: 1, arbitrary: fc.constantFrom(...emoji) },
    { weight: 2, arbitrary: fc.constantFrom(...teencode) },
    { weight: 3, arbitrary: fc.constantFrom(...words) },
    { weight: 4, arbitrary: fc.constantFrom(...punctuation) },
    { weight: 2, arbitrary: fc.constantFrom(...digits) },
    { weight: 1, arbitrary: fc.constantFrom(...wide) },
    { weight: 1, arbitrary: fc.constantFrom(...oddities) },
    // Runs of one letter, or of one bare letter with other marks ("aáăạ"), 2 to 6 long.
    { weight: 2, arbitrary: fc.tuple(fc.constantFrom(...letters, ...lookAlikes.slice(0, 8)), fc.integer({ min: 2, max: 6 })).map(([ch, k]) => ch.repeat(k)) },
    { weight: 1, arbitrary: fc.array(fc.constantFrom(...'aáàăắâấ'), { minLength: 2, maxLength: 6 }).map((a) => a.join('')) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 3 }) },
  );
  const vietnameseHeavy = fc.array(piece, { maxLength: 25 }).map((parts) => parts.join(''));

  /** Syllable-shaped tokens: an initial, 1-4 vowels (some toned), a final, so that placeTone works. */
  const syllableShaped = fc
    .array(
      fc
        .tuple(
          fc.constantFrom('', 'b', 'ch', 'd', 'đ', 'g', 'gh', 'gi', 'h', 'kh', 'l', 'ng', 'ngh', 'nh', 'ph', 'qu', 'q', 'th', 'tr', 'x', 'y', 'г', 'т'),
          fc.array(fc.constantFrom(...VOWELS, ...tonedVowels, 'а', 'о', 'у', 'ο'), { minLength: 0, maxLength: 4 }),
          fc.constantFrom('', 'c', 'ch', 'm', 'n', 'ng', 'nh', 'p', 't', 'a', 'y', '1'),
        )
        .map(([a, b, c]) => a + b.join('') + c),
      { minLength: 1, maxLength: 8 },
    )
    .map((syllables) => syllables.join(' '));

  it('on Vietnamese-heavy text: letters with every tone (NFC and NFD), look-alikes, marks, emoji, teencode, runs', () => {
    fc.assert(fc.property(vietnameseHeavy, sameAsReference), { numRuns: 4000 });
  });

  it('on syllable-shaped text', () => {
    fc.assert(fc.property(syllableShaped, sameAsReference), { numRuns: 3000 });
  });

  it('on arbitrary strings (binary and grapheme units)', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 40 }), sameAsReference), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), sameAsReference), { numRuns: 2000 });
    fc.assert(fc.property(fc.string({ unit: 'binary-ascii', maxLength: 40 }), sameAsReference), { numRuns: 500 });
  });

  it('on every string of one or two characters over the letters, look-alikes and marks', () => {
    const alphabet = [...letters, ...lookAlikes.filter((ch) => ch === ch.toLowerCase()), ...TONES, '\u0302', '\u0306', '\u031B', ...'1AĐÁ '];
    for (const a of alphabet) {
      sameAsReference(a);
      for (const b of alphabet) sameAsReference(a + b);
    }
  });

  it('is the same normalization version', () => {
    expect(NORMALIZATION_VERSION).toBe(REFERENCE_NORMALIZATION_VERSION);
  });

  // Real text from the shared corpora, beside the repository (never copied into it).
  // Skipped when absent, except in CI (CI=true), where their absence fails the suite.
  const vfndFound = sharedDir('corpus/vfnd');
  const articlesFound = sharedDir('context/articles');
  const vfndDir = vfndFound ?? path.join(SHARED_DIR, 'corpus/vfnd');
  const articlesDir = articlesFound ?? path.join(SHARED_DIR, 'context/articles');
  const hasVfnd = vfndFound !== null;
  const hasArticles = articlesFound !== null;

  const checkTexts = (texts: ReadonlyMap<string, string>): void => {
    const mismatches: string[] = [];
    for (const [name, text] of texts) {
      if (JSON.stringify(normalizeVietnamese(text)) !== JSON.stringify(normalizeVietnameseReference(text))) mismatches.push(name);
    }
    expect(texts.size).toBeGreaterThan(0);
    expect(mismatches).toEqual([]);
  };

  it.skipIf(!hasVfnd)(`on every text of the VFND corpus${hasVfnd ? '' : ` (skipped: ${vfndDir} not found)`}`, () => {
    const texts = new Map<string, string>();
    for (const file of fs
      .readdirSync(vfndDir)
      .filter((f) => f.endsWith('.json'))
      .sort()) {
      const doc = JSON.parse(fs.readFileSync(path.join(vfndDir, file), 'utf8')) as Record<string, unknown>;
      for (const field of ['maintext', 'text']) {
        const value = doc[field];
        if (typeof value === 'string' && value !== '') texts.set(`${file}:${field}`, value);
      }
    }
    checkTexts(texts);
  });

  it.skipIf(!hasArticles)(`on every article of shared/context/articles${hasArticles ? '' : ` (skipped: ${articlesDir} not found)`}`, () => {
    const texts = new Map<string, string>();
    for (const file of fs.readdirSync(articlesDir).sort()) {
      const full = path.join(articlesDir, file);
      if (fs.statSync(full).isFile()) texts.set(file, fs.readFileSync(full, 'utf8'));
    }
    checkTexts(texts);
  });
});
