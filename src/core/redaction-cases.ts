/**
 * The test set of the redaction (redact.ts): personal data in the Vietnamese contexts it reaches
 * minhbach in (scam reports, authority requests, platforms' statements), and look-alikes — the
 * numbers of public life that must stay readable. Hand-written values and contexts, combined
 * deterministically. Used by redaction-cases.test.ts (goals) and bench/redaction (rates, speed).
 *
 * All personal data here is made up: numbers follow the formats of real ones, never a real person's.
 */

export interface PiiCase {
  /** What the case is, for reports: "phone: glued to sđt". */
  kind: string;
  text: string;
  /** What must not survive, compared with letters and digits only ("0912 345 678" → "0912345678"). */
  secret: string;
}

export interface LookAlikeCase {
  kind: string;
  text: string;
}

/** Letters and digits only, lower case, NFKC: how a secret is looked for in a redacted text. */
export function compactForSecret(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}

const PHONE_CONTEXTS = [
  'Liên hệ {} để nhận quà tri ân',
  'Gọi ngay {} (anh Tuấn) để được hỗ trợ vay vốn',
  'Kẻ gian dùng số {} gọi cho nạn nhân ngày 05/11/2024',
  'Nhắn tin qua {} để mua vé giá rẻ, chuyển khoản trước 500.000đ',
  'Bài viết ghi: “Inbox hoặc gọi {} nhận việc làm thêm 300k/ngày”',
  'Nạn nhân cho biết số {} đã đe dọa tung ảnh',
];

/** Mobile and landline numbers (subscriber digits after the leading 0), in every way people write or hide them. */
const PHONES: readonly [string, (s: string) => string][] = [
  ['plain', (s) => `0${s}`],
  ['spaced 4-3-3', (s) => `0${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`],
  ['dotted', (s) => `0${s.slice(0, 3)}.${s.slice(3, 6)}.${s.slice(6)}`],
  ['dashed', (s) => `0${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`],
  ['spaced 3-3-4', (s) => `0${s.slice(0, 2)} ${s.slice(2, 5)} ${s.slice(5)}`],
  ['double spaces', (s) => `0${s.slice(0, 3)}  ${s.slice(3, 6)}  ${s.slice(6)}`],
  ['tabs', (s) => `0${s.slice(0, 3)}\t${s.slice(3, 6)}\t${s.slice(6)}`],
  ['spaced dashes', (s) => `0${s.slice(0, 3)} - ${s.slice(3, 6)} - ${s.slice(6)}`],
  ['en dashes', (s) => `0${s.slice(0, 3)}–${s.slice(3, 6)}–${s.slice(6)}`],
  ['slashes', (s) => `0${s.slice(0, 3)}/${s.slice(3, 6)}/${s.slice(6)}`],
  ['zero-width', (s) => `0${s.slice(0, 3)}\u200b${s.slice(3, 6)}\u200b${s.slice(6)}`],
  ['fullwidth', (s) => [...`0${s}`].map((d) => String.fromCharCode(0xff10 + Number(d))).join('')],
  ['+84', (s) => `+84 ${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`],
  ['+84 glued', (s) => `+84${s}`],
  ['(+84)', (s) => `(+84) ${s.slice(0, 3)}-${s.slice(3, 6)}-${s.slice(6)}`],
  ['0084', (s) => `0084 ${s}`],
  ['84 without plus', (s) => `84${s}`],
  ['+84 (0)', (s) => `+84 (0) ${s.slice(0, 3)} ${s.slice(3, 6)} ${s.slice(6)}`],
  ['pairs', (s) => `0${s[0]} ${s.slice(1, 3)} ${s.slice(3, 5)} ${s.slice(5, 7)} ${s.slice(7)}`],
  ['spelled out', (s) => [...`0${s}`].join(' ')],
  ['dots and zero-width', (s) => `0${s.slice(0, 1)}\u200c${s.slice(1, 3)}.${s.slice(3, 5)}\u2060.${s.slice(5, 7)}.${s.slice(7)}`],
];
const SUBSCRIBERS = ['912345678', '987654321', '356789012', '703456789', '868123456', '583214567', '779001234'];

