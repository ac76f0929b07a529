import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { normalizeVietnamese, stripMarks, NORMALIZATION_VERSION } from './vietnamese-normalize.ts';

const norm = (text: string): string => normalizeVietnamese(text).normalized;
const key = (text: string): string => normalizeVietnamese(text).stripped;

describe('normalizeVietnamese: tone-mark placement', () => {
  it.each([
    ['hòa', 'hoà'], ['khỏe', 'khoẻ'], ['thúy', 'thuý'], ['hòa bình', 'hoà bình'], ['thủy', 'thuỷ'],
    ['Sức khỏe là vàng', 'Sức khoẻ là vàng'], ['xóa', 'xoá'], ['lòe', 'loè'], ['ủy ban', 'uỷ ban'],
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
  it.each([['lý', 'lí'], ['kỹ thuật', 'kĩ thuật'], ['Mỹ', 'Mĩ'], ['lý do', 'lí do']])('%s = %s', (a, b) => {
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
    ['ko', 'không'], ['k', 'không'], ['hok', 'không'], ['khum', 'không'], ['dc', 'được'], ['đc', 'được'],
    ['j', 'gì'], ['vs', 'với'], ['ng', 'người'], ['mn', 'mọi người'], ['r', 'rồi'], ['z', 'vậy'],
    ['v', 'vậy'], ['bik', 'biết'], ['wá', 'quá'], ['iu', 'yêu'], ['ns', 'nói'], ['KO', 'không'], ['kooo', 'không'],
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
    expect(normalizeVietnamese('Nghị định 147/2024/NĐ-CP, phạt 1.000.000 đồng!').syllables).toEqual([
      'nghị', 'định', '147', '2024', 'nđ', 'cp', 'phạt', '1', '000', '000', 'đồng',
    ]);
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
    const repost = 'Cảnh báo 😱 Người dân Hà Nội ko đc uống nước máy từ hôm nay vì nhiễm đ\u200Bộc. ' +
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
        fc.stringMatching(/^[a-zăâđêôơưy]{1,6}$/),
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
