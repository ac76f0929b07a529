import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { redactPersonalData, containsPersonalData, redactPublicName, redactPublicUrl } from './redact.ts';
import { normalizePublicText } from './public-text-normalize.ts';

const r = redactPersonalData;

describe('redactPersonalData: e-mail addresses', () => {
  it.each([
    ['Liên hệ nguyen.van.a@gmail.com để biết thêm', 'Liên hệ [email] để biết thêm'],
    ['Email: Tran_Thi-B+tin@so.hanoi.gov.vn.', 'Email: [email].'],
    ['(nguyễn.văn.a@example.vn)', '([email])'],
    ['a@b.vn,c@d.com', '[email],[email]'],
  ])('redacts %j', (input, expected) => {
    expect(r(input)).toBe(expected);
  });

  it('leaves things that merely contain @ alone', () => {
    for (const text of ['@nguyenvana', 'gặp nhau @ 8 giờ', 'user@localhost', 'Trạm at 5 giờ', 'a @ b', 'khóa cửa công ty', 'theo điểm (a) và (b) khoản 1'])
      expect(r(text)).toBe(text);
  });

  it.each([
    ['Liên hệ nguyenvana [at] gmail [dot] com', 'Liên hệ [email]'],
    ['Liên hệ a [at] b', 'Liên hệ [email]'],
    ['Liên hệ a(at)b', 'Liên hệ [email]'],
    ['Liên hệ a ＠ b.vn nhé', 'Liên hệ [email] nhé'],
    ['Liên hệ a＠b.vn', 'Liên hệ [email]'],
    ['Liên hệ nguyenvana a còng gmail chấm com', 'Liên hệ [email]'],
    ['Liên hệ nguyenvana at gmail.com', 'Liên hệ [email]'],
    ['Liên hệ tran.b (a còng) yahoo (chấm) com.vn', 'Liên hệ [email]'],
    ['Liên hệ le.c{at}mail.vn', 'Liên hệ [email]'],
    ['Liên hệ nguyenvana(a)gmail.com', 'Liên hệ [email]'],
    ['Liên hệ pham\u200b.d@gmail\u200b.com', 'Liên hệ [email]'],
  ])('redacts the disguised address %j', (input, expected) => {
    expect(r(input)).toBe(expected);
  });
});