const GLUED_PHONES = ['sđt{}', 'Zalo{}', 'ĐT:{}', 'sdt{}', 'hotline{}', 'zalo:{}', 'SĐT{} (chị Hoa)'];
const LANDLINES = ['(024) 3823 4567', '028.3823.4567', '0236 3821 234', '024-3943-5678', '(028) 3910 1234'];

const EMAIL_LOCALS = ['nguyenvana83', 'tran.thi.bich', 'le_hoang.nam', 'phamduc.2001', 'vu.thanh-huong'];
const EMAILS: readonly [string, (local: string) => string][] = [
  ['plain', (l) => `${l}@gmail.com`],
  ['subdomain', (l) => `${l}@so.hanoi.gov.vn`],
  ['spaced @', (l) => `${l} @ yahoo.com`],
  ['fullwidth @', (l) => `${l}＠gmail.com`],
  ['fullwidth spaced', (l) => `${l} ＠ outlook.com.vn`],
  ['[at]', (l) => `${l} [at] gmail.com`],
  ['(at)', (l) => `${l}(at)gmail.com`],
  ['[at] [dot]', (l) => `${l} [at] gmail [dot] com`],
  ['(at) (dot)', (l) => `${l} (at) yahoo (dot) com (dot) vn`],
  ['a còng chấm', (l) => `${l} a còng gmail chấm com`],
  ['word at', (l) => `${l} at gmail.com`],
  ['{at}', (l) => `${l}{at}hotmail.com`],
  ['zero-width', (l) => `${l}\u200b@\u200bgmail.com`],
  ['[at] bare', (l) => `${l} [at] b`],
];
const EMAIL_CONTEXTS = ['Liên hệ {} để nhận thưởng', 'Email của kẻ lừa đảo: {}.', 'Gửi hồ sơ về {} trước 17h', 'Tài khoản đăng ký bằng {} (theo nền tảng)'];

const ID_CASES: readonly [string, string, string][] = [
  // [kind, text, secret]
  ['CCCD plain', 'CCCD 001099012345 cấp ngày 01/01/2021', '001099012345'],
  ['CCCD 3-3-6', 'Số CCCD: 001 099 012345', '001099012345'],
  ['CCCD 4-4-4', 'căn cước 0790 9101 2345 do Cục Cảnh sát cấp', '079091012345'],
  ['CCCD pairs', 'CCCD 00 10 99 01 23 45', '001099012345'],
  ['CCCD pairs unlabelled', 'chụp mặt trước 03 81 95 00 12 34 gửi kèm', '038195001234'],
  ['CCCD dotted', 'số định danh 036.088.004.567', '036088004567'],
  ['CCCD unlabelled', 'Kẻ gian dùng 024190001122 để mở tài khoản', '024190001122'],
  ['CCCD glued', 'CCCD001099012345', '001099012345'],
  ['CCCD fullwidth', 'CCCD ００１０９９０１２３４５', '001099012345'],
  ['CCCD zero-width', 'CCCD 001\u200b099\u200b012\u200b345', '001099012345'],
  ['CMND plain', 'CMND số 123456789 cấp tại Hà Nội', '123456789'],
  ['CMND spaced', 'CMND 123 456 789', '123456789'],
  ['CMND dotted', 'CMND: 123.456.789', '123456789'],
  ['CMND leading 0', 'chứng minh nhân dân 012 345 678', '012345678'],
  ['CMND unlabelled dotted', 'ảnh chụp giấy tờ số 271.234.567 của bà Lan', '271234567'],
  ['CMND unlabelled', 'nạn nhân cung cấp 186543210 cho đối tượng', '186543210'],
  ['CMND cmt', 'CMT 025 678 901', '025678901'],
  ['passport labelled', 'Hộ chiếu số C1234567', 'c1234567'],
  ['passport unlabelled', 'xuất cảnh bằng B7654321 ngày 02/03/2023', 'b7654321'],
  ['passport English', 'passport: N12345678', 'n12345678'],
  ['passport new', 'hộ chiếu P0123456 hết hạn', 'p0123456'],
  ['MST personal', 'MST cá nhân: 8012345678', '8012345678'],
  ['MST with branch', 'mã số thuế 0101234567-001', '0101234567001'],
  ['MST spaced', 'MST 8 0 1 2 3 4 5 6 7 8', '8012345678'],
  ['BHXH', 'Sổ BHXH 0123456789', '0123456789'],
  ['BHXH words', 'mã số bảo hiểm xã hội: 7912345678', '7912345678'],
  ['BHYT', 'thẻ BHYT số 4012345678901', '4012345678901'],
  ['GPLX', 'GPLX 012345678901 hạng B2', '012345678901'],
];

