import { describe, it, expect } from 'vitest';
import fc from 'fast-check';
import { redactPersonalData, containsPersonalData } from './redact.ts';

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
    for (const text of ['@nguyenvana', 'gặp nhau @ 8 giờ', 'user@localhost', 'x.com/@someone']) expect(r(text)).toBe(text);
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
  ])('redacts %j', (input, expected) => {
    expect(r(input)).toBe(expected);
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
    .array(fc.oneof(fc.constantFrom('0912 345 678', '+84 912 345 678', 'a@b.vn', '2024', '05/11/2019', '1.000.000 đồng', ' ', '(', ')', '-', '.', '+', 'x'), fc.string({ unit: 'binary-ascii', maxLength: 6 }), fc.stringMatching(/^[0-9 .()+-]{0,20}$/)), { maxLength: 20 })
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

  it('leaves text without digits or @ untouched', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }).filter((s) => !/[0-9@]/.test(s)), (text) => {
        expect(r(text)).toBe(text);
      }),
    );
  });

  it('redacts every generated Vietnamese mobile number in any common format', () => {
    const mobile = fc.tuple(fc.constantFrom('3', '5', '7', '8', '9'), fc.stringMatching(/^[0-9]{8}$/));
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

  it('stays fast on 100 kB of adversarial input', () => {
    const inputs = ['a'.repeat(100_000), `a@${'b.'.repeat(50_000)}`, '1 '.repeat(50_000), '0912 '.repeat(20_000), '1.'.repeat(50_000), `1${' ('.repeat(50_000)}x`, '(+'.repeat(50_000)];
    for (const input of inputs) {
      const started = performance.now();
      r(input);
      expect(performance.now() - started).toBeLessThan(1000);
    }
  });
});