describe('redactPersonalData: phone numbers', () => {
  it.each([
    'Gọi 0912345678 ngay',
    'Gọi 0912 345 678 ngay',
    'Gọi 0912.345.678 ngay',
    'Gọi 0912-345-678 ngay',
    'Gọi 091 234 5678 ngay',
    'Gọi +84 912 345 678 ngay',
    'Gọi +84912345678 ngay',
    'Gọi (+84) 912-345-678 ngay',
    'Gọi +84 (0) 912 345 678 ngay',
    'Gọi 84912345678 ngay',
    'Gọi 84 912 345 678 ngay',
    'Gọi (024) 3823 4567 ngay',
    'Gọi 028.3823.4567 ngay',
    'Gọi +1 (555) 123-4567 ngay',
    'Gọi +44 20 7946 0958 ngay',
    'Gọi 0912\u00a0345\u00a0678 ngay',
    'Gọi 0912  345  678 ngay',
    'Gọi 0912\t345\t678 ngay',
    'Gọi 0912 - 345 - 678 ngay',
    'Gọi 0912–345–678 ngay',
    'Gọi 0912/345/678 ngay',
    'Gọi 0912\u200b345\u200b678 ngay',
    'Gọi 09\u200c12.34\u2060.56.78 ngay',
    'Gọi 0 9 1 2 3 4 5 6 7 8 ngay',
    'Gọi 0084 912 345 678 ngay',
    'Gọi ０９１２３４５６７８ ngay',
    'Gọi ０９１２ ３４５ ６７８ ngay',
    'Gọi +84-912-345-678 ngay',
  ])('redacts %j', (input) => {
    expect(r(input)).toBe('Gọi [phone] ngay');
  });

  it('leaves no phone-length number behind when two are glued together', () => {
    const once = r('[phone]+0912 345 6780912 345 678');
    expect(once.replace(/[^\d]/g, '').length).toBeLessThan(8);
    expect(r(once)).toBe(once);
  });

  it('keeps brackets balanced and surrounding text intact', () => {
    expect(r('SĐT (0912 345 678) của anh A')).toBe('SĐT ([phone]) của anh A');
    expect(r('Năm 2019 - (+84) 912 345 678')).toBe('Năm 2019 - [phone]');
    // Two numbers written as alternatives: both are somebody's phone.
    expect(r('0912345678/0987654321')).toBe('[phone]/[phone]');
    expect(r('Quyết định 1234/QĐ-BTTTT ngày 05/11/2019')).toBe('Quyết định 1234/QĐ-BTTTT ngày 05/11/2019');
  });

  it('redacts a phone number glued to the word before it', () => {
    expect(r('sđt0912345678')).toBe('sđt[phone]');
    expect(r('Zalo0912345678 nhé')).toBe('Zalo[phone] nhé');
    expect(r('ĐT:0912.345.678')).toBe('ĐT:[phone]');
    expect(r('sđt0912345678nhé')).toBe('sđt[phone]nhé');
    // A number glued to a word that is not a label is still a phone number when it has a phone's shape.
    expect(r('abc0912345678')).toBe('abc[phone]');
  });

  it('redacts a number of any shape after a phone label, but not a public hotline', () => {
    expect(r('ĐT: 3823 4567')).toBe('ĐT: [phone]');
    expect(r('Zalo 84912345678')).toBe('Zalo [phone]');
    expect(r('Tổng đài 1900 1234, sđt 1900 6789')).toBe('Tổng đài 1900 1234, sđt 1900 6789');
  });

  it('redacts a phone number even when another number sits next to it', () => {
    expect(r('tháng 5 0912 345 678')).toBe('tháng 5 [phone]');
    expect(r('ngày 01/02/2024 0912345678')).toBe('ngày 01/02/2024 [phone]');
  });
});

describe('redactPersonalData: ID numbers', () => {
  it.each([
    ['CCCD 001099012345 cấp ngày 01/01/2021', 'CCCD [id-number] cấp ngày 01/01/2021'],
    ['CCCD: 001 099 012345', 'CCCD: [id-number]'],
    ['CCCD: 0010 9901 2345', 'CCCD: [id-number]'],
    ['CMND số 123456789', 'CMND số [id-number]'],
    ['CMND số 012 345 678', 'CMND số [id-number]'],
    ['CCCD 00 10 99 01 23 45', 'CCCD [id-number]'],
    ['căn cước 001.099.012.345', 'căn cước [id-number]'],
    ['CMND 123 456 789 cấp năm 2010', 'CMND [id-number] cấp năm 2010'],
    ['CMND 123.456.789', 'CMND [id-number]'],
    ['số 123.456.789 do công an cấp', 'số [id-number] do công an cấp'],
    ['Hộ chiếu số C1234567', 'Hộ chiếu số [id-number]'],
    ['passport: N12345678', 'passport: [id-number]'],
    ['đi bằng B1234567 sang Nhật', 'đi bằng [id-number] sang Nhật'],
    ['MST cá nhân: 8012345678', 'MST cá nhân: [id-number]'],
    ['mã số thuế 0101234567-001', 'mã số thuế [id-number]'],
    ['Sổ BHXH 0123456789', 'Sổ BHXH [id-number]'],
    ['thẻ BHYT số 7912345678', 'thẻ BHYT số [id-number]'],
  ])('redacts %j', (input, expected) => {
    expect(r(input)).toBe(expected);
  });
});