const BANK_CASES: readonly [string, string, string][] = [
  ['STK', 'STK 0071000123456', '0071000123456'],
  ['STK colon', 'stk: 19034567890123 Techcombank', '19034567890123'],
  ['số tài khoản', 'Số tài khoản của tôi là: 123456', '123456'],
  ['số tài khoản spaced', 'số tài khoản 1903 4567 8901 23', '19034567890123'],
  ['bank after', 'chuyển khoản vào 0071000123456 (Vietcombank)', '0071000123456'],
  ['bank before', 'ck Vietcombank 0071000654321 chủ tk Nguyễn Văn A', '0071000654321'],
  ['bank after tại', 'nhận tiền qua 19034567890123 tại Techcombank', '19034567890123'],
  ['MB', 'MB Bank 0912345678901 - NGUYEN VAN A', '0912345678901'],
  ['BIDV', 'BIDV: 21510001234567', '21510001234567'],
  ['tk glued', 'tk0071000123456', '0071000123456'],
  ['stk dotted', 'STK 0071.000.123.456', '0071000123456'],
  ['stk fullwidth', 'STK ００７１０００１２３４５６', '0071000123456'],
  ['momo', 'ví MoMo 0912345678', '0912345678'],
  ['acb', 'ACB 12345678 chủ TK Trần B', '12345678'],
  ['agribank', 'Agribank 1500205123456', '1500205123456'],
  ['account after', 'STK 123456789012 ngân hàng VPBank', '123456789012'],
];

const CARD_CASES: readonly [string, string, string][] = [
  ['card spaced', 'Số thẻ 4111 1111 1111 1111', '4111111111111111'],
  ['card dashed', 'mua bằng 5500-0000-0000-0004 hôm qua', '5500000000000004'],
  ['card plain', 'lộ số 4111111111111111 trên mạng', '4111111111111111'],
  ['card napas', 'thẻ ATM 9704 1234 5678 9012', '9704123456789012'],
  ['card visa label', 'Visa 4012 8888 8888 1881 hết hạn 12/27', '4012888888881881'],
  ['card amex', 'thẻ 3782 822463 10005', '378282246310005'],
  ['card unlabelled grouped', 'đối tượng đọc 5105 1051 0510 5100 để thanh toán', '5105105105105100'],
  ['card jcb', 'JCB 3530111333300000', '3530111333300000'],
];

const URL_CASES: readonly [string, string, string][] = [
  ['facebook profile', 'Xem https://www.facebook.com/nguyen.van.an.99/posts/123 nhé', 'nguyen.van.an.99'],
  ['facebook no scheme', 'Trang facebook.com/tran.thi.bich.ngoc giả mạo', 'tran.thi.bich.ngoc'],
  ['www', 'Kênh www.youtube.com/@kenhcuaminhhoa đăng lại', 'kenhcuaminhhoa'],
  ['tiktok', 'Video https://www.tiktok.com/@le.hoang.nam.2001/video/7300000000000000000', 'le.hoang.nam.2001'],
  ['x', 'Tài khoản x.com/phamducvietnam đăng tin', 'phamducvietnam'],
  ['query', 'Link https://example.vn/?email=vu.huong%40gmail.com&sdt=0912345678', 'vu.huong'],
  ['blog', 'Blog https://nguyenvanbinh1985.blogspot.com/2024/01/bai.html', 'nguyenvanbinh1985'],
  ['zalo link', 'Tham gia zalo.me/0987654321 để nhận quà', '0987654321'],
];

