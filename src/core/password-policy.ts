import { COMMON_PASSWORDS } from './common-passwords.ts';

/**
 * What a password must be (NIST SP 800-63B): long enough, not on a list guessers try first, and
 * not built from what an attacker already knows about the account (the e-mail's local part, the
 * organization's name). No composition rules: they make passwords harder to remember, not to guess.
 */
export const MIN_PASSWORD_LENGTH = 12;
/** Long enough for any passphrase, short enough that hashing one costs no more than usual. */
export const MAX_PASSWORD_LENGTH = 256;

export interface PasswordContext {
  email: string;
  orgName: string;
  displayName?: string;
}

/** Folds case, width and Vietnamese diacritics, and drops spacing, so "Bộ Công An" and "bocongan" compare equal. */
function fold(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/đ/gi, 'd')
    .toLowerCase()
    .replace(/[\s._-]+/g, '');
}

/** The password less its trailing digits and symbols: "Matkhau2024!" → "matkhau". */
function base(folded: string): string {
  let end = folded.length;
  while (end > 0 && !/\p{L}/u.test(folded[end - 1]!)) end--;
  return folded.slice(0, end);
}

/** Why the password is refused (Vietnamese first, then English), or an empty list when it is acceptable. */
export function passwordProblems(password: string, context: PasswordContext): string[] {
  const chars = [...password];
  if (chars.length < MIN_PASSWORD_LENGTH) return [`Mật khẩu cần ít nhất ${MIN_PASSWORD_LENGTH} ký tự (must be at least ${MIN_PASSWORD_LENGTH} characters)`];
  if (chars.length > MAX_PASSWORD_LENGTH) return [`Mật khẩu dài tối đa ${MAX_PASSWORD_LENGTH} ký tự (must be at most ${MAX_PASSWORD_LENGTH} characters)`];
  const problems: string[] = [];
  const folded = fold(password);
  if (COMMON_PASSWORDS.has(password.toLowerCase()) || COMMON_PASSWORDS.has(folded) || COMMON_PASSWORDS.has(base(folded)) || new Set(chars).size < 5) {
    problems.push('Mật khẩu quá phổ biến, dễ đoán (is too common or too easy to guess)');
  }
  const local = fold(context.email.split('@')[0] ?? '');
  if (local.length >= 3 && folded.includes(local)) problems.push('Mật khẩu không được chứa phần tên của e-mail (must not contain the e-mail address)');
  const org = fold(context.orgName);
  if (org.length >= 3 && folded.includes(org)) problems.push('Mật khẩu không được chứa tên tổ chức (must not contain the organization name)');
  const name = fold(context.displayName ?? '');
  if (name.length >= 3 && folded.includes(name)) problems.push('Mật khẩu không được chứa tên của bạn (must not contain your name)');
  return problems;
}
