import { describe, expect, it } from 'vitest';
import { MIN_PASSWORD_LENGTH, passwordProblems } from './password-policy.ts';

const ctx = { email: 'nguyen.van.an@cuc-attt.gov.vn', orgName: 'Cục An toàn thông tin', displayName: 'Nguyễn Văn An' };

describe('password policy', () => {
  it('accepts a long, uncommon password unrelated to the account', () => {
    expect(passwordProblems('tàu hoả chạy qua cầu Long Biên lúc 5 giờ', ctx)).toEqual([]);
    expect(passwordProblems('k7#Vq9!mZ2pL', ctx)).toEqual([]);
  });

  it(`refuses fewer than ${MIN_PASSWORD_LENGTH} characters, counting characters, not UTF-16 units`, () => {
    expect(passwordProblems('ngắn quá!', ctx)[0]).toMatch(/ít nhất 12 ký tự.*at least 12/);
    expect(passwordProblems('x'.repeat(11), ctx)).toHaveLength(1);
    // 11 astral characters are 22 UTF-16 units and still too short.
    expect(passwordProblems('😀'.repeat(11), ctx)[0]).toMatch(/at least/);
    expect(passwordProblems('x'.repeat(300), ctx)[0]).toMatch(/at most 256/);
  });

  it('refuses common passwords, also decorated with digits and symbols, and repetitive ones', () => {
    for (const p of ['123456789012', 'Password1234', 'Matkhau2024!!', 'anhyeuem123456', 'QWERTYUIOP12', 'aaaaaaaaaaaa', 'abababababab', 'Mật khẩu 123456']) {
      expect(passwordProblems(p, ctx), p).toContain('Mật khẩu quá phổ biến, dễ đoán (is too common or too easy to guess)');
    }
  });

  it("refuses a password containing the e-mail's local part, the organization's name or the person's name", () => {
    expect(passwordProblems('nguyen.van.an-2026!', ctx).join()).toMatch(/e-mail/);
    expect(passwordProblems('CucAnToanThongTin#1', ctx).join()).toMatch(/organization name/);
    expect(passwordProblems('xx nguyễn văn an 99', ctx).join()).toMatch(/your name/);
  });
});