const LABEL_PHONES: readonly [string, string, string][] = [
  ['landline without area code', 'ĐT: 3823 4567', '38234567'],
  ['84 after label', 'Zalo 84912345678', '84912345678'],
  ['old 11-digit mobile', 'số cũ 01689 123 456 không còn dùng', '01689123456'],
  ['foreign +1', 'Gọi +1 (555) 123-4567', '15551234567'],
  ['foreign +44', 'gọi +44 20 7946 0958', '442079460958'],
  ['two glued with slash', '0912345678/0987654321', '0987654321'],
  ['after a date', 'ngày 01/02/2024 0912345678 gọi tới', '0912345678'],
  ['after a number', 'tháng 5 0912 345 678', '0912345678'],
  ['in brackets', 'SĐT (0912 345 678) của anh A', '0912345678'],
  ['both glued', 'sđt0912345678nhé', '0912345678'],
];

/** Written the way reports quote them: labels, names and punctuation around, odd spacing, case. */
const MORE_PII: readonly [string, string, string][] = [
  ['phone: SĐT/Zalo', 'SĐT/Zalo: 0912 345 678 (Ms Hà)', '0912345678'],
  ['phone: Zalo/Viber after', '0903-123-456 (Zalo/Viber) nhận đơn 24/7', '0903123456'],
  ['phone: +84 dotted', 'Liên lạc +84.912.345.678 ngoài giờ', '912345678'],
  ['phone: +84 landline', 'Tel: +84-28-3823-4567', '2838234567'],
  ['phone: hotline mobile', 'Hotline: 0904 123 456 (tư vấn miễn phí)', '0904123456'],
  ['phone: end of sentence', 'Ai cần thì gọi 0912345678.', '0912345678'],
  ['phone: hashtag', 'Đăng kèm #0987654321 để tìm', '0987654321'],
  ['phone: two with dash', 'Gọi 0912.345.678-0987.654.321 để đặt', '0987654321'],
  ['phone: glued name', 'SĐT 0912345678Nam bán hàng', '0912345678'],
  ['phone: LH', 'LH 0935 111 222 gặp chị Thu', '0935111222'],
  ['phone: ĐTDĐ', 'ĐTDĐ: 0868.123.456', '0868123456'],
  ['phone: in a list', 'Các số: 0912345678, 0987654321 và 0356789012', '0356789012'],
  ['phone: after a year', 'Năm 2023 0912345678 vẫn hoạt động', '0912345678'],
  ['phone: newline split', 'Gọi 0912\n345\n678', '0912345678'],
  ['phone: nbsp', 'Gọi 0912\u00a0345\u00a0678 ngay', '0912345678'],
  ['phone: ideographic space', 'Gọi 0912\u3000345\u3000678 ngay', '0912345678'],
  ['phone: soft hyphen', 'Gọi 0912\u00ad345\u00ad678', '0912345678'],
  ['phone: word joiner glued', 'zalo\u20600912345678', '0912345678'],
  ['phone: em dash', 'Gọi 0912—345—678', '0912345678'],
  ['phone: mixed separators', 'Gọi 0912 .345- 678', '0912345678'],
  ['e-mail: glued label', 'email:nguyenvana83@gmail.com', 'nguyenvana83'],
  ['e-mail: (a)', 'Gửi CV về nguyenvana83(a)gmail.com', 'nguyenvana83'],
  ['phone: 4-2-2-2', 'Đặt hàng qua 0912 34 56 78', '0912345678'],
  ['phone: 2-4-4 dotted', 'liên hệ: 09.1234.5678', '0912345678'],
  ['e-mail: upper case', 'EMAIL: NGUYENVANA83@GMAIL.COM', 'nguyenvana83'],
  ['e-mail: Vietnamese letters', 'Thư gửi nguyễn.văn.an@gmail.com bị trả lại', 'nguyễnvănan'],
  ['e-mail: space before @', 'Gửi về tranthibich @gmail.com', 'tranthibich'],
  ['e-mail: [@]', 'Hộp thư lehoangnam[@]gmail.com', 'lehoangnam'],
  ['e-mail: (a còng)', 'Mail phamduc2001 (a còng) yahoo (chấm) com', 'phamduc2001'],
  ['e-mail: small @', 'Liên hệ vuhuong\ufe6bgmail.com', 'vuhuong'],
  ['e-mail: in brackets', 'Người gửi (hoang.minh.tri@outlook.com) khai', 'hoang.minh.tri'],
  ['e-mail: gov', 'Cán bộ tiếp nhận: ntlan@mic.gov.vn', 'ntlan'],
  ['e-mail: after URL', 'Xem tại https://vnexpress.net, liên hệ dinh.van.hoa@gmail.com', 'dinh.van.hoa'],
  ['ID: CCCD sentence', 'Căn cước công dân số: 001099012345, cấp ngày 10/10/2021', '001099012345'],
  ['ID: CCCD after name', 'Nguyễn Văn A, CCCD 031 089 001 234, trú tại Hải Phòng', '031089001234'],
  ['ID: CMND after name', 'Trần Thị B (CMND 145 678 912)', '145678912'],
  ['ID: số định danh', 'Số định danh cá nhân 001099012345', '001099012345'],
  ['ID: CCCD dashed', 'CCCD: 001-099-012-345', '001099012345'],
  ['ID: passport lower label', 'số hộ chiếu: C9876543', 'c9876543'],
  ['bank account: name after', 'STK: 0071000123456 - NGUYEN VAN A - VCB', '0071000123456'],
  ['bank account: ngân hàng before', 'Ngân hàng Techcombank, số tài khoản 19034567890123', '19034567890123'],
  ['bank account: tk colon', 'TK: 1234 5678 9012 (MB)', '123456789012'],
  ['bank account: số TK', 'số TK 105873456789 VietinBank', '105873456789'],
  ['bank account: chủ TK', 'Vietcombank 1017654321 chủ TK LE VAN C', '1017654321'],
  ['bank account: second after hoặc', 'STK 0071000123456 hoặc 0071000654321', '0071000654321'],
  ['bank account: second after comma', 'Số tài khoản: 19034567890123, 19034567890456 (TCB)', '19034567890456'],
  ['card: expiry after', 'Thẻ tín dụng 4000 1234 5678 9010 hết hạn 09/27', '4000123456789010'],
  ['card: mastercard', 'Mastercard 5555 5555 5555 4444', '5555555555554444'],
  ['URL: facebook profile.php', 'Xem https://facebook.com/profile.php?id=100012345678901', '100012345678901'],
  ['URL: m.facebook', 'Trang m.facebook.com/hoang.thu.trang.77 đăng bài', 'hoang.thu.trang.77'],
];