describe('redactPersonalData: bank accounts and cards', () => {
  it.each([
    ['STK 0071000123456', 'STK [bank-account]'],
    ['stk: 1903 4567 8901 23 Techcombank', 'stk: [bank-account] Techcombank'],
    ['Số tài khoản của tôi là: 123456', 'Số tài khoản của tôi là: [bank-account]'],
    ['chuyển khoản vào 0071000123456 (Vietcombank)', 'chuyển khoản vào [bank-account] (Vietcombank)'],
    ['ck Vietcombank 0071000123456 chủ tk Nguyễn Văn A', 'ck Vietcombank [bank-account] chủ tk Nguyễn Văn A'],
    ['nhận tiền qua 19034567890123 tại Techcombank', 'nhận tiền qua [bank-account] tại Techcombank'],
    ['Số thẻ 4111 1111 1111 1111', 'Số thẻ [card-number]'],
    ['mua bằng 5500-0000-0000-0004 hôm qua', 'mua bằng [card-number] hôm qua'],
    ['lộ số 4111111111111111 trên mạng', 'lộ số [card-number] trên mạng'],
    ['thẻ ATM 9704 1234 5678 9012', 'thẻ ATM [card-number]'],
    ['STK 0071000123456 hoặc 0071000654321', 'STK [bank-account] hoặc [bank-account]'],
    ['Số tài khoản: 0071000123456, 0071000654321 (VCB)', 'Số tài khoản: [bank-account], [bank-account] (VCB)'],
  ])('redacts %j', (input, expected) => {
    expect(r(input)).toBe(expected);
  });

  it('reads a label glued to the number before it', () => {
    expect(r('0912 345 678STK 0071000123456')).toBe('[phone]STK [bank-account]');
  });

  it('redacts what a first redaction splits off a run', () => {
    // One run "001 099 012 345(0912 345 678" hides the CMND-shaped "099 012 345" until the URL and phone are gone.
    const once = r('https://facebook.com/a.b/001 099 012 345(0912 345 678');
    expect(once).toBe('facebook.com/… [id-number]([phone]');
    expect(r(once)).toBe(once);
  });

  it('keeps money next to a bank word', () => {
    for (const text of ['Tài khoản bị trừ 2.000.000 đồng', 'STK bị chiếm đoạt 150.000.000đ', 'chuyển khoản 1.500.000 VNĐ', 'Thẻ nạp 500.000']) expect(r(text)).toBe(text);
  });
});

describe('redactPersonalData: URLs quoted in free text', () => {
  it.each([
    ['Xem https://www.facebook.com/nguyen.van.a/posts/123.', 'Xem facebook.com/….'],
    ['Trang www.facebook.com/nguyen.van.a (giả mạo)', 'Trang facebook.com/… (giả mạo)'],
    ['Kênh youtube.com/@kenh-cua-toi và x.com/@someone', 'Kênh youtube.com/… và x.com/…'],
    ['Nhóm https://facebook.com/groups/hoi-kin/permalink/1', 'Nhóm facebook.com/groups/…'],
    ['Link http://localhost/x lỗi', 'Link [url] lỗi'],
  ])('shows %j truncated', (input, expected) => {
    expect(r(input)).toBe(expected);
  });

  it('truncates a link glued to the text before it', () => {
    expect(r('0912 345 678https://facebook.com/a.b/')).toBe('[phone]facebook.com/…');
    expect(r('xemhttps://www.facebook.com/nguyen.van.a')).toBe('xemfacebook.com/…');
  });

  it('leaves slashes that are not links alone', () => {
    for (const text of ['Hà Nội/TP.HCM/Đà Nẵng', 'Nghị định 147/2024/NĐ-CP', 'vnexpress.net đưa tin', 'và/hoặc']) expect(r(text)).toBe(text);
  });
});

describe('redactPersonalData: normalization', () => {
  it('publishes the normalized text: NFKC, no invisible characters, single spaces, at most one blank line', () => {
    expect(r('Ａ\u200bB  c\t\td\r\ne\n\n\n\nf')).toBe('AB c d\ne\n\nf');
  });
});

