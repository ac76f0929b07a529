/**
 * The tracking code (mã tra cứu) a member of the public gets for a report: 80 random bits written
 * as 16 symbols of Crockford's base32 in four groups (`7K3M-9QXD-2HWA-PZ5T`). Unguessable (2^80
 * codes, and the status route is rate limited), and easy to read aloud, copy by hand or type on a
 * phone: digits and capital letters without I, L, O and U, case-insensitive, and a mistyped
 * I/L or O read as 1 or 0. Pure, so the web app reads codes with the same rule as the server.
 */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
export const TRACKING_CODE_BYTES = 10;
const SYMBOLS = 16;
const GROUP = 4;

/** The code of 10 random bytes (80 bits, 16 symbols of 5 bits). */
export function trackingCodeFromBytes(bytes: Uint8Array): string {
  if (bytes.length !== TRACKING_CODE_BYTES) throw new Error(`a tracking code takes ${TRACKING_CODE_BYTES} bytes`);
  let out = '';
  let buffer = 0;
  let bits = 0;
  for (const byte of bytes) {
    buffer = (buffer << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      bits -= 5;
      out += ALPHABET[(buffer >> bits) & 31];
    }
    buffer &= (1 << bits) - 1;
  }
  return group(out);
}

function group(symbols: string): string {
  const parts: string[] = [];
  for (let i = 0; i < symbols.length; i += GROUP) parts.push(symbols.slice(i, i + GROUP));
  return parts.join('-');
}

/**
 * A code as someone typed it, in its one written form, or null when it cannot be a code. Spaces
 * and hyphens anywhere are ignored, letters may be small, and I/L and O stand for 1 and 0.
 */
export function normalizeTrackingCode(input: string): string | null {
  if (input.length > 64) return null;
  const symbols = input.toUpperCase().replace(/[\s-]/g, '').replace(/[IL]/g, '1').replace(/O/g, '0');
  if (symbols.length !== SYMBOLS) return null;
  for (const s of symbols) if (!ALPHABET.includes(s)) return null;
  return group(symbols);
}