function fill(template: string, value: string): string {
  return template.replace('{}', value);
}

export function piiCases(): PiiCase[] {
  const cases: PiiCase[] = [];
  PHONES.forEach(([format, write], f) => {
    // Every format in three contexts, each with another number.
    for (let k = 0; k < 3; k++) {
      const subscriber = SUBSCRIBERS[(f + k) % SUBSCRIBERS.length]!;
      cases.push({ kind: `phone: ${format}`, text: fill(PHONE_CONTEXTS[(f + 2 * k) % PHONE_CONTEXTS.length]!, write(subscriber)), secret: subscriber });
    }
  });
  GLUED_PHONES.forEach((template, g) => {
    const subscriber = SUBSCRIBERS[g % SUBSCRIBERS.length]!;
    cases.push({ kind: 'phone: glued to a label', text: `Liên hệ ${fill(template, `0${subscriber}`)} để được tư vấn`, secret: subscriber });
  });
  LANDLINES.forEach((number, l) =>
    cases.push({ kind: 'phone: landline', text: fill(PHONE_CONTEXTS[l % PHONE_CONTEXTS.length]!, number), secret: compactForSecret(number).slice(1) }),
  );
  for (const [kind, text, secret] of LABEL_PHONES) cases.push({ kind: `phone: ${kind}`, text, secret });
  EMAILS.forEach(([format, write], f) => {
    for (let k = 0; k < 3; k++) {
      const local = EMAIL_LOCALS[(f + k) % EMAIL_LOCALS.length]!;
      cases.push({ kind: `e-mail: ${format}`, text: fill(EMAIL_CONTEXTS[(f + k) % EMAIL_CONTEXTS.length]!, write(local)), secret: local });
    }
  });
  for (const [kind, text, secret] of ID_CASES) cases.push({ kind: `ID: ${kind}`, text: `Theo đơn trình báo, ${text}.`, secret });
  for (const [kind, text, secret] of BANK_CASES) cases.push({ kind: `bank account: ${kind}`, text: `Đối tượng yêu cầu nạp tiền, ${text}.`, secret });
  for (const [kind, text, secret] of CARD_CASES) cases.push({ kind: `card: ${kind}`, text: `Nạn nhân báo ${text}.`, secret });
  for (const [kind, text, secret] of URL_CASES) cases.push({ kind: `URL: ${kind}`, text, secret });
  for (const [kind, text, secret] of MORE_PII) cases.push({ kind, text, secret });
  return cases;
}

