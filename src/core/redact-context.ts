/**
 * The words around a number that say what it is. "STK 0071000123456" is a bank account whatever its
 * digits look like; "123.456.789 đồng" is an amount even though a CMND has nine digits too. Each
 * test looks at a bounded slice of text next to the number, so the cost per number is constant.
 * Texts arrive normalized (public-text-normalize.ts) and are lower-cased here.
 */

/** What a label before (or a bank name after) a number makes of it. */
export type LabelKind = 'phone' | 'id' | 'account' | 'card';

/** How far before a number a label may sit, gap words included ("Số tài khoản của tôi là: …"). */
const LOOK_BEHIND = 48;
const LOOK_AHEAD = 32;

const BANKS = [
  'vietcombank',
  'vcb',
  'techcombank',
  'tcb',
  'mbbank',
  'mb bank',
  'bidv',
  'agribank',
  'vietinbank',
  'acb',
  'tpbank',
  'tp bank',
  'vpbank',
  'vp bank',
  'sacombank',
  'shb',
  'hdbank',
  'vib',
  'ocb',
  'msb',
  'maritime bank',
  'seabank',
  'eximbank',
  'abbank',
  'bac a bank',
  'lienvietpostbank',
  'lpbank',
  'nam a bank',
  'namabank',
  'pvcombank',
  'kienlongbank',
  'vietbank',
  'vietabank',
  'ncb',
  'pgbank',
  'saigonbank',
  'gpbank',
  'oceanbank',
  'cbbank',
  'timo',
  'shinhan bank',
  'shinhan',
  'hsbc',
  'uob',
  'woori',
  'citibank',
  'standard chartered',
  'ngân hàng',
  'bank',
];

/** Each label with the kind it gives. Longer phrases are listed before their prefixes. */
const LABELS: readonly (readonly [LabelKind, readonly string[]])[] = [
  [
    'phone',
    [
      'số điện thoại',
      'điện thoại',
      'sđt',
      'sdt',
      'đtdđ',
      'đt',
      'dt',
      'dđ',
      'di động',
      'zalo',
      'viber',
      'telegram',
      'whatsapp',
      'tel',
      'phone',
      'mobile',
      'fax',
      'số máy',
      'nhắn tin',
      'gọi điện',
    ],
  ],
  [
    'id',
    [
      'căn cước công dân',
      'căn cước',
      'cccd',
      'cmnd',
      'cmt',
      'chứng minh nhân dân',
      'chứng minh thư',
      'số định danh cá nhân',
      'số định danh',
      'mã định danh',
      'định danh',
      'hộ chiếu',
      'passport',
      'mã số thuế',
      'mst',
      'bảo hiểm xã hội',
      'bhxh',
      'bảo hiểm y tế',
      'bhyt',
      'giấy phép lái xe',
      'gplx',
      'bằng lái',
    ],
  ],
  ['account', ['số tài khoản', 'tài khoản', 'stk', 'số tk', 'tk', 'chuyển khoản', 'ck', 'số ví', 'ví momo', 'momo', ...BANKS]],
  ['card', ['thẻ tín dụng', 'thẻ ghi nợ', 'thẻ atm', 'số thẻ', 'thẻ', 'atm', 'card', 'visa', 'mastercard', 'master card', 'jcb', 'amex', 'napas']],
];

/** Words that describe a number that is not personal: a case, a post, an order, a product. */
const NOT_PERSONAL = [
  'mã hồ sơ',
  'số hồ sơ',
  'hồ sơ',
  'mã vụ việc',
  'vụ việc',
  'vụ án',
  'mã số',
  'mã',
  'id',
  'case',
  'ticket',
  'bài viết',
  'post',
  'video',
  'mã đơn',
  'đơn hàng',
  'vận đơn',
  'mã vận đơn',
  'giao dịch',
  'mã giao dịch',
  'số hiệu',
  'số seri',
  'serial',
  'sku',
  'ean',
  'isbn',
  'văn bản',
  'quyết định',
  'công văn',
  'thông báo',
  'số thứ tự',
  'stt',
  'phiên bản',
  'version',
  'uid',
];

/**
 * Words that make a sentence about money or counts ("thu lợi bất chính 123.456.789"): a number of
 * an ambiguous shape in the same sentence, shortly after, is an amount.
 */
const AMOUNT_BEFORE = [
  'giá trị',
  'trị giá',
  'giá',
  'phạt',
  'số tiền',
  'tiền',
  'thiệt hại',
  'doanh thu',
  'lợi nhuận',
  'tổng cộng',
  'tổng',
  'khoảng',
  'gần',
  'hơn',
  'lên tới',
  'lên đến',
  'đạt',
  'chiếm đoạt',
  'thu lợi',
  'số dư',
  'mức',
  'vốn',
  'lương',
  'thu nhập',
  'dân số',
  'tổng số',
  'lượt xem',
  'lượt',
  'ngân sách',
  'chi phí',
  'lãi',
];

/** Between a label and its number: "của tôi là", a bank name, "số". */
const GAP_WORDS = [
  'số',
  'là',
  'của',
  'cá nhân',
  'tôi',
  'mình',
  'em',
  'anh',
  'chị',
  'bạn',
  'ông',
  'bà',
  'hắn',
  'nó',
  'này',
  'đó',
  'cũ',
  'mới',
  'tại',
  'ở',
  'no',
  'nr',
  'hoặc',
  'và',
  'kèm',
  ...BANKS,
];