describe('redactPersonalData: look-alikes that must stay', () => {
  it.each([
    'Căn cứ Nghị định 147/2024/NĐ-CP ngày 09/11/2024 của Chính phủ',
    'Luật An ninh mạng số 24/2018/QH14, Điều 8 khoản 1 điểm a',
    'Quyết định 1234/QĐ-UBND ngày 05/11/2019',
    'Ngày 2024-03-01 và 05-11-2019 và 05.11.2019',
    'ngày 05.11.2019 08 giờ 30',
    'Phạt 1.000.000 đồng',
    'Phạt 500.000đ',
    'Phạt 12.000.000.000 đồng',
    'Phạt 84.500.000.000 đồng',
    'Giá 123456789 đồng',
    'Khoảng 123 456 789 người xem',
    'Tăng 12,5% so với năm 2023',
    '$1234567890',
    'Năm 2019 2020 2021 2022',
    'Tổng đài 1900 1234 hoặc 18001234',
    'IP 192.168.100.200, phiên bản 1.2.3',
    'Mã bài viết 1234567890123456',
    'Số thứ tự 0123456789',
    'Hash a3f0912345678b9',
    'Điều 5, khoản 2, điểm b; trang 10-20; 15 ngày',
    'Điều 24 Nghị định 147/2024/NĐ-CP; Thông tư 38/2016/TT-BTTTT',
    'Hồ sơ 01a20000-0000-7000-8000-034567890123',
    'Ngày 09.12.2024 lúc 08:30, ngày 2024/12/09',
    'Thu lợi 123.456.789 trong năm 2023',
    'VND 123.456.789',
    'Thu nhập 2.091.234.567',
    'Dân số 98.506.193 người',
    'Mã hồ sơ 123456789',
    'Tốc độ 100.000.000 bps',
    'Mã số doanh nghiệp 0101234567',
    'Trang 2019 - 2024, 100 - 200',
    'Tỷ lệ 99,99% trong 12 tháng',
    'Đã xử lý 1.234.567 bài viết và 12 345 678 tài khoản',
    'lừa1765094140123',
  ])('leaves %j untouched', (text) => {
    expect(r(text)).toBe(text);
    expect(containsPersonalData(text)).toBe(false);
  });
});

describe('containsPersonalData', () => {
  it('reports each kind of personal data', () => {
    expect(containsPersonalData('viết cho a@b.vn')).toBe(true);
    expect(containsPersonalData('gọi 0912 345 678')).toBe(true);
    expect(containsPersonalData('CCCD 001099012345')).toBe(true);
    expect(containsPersonalData('Nghị định 147/2024/NĐ-CP')).toBe(false);
  });
});