const AMOUNTS = [
  '1.500.000đ',
  '500.000 đồng',
  '12.000.000.000 đồng',
  '84.500.000.000 đồng',
  '1,5 triệu đồng',
  '2 tỷ đồng',
  '15.000.000 VNĐ',
  '123.456.789 đồng',
  '250.000.000 VND',
  '$1,234,567',
  'USD 1.234.567',
  '300k',
  '4.500.000₫',
  '10.000.000đ/tháng',
  '99.000 đ',
  '2.091.234.567 đồng',
  '7.500.000.000 VNĐ',
  '€ 120.000',
  '1.000.000.000 đồng',
  '45.678.901 đồng',
];
const AMOUNT_CONTEXTS = ['Phạt tiền {} đối với hành vi vi phạm', 'Đối tượng chiếm đoạt {} của 12 nạn nhân', 'Mức phạt từ 20.000.000 đến {}', 'Thiệt hại ước tính {} theo báo cáo'];

const DATES = [
  '05/11/2019',
  '09.12.2024',
  '2024-03-01',
  '05-11-2019',
  '1/1/2025',
  '31/12/2024',
  '2024/12/09',
  '01.01.2021',
  '15/08/2023 lúc 08:30',
  'ngày 5 tháng 11 năm 2019',
  '12/2024',
  '2025-07-01T08:00:00Z',
  '30/04/1975',
  '02/9/1945',
  '10-10-2024 14:45',
];
const DATE_CONTEXTS = ['Ngày {} cơ quan đã gửi yêu cầu', 'Nội dung đăng tải lúc {} và bị gỡ sau 24 giờ', 'Văn bản ban hành {}, có hiệu lực sau 45 ngày'];