const UNITS_AFTER = [
  'đồng',
  'đ',
  '₫',
  'vnđ',
  'vnd',
  'usd',
  'eur',
  'triệu',
  'tỷ',
  'tỉ',
  'nghìn',
  'ngàn',
  'k',
  '%',
  'người',
  'lượt',
  'lần',
  'view',
  'views',
  'like',
  'likes',
  'share',
  'shares',
  'bình luận',
  'tài khoản',
  'trang',
  'bài',
  'km',
  'kg',
  'tấn',
  'mb',
  'gb',
  'kb',
  'byte',
  'bytes',
  'm2',
  'ha',
  'cổ phiếu',
  'cổ phần',
  'sản phẩm',
  'thành viên',
  'follower',
  'followers',
  'subscriber',
  'subscribers',
  'người theo dõi',
  'học sinh',
  'lít',
  'cuốn',
  'chiếc',
];

const alternatives = (words: readonly string[]): string =>
  [...words]
    .sort((a, b) => b.length - a.length)
    .map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'))
    .join('|');

// A digit may precede a label ("678STK 0071…"); a letter, "[" or "-" may not ("hotel", "[phone]", "[bank-account]").
const NOT_LETTER_BEFORE = '(?<![\\p{L}\\p{M}\\[\\-])';
const NOT_LETTER_AFTER = '(?![\\p{L}\\p{M}\\p{N}])';
/**
 * Punctuation, a gap word, a digit or a placeholder, any number of times, then the end of the
 * slice: "STK 0071000123456, 0071000654321" labels both numbers, before and after the first is
 * redacted. Each alternative starts with a different kind of character and a digit is matched one
 * at a time, so there is one way to match a slice and no backtracking between alternatives.
 */
const GAP_TO_END = `(?:[\\s:.,#=()*'"/–-]|\\d|\\[[a-z-]+\\]|(?:${alternatives(GAP_WORDS)})${NOT_LETTER_AFTER})*$`;

/** Every label, and what it makes of a number: one regex, so a run costs one search, not five. */
const LABEL_KIND: ReadonlyMap<string, LabelKind | 'not-personal'> = new Map<string, LabelKind | 'not-personal'>([
  ...NOT_PERSONAL.map((w): [string, 'not-personal'] => [w, 'not-personal']),
  // Listed after, so a word in both lists ("mã số thuế" is not "mã số") keeps its personal kind.
  ...LABELS.flatMap(([kind, words]) => words.map((w): [string, LabelKind] => [w, kind])),
]);
const LABEL_BEFORE = new RegExp(`${NOT_LETTER_BEFORE}(${alternatives([...LABEL_KIND.keys()])})${GAP_TO_END}`, 'u');
const AMOUNT_WORD = new RegExp(`${NOT_LETTER_BEFORE}(?:${alternatives(AMOUNT_BEFORE)})${NOT_LETTER_AFTER}`, 'u');
const CURRENCY_BEFORE = /(?:[$€£¥₫]|vnđ|vnd|usd|eur) ?$/u;
const BANK_AFTER = new RegExp(`^(?:[\\s:.()/–-]|(?:tại|ở|của)${NOT_LETTER_AFTER})*(?:${alternatives(BANKS)})${NOT_LETTER_AFTER}`, 'u');
const UNIT_AFTER = new RegExp(`^ ?(?:${alternatives(UNITS_AFTER)})${NOT_LETTER_AFTER}`, 'u');

/** The slice before `at`, cut at the last line or sentence break so a label never reaches across one. */
function before(text: string, at: number): string {
  const slice = text.slice(Math.max(0, at - LOOK_BEHIND), at).toLowerCase();
  const cut = Math.max(slice.lastIndexOf('\n'), slice.lastIndexOf('. '), slice.lastIndexOf(';'), slice.lastIndexOf('!'), slice.lastIndexOf('?'));
  return cut < 0 ? slice : slice.slice(cut + 1);
}

/** The label directly before a number (gap words aside), or 'not-personal', or null. */
export function labelBefore(text: string, at: number): LabelKind | 'not-personal' | null {
  const slice = before(text, at);
  if (slice === '') return null;
  // The first label from which only gap words lead to the number: "thẻ căn cước 0010…" is an ID
  // (after "thẻ" comes "căn", no gap word), "STK Vietcombank 0071…" an account.
  const m = LABEL_BEFORE.exec(slice);
  return m === null ? null : (LABEL_KIND.get(m[1]!) ?? null);
}

/** A bank name right after the number: "0071000123456 (Vietcombank)". */
export function bankAfter(text: string, at: number): boolean {
  return BANK_AFTER.test(text.slice(at, at + LOOK_AHEAD).toLowerCase());
}

/** An amount or a count: a unit after, a currency before, or an amount word before. */
export function amountAround(text: string, start: number, end: number): boolean {
  return UNIT_AFTER.test(text.slice(end, end + LOOK_AHEAD).toLowerCase()) || CURRENCY_BEFORE.test(text.slice(Math.max(0, start - 5), start).toLowerCase());
}

/** A money or count word earlier in the sentence, within the look-behind. */
export function amountWordBefore(text: string, at: number): boolean {
  const slice = before(text, at);
  return slice !== '' && AMOUNT_WORD.test(slice);
}