describe('redactPersonalData: properties', () => {
  const phoneText = fc
    .array(
      fc.oneof(
        fc.constantFrom('0912 345 678', '+84 912 345 678', 'a@b.vn', '2024', '05/11/2019', '1.000.000 đồng', ' ', '(', ')', '-', '.', '+', 'x'),
        // Labels, disguises, links and the characters normalization removes or folds.
        fc.constantFrom('STK ', 'CCCD ', 'sđt', 'Vietcombank', ' [at] ', ' chấm ', 'https://facebook.com/a.b/', 'x.com/', '…', '０', '\u200b', '\t', '\n', 'C', 'thẻ ', 'đồng'),
        fc.string({ unit: 'binary-ascii', maxLength: 6 }),
        fc.stringMatching(/^[0-9 .()+-]{0,20}$/),
      ),
      { maxLength: 20 },
    )
    .map((parts) => parts.join(''));

  it('never throws, and redacting twice changes nothing more', () => {
    fc.assert(
      fc.property(fc.oneof(phoneText, fc.string({ unit: 'binary' })), (text) => {
        const once = r(text);
        expect(r(once)).toBe(once);
        expect(containsPersonalData(once)).toBe(false);
      }),
      { numRuns: 3000 },
    );
  });

  it('leaves normalized text without digits, "@", "at", "còng" or links untouched', () => {
    const plain = fc.string({ unit: fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyáàảãạếềểễệóòỏõọ ,;:!?()-'.split('')) }).map(normalizePublicText);
    fc.assert(
      fc.property(
        plain.filter((s) => !/\bat\b|c[oò]ng/u.test(s)),
        (text) => {
          expect(r(text)).toBe(text);
        },
      ),
    );
  });

  it('redacts every generated Vietnamese mobile number in any common format', () => {
    // Prefixes in use since 2018 (030, 031, 050… are not mobile numbers: "0301234567" is a company's tax code).
    const prefixes = [
      '32',
      '33',
      '34',
      '35',
      '36',
      '37',
      '38',
      '39',
      '52',
      '55',
      '56',
      '58',
      '59',
      '70',
      '76',
      '77',
      '78',
      '79',
      '81',
      '82',
      '83',
      '84',
      '85',
      '86',
      '87',
      '88',
      '89',
      '90',
      '91',
      '92',
      '93',
      '94',
      '96',
      '97',
      '98',
      '99',
    ];
    const mobile = fc.tuple(fc.constantFrom(...prefixes), fc.stringMatching(/^[0-9]{7}$/));
    const format = fc.constantFrom(
      (d: string) => `0${d}`,
      (d: string) => `0${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
      (d: string) => `0${d.slice(0, 3)}.${d.slice(3, 6)}.${d.slice(6)}`,
      (d: string) => `+84 ${d.slice(0, 3)} ${d.slice(3, 6)} ${d.slice(6)}`,
      (d: string) => `(+84) ${d.slice(0, 3)}-${d.slice(3, 6)}-${d.slice(6)}`,
    );
    fc.assert(
      fc.property(mobile, format, ([head, tail], toText) => {
        expect(r(`Liên hệ ${toText(head + tail)} nhé`)).toBe('Liên hệ [phone] nhé');
      }),
    );
  });

  it('handles 200 kB of hostile digits and separators correctly (time is measured in bench/redaction)', { timeout: 60_000 }, () => {
    const phone = '0912 345 678';
    // Every shape the scanner tracks, ~22 kB each: digit runs joined by every separator, spelled-out
    // digits, glued letters, near-dates, "@" and link hints; a phone number between each two.
    const noise = [
      '1 '.repeat(11_000),
      '1.'.repeat(11_000),
      '0 '.repeat(11_000),
      '(+'.repeat(11_000),
      '12/'.repeat(7_500),
      'a1'.repeat(11_000),
      `a@${'b.'.repeat(11_000)}`,
      '@ '.repeat(11_000),
      'x.vn/'.repeat(4_800),
    ];
    const text = [phone, ...noise.flatMap((n) => [n, phone])].join(' ');
    expect(text.length).toBeGreaterThan(200_000);
    const out = r(text);
    expect(out.split('[phone]')).toHaveLength(noise.length + 2);
    expect(out).not.toContain(phone);
    expect(out.replace(/\[phone\]/g, '')).not.toMatch(/0912/);
  });

  it('redacts 16,000 phone numbers in a row', () => {
    const phone = '0912 345 678';
    const manyPhones = Array.from({ length: 16_000 }, () => phone).join(' – ');
    expect(r(manyPhones)).toBe(Array.from({ length: 16_000 }, () => '[phone]').join(' – '));
  });
});

describe('redactPublicName and redactPublicUrl', () => {
  it('redacts and caps an organization name', () => {
    expect(redactPublicName('Cục An toàn thông tin')).toBe('Cục An toàn thông tin');
    expect(redactPublicName('Công ty ABC (liên hệ anh Bình 0912 345 678, binh@abc.vn)')).toBe('Công ty ABC (liên hệ anh Bình [phone], [email])');
    expect(redactPublicName('x'.repeat(500))).toHaveLength(200);
  });

  it('truncates a URL field and redacts anything else put in it', () => {
    expect(redactPublicUrl('https://www.facebook.com/nguyen.van.a/posts/1')).toBe('facebook.com/…');
    expect(redactPublicUrl('www.tiktok.com/@user.name')).toBe('tiktok.com/…');
    expect(redactPublicUrl('gọi 0912345678')).toBe('gọi [phone]');
  });
});