const CITATIONS = [
  'Nghị định 147/2024/NĐ-CP',
  'Điều 24 Nghị định 147/2024/NĐ-CP',
  'Luật An ninh mạng số 24/2018/QH14',
  'Nghị định 13/2023/NĐ-CP',
  'Thông tư 38/2016/TT-BTTTT',
  'Quyết định 1234/QĐ-UBND',
  'Nghị định 15/2020/NĐ-CP',
  'Điều 8 khoản 1 điểm a',
  'Bộ luật Hình sự 2015, Điều 174',
  'Nghị định 72/2013/NĐ-CP',
  'Luật Viễn thông 2023',
  'Công văn 2345/BTTTT-CATTT',
  'Điều 16 Luật An ninh mạng 2018',
  'Nghị quyết 57-NQ/TW',
  'Thông tư 22/2023/TT-BTTTT',
  'Quyết định 06/QĐ-TTg năm 2022',
  'Nghị định 53/2022/NĐ-CP',
  'Điều 101 Nghị định 15/2020/NĐ-CP',
  'Chỉ thị 15/CT-TTg',
  'Luật Bảo vệ dữ liệu cá nhân 2025',
  'Quyết định số 1234/2024/QĐ-BCA',
  'Nghị định 147/2024/NĐ-CP ngày 09/11/2024',
  'Khoản 3 Điều 9 Luật Báo chí 2016',
  'Điều 288 Bộ luật Hình sự',
  'Nghị định 91/2020/NĐ-CP về chống tin nhắn rác',
  'Thông tư 04/2024/TT-BTTTT',
  'Luật Giao dịch điện tử 2023',
  'Điều 5, khoản 2, điểm b',
  'Nghị định 25/2014/NĐ-CP',
  'Văn bản hợp nhất 01/VBHN-BTTTT',
];
const CITATION_CONTEXTS = ['Căn cứ {}, yêu cầu gỡ bỏ nội dung', 'Nội dung vi phạm {}'];

const IDS = [
  '01a20000-0000-7000-8000-000000000001',
  '0192f3a4-5b6c-7d8e-9f01-034567890123',
  '01936c2e-8f00-7a11-b222-001099012345',
  'HS-2024-001234',
  '#12345678',
  'mã hồ sơ 123456789',
  'mã vụ việc 2024/0001234',
  'bài viết 1234567890123456',
  'video 7300000000000000000',
  'post 10158912345678901',
  'mã đơn hàng 240512ABC123',
  'ticket 987654321',
  'số hồ sơ 000123456789',
  'case_id 019376aa-1234-7bcd-8def-012345678901',
  'mã giao dịch FT24123456789012',
];
const ID_CONTEXTS = ['Đã xử lý {} theo quy trình', 'Liên kết tới {} trong hệ thống'];

