// Deliberately simple (one @, a dot in the domain, no spaces or brackets); the mail server is the judge.
const ADDRESS = /^[^\s<>@",;]+@[^\s<>@",;.]+(?:\.[^\s<>@",;.]+)+$/;

/**
 * An e-mail address as stored, or null when it is not one. The domain is case-insensitive and
 * lower-cased; the local part is the receiver's business and kept as given.
 */
export function normalizeEmailAddress(input: string): string | null {
  const email = input.trim();
  const at = email.lastIndexOf('@');
  const normal = at > 0 ? `${email.slice(0, at)}@${email.slice(at + 1).toLowerCase()}` : email;
  return ADDRESS.test(normal) && normal.length <= 254 ? normal : null;
}