const OTHER_LOOK_ALIKES = [
  'Năm 2019, 2020, 2021 và 2022 đều tăng',
  'Tổng đài 1900 1234 hoặc 18001234 miễn phí',
  'Gọi 113, 114 hoặc 115 khi khẩn cấp',
  'Tổng đài 1900 54 54 78 hỗ trợ 24/7',
  'Đường dây nóng 111 bảo vệ trẻ em',
  'Tăng 12,5% so với năm 2023',
  'Tỷ lệ 99,99% trong 12 tháng',
  'IP 192.168.100.200, phiên bản 1.2.3',
  'Khoảng 123 456 789 người xem',
  'Đã xử lý 1.234.567 bài viết và 12 345 678 tài khoản',
  'Dân số 98.506.193 người',
  'Hash a3f0912345678b9e',
  'Trang 10-20, 15 ngày, 24 giờ',
  'Biển số 29A-123.45 và 51F-678.90',
  'Mã số doanh nghiệp 0101234567 của công ty',
  'Mã số doanh nghiệp 0301234567',
  'Tốc độ 100.000.000 bps',
  'Đạt 2.500.000 lượt xem sau 3 ngày',
  'Lúc 08:30:15 ngày 05/11/2019',
  'Từ 2019 - 2024, 100 - 200 vụ',
  'Thu nhập 2.091.234.567',
  'Thu lợi bất chính 123.456.789',
  'VND 123.456.789',
  'Tốc độ 1.000 Mbps, dung lượng 500 GB',
  '@nguyenvana đã bình luận',
  'gặp nhau @ 8 giờ',
  'user@localhost',
  'Hà Nội/TP.HCM/Đà Nẵng',
  'và/hoặc',
  'vnexpress.net đưa tin',
  'ISBN 978-604-1-23456-7',
  'Mẫu số 01/TB-BTTTT',
  'Phụ lục II, mục 3.2.1',
  'Số lượng 1 2 3 4 5 6 7',
  'Lô 15, khu A, phường 12, quận 10',
  'Tỷ giá 25.450 VND/USD',
  'Phiên bản 10.0.19045.2965',
  'Mã bưu chính 100000',
  'Số thứ tự 0123456789',
  'Hơn 70 triệu người dùng Facebook',
  'lừa1765094140123',
  'Chiều cao 1,75 m, cân nặng 65 kg',
  'Nhiệt độ 35°C',
  'Lúc 14h30 ngày 2/9',
  'Trong 48 giờ kể từ 0 giờ ngày 01/12/2024',
  'Từ 2.000.000 đến 5.000.000 đồng',
  'Cấp độ 3/5',
  'Tầng 12A, 123 Trần Duy Hưng',
  'Chuyến bay VN123 lúc 06:00',
  'Giá vàng 85.500.000 đồng/lượng',
  'Tài khoản bị trừ 2.000.000 đồng',
  'STK bị chiếm đoạt 150.000.000đ',
  'chuyển khoản 1.500.000 VNĐ',
  'Thẻ nạp 500.000',
  'Vietcombank lãi suất 5,5%/năm',
  'GDP tăng 7,09% năm 2024',
  'Tổng số 12.345 phản ánh',
  'Gần 1.200.000 người theo dõi',
  'Ngày 2024-12-01 và 2025-01-15',
  'Mã hồ sơ 123456789',
  'Có 123.456 tài khoản bị khóa',
  'Năm 2024 có 3.200 vụ lừa đảo qua mạng',
  'Điều 24, Điều 25 và Điều 26',
  'Khoản 1, 2, 3 Điều 9',
  'Giai đoạn 2021-2025 và 2026-2030',
  'Báo cáo quý 3/2024',
  'Lượt truy cập 12.345.678',
  'Ngày 15 tháng 11, lúc 9 giờ 30',
  'Mã chứng khoán VCB giá 92.500',
  'Kênh có 1,2 triệu người đăng ký',
  'Mức lương cơ sở 2.340.000 đồng/tháng',
  'Cao tốc km 123+500',
  'Xử lý 120 tài khoản, gỡ 4.567 bài viết',
  'Hộp thư góp ý trên cổng thông tin',
  'Kết quả: 3-1, 2-2, 0-0',
  'Cổng 443 và 8080 mở',
  'Mẫu 02/BC, phụ lục 3',
  'Văn bản số 123/STTTT-TTBCXB',
  'Thời hạn 24 giờ (Nghị định 147/2024/NĐ-CP)',
  'Tỷ lệ xử lý 95,5% trong 2024',
  'Bản tin 18h00 ngày 12/12',
  'Tổng cục Thống kê: 100,3 triệu dân',
  'Điểm chuẩn 27,5; chỉ tiêu 1.200',
  'Số liệu 2023: 15.000 vụ',
  'Theo điểm (a) và (b) khoản 1 Điều 5',
  'Sản phẩm mã vạch 8934567890123',
  'Quyết định số 123456789/QĐ-BTTTT',
  'Năm 2024 có 84.912 vụ việc',
];

export function lookAlikeCases(): LookAlikeCase[] {
  const cases: LookAlikeCase[] = [];
  AMOUNTS.forEach((amount, a) => {
    for (let k = 0; k < 2; k++) cases.push({ kind: 'amount', text: fill(AMOUNT_CONTEXTS[(a + k) % AMOUNT_CONTEXTS.length]!, amount) });
  });
  DATES.forEach((date, d) => {
    for (let k = 0; k < 2; k++) cases.push({ kind: 'date', text: fill(DATE_CONTEXTS[(d + k) % DATE_CONTEXTS.length]!, date) });
  });
  CITATIONS.forEach((citation, c) => cases.push({ kind: 'law citation', text: fill(CITATION_CONTEXTS[c % CITATION_CONTEXTS.length]!, citation) }));
  IDS.forEach((id, i) => {
    for (let k = 0; k < 2; k++) cases.push({ kind: 'case or content id', text: fill(ID_CONTEXTS[(i + k) % ID_CONTEXTS.length]!, id) });
  });
  for (const text of OTHER_LOOK_ALIKES) cases.push({ kind: 'other', text });
  return cases;
}
