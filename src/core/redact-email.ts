/**
 * Finds e-mail addresses in a normalized text (public-text-normalize.ts), written plainly or
 * dressed to slip past a pattern: "a [at] b", "a(at)b", "a ＠ b.vn" (NFKC has made "＠" an "@"),
 * "nguyenvana a còng gmail chấm com", "x [dot] y".
 *
 * A regex finds each "@" or its disguise; code then walks left over the local part (at most 64
 * characters, the RFC 5321 limit) and right over the domain (at most 255), so each candidate costs
 * a bounded amount of work and the scan stays linear.
 */

export interface FoundEmail {
  start: number;
  end: number;
}

/**
 * "@", "[at]", "(at)", "{@}", "(a)", " at ", " a còng ". A space on either side of the first two
 * kinds (" @ ", " [at] ") is taken in code: a regex starting with an optional space would be tried
 * at every space of the text.
 */
const AT = /@|[([{<]\s?(?:at|@|a|a\s?c[oò]ng)\s?[)\]}>]|\s(?:at|a\s?c[oò]ng)\s/gi;
const SPACE = /\s/;
/** ".", " . ", "[.]", "(dot)", " dot ", " chấm ". Never ". " alone: that ends a sentence. */
const DOT = /^(?:\.|\s?[([{]\s?(?:dot|\.|ch[aấ]m)\s?[)\]}]\s?|\s(?:dot|ch[aấ]m)\s|\s\.\s)/i;
const LOCAL_CHAR = /[\p{L}\p{M}\p{N}._%+-]/u;
const LOCAL_PUNCTUATION = '._%+-';
const LABEL_CHAR = /[\p{L}\p{M}\p{N}-]/u;
const LETTER = /[\p{L}\p{M}]/u;
const MAX_LOCAL = 64;
const MAX_LABEL = 63;
const MAX_DOMAIN = 255;
const MAX_LABELS = 10;

export function findEmails(text: string): FoundEmail[] {
  const found: FoundEmail[] = [];
  let floor = 0;
  AT.lastIndex = 0;
  for (let m = AT.exec(text); m !== null; m = AT.exec(text)) {
    const at = m[0].trim().toLowerCase();
    // "[at]" says "e-mail" on its own; a plain or spaced "@", the word "at" and "(a)" (also a list
    // marker: "tại (a) và (b)") need a real domain.
    const disguised = at !== '@' && at[0] !== 'a' && at.replace(/[\s()[\]{}<>]/g, '') !== 'a';
    let before = m.index;
    let after = m.index + m[0].length;
    if (!SPACE.test(m[0][0]!)) {
      if (before > floor && SPACE.test(text[before - 1] ?? '')) before--;
      if (SPACE.test(text[after] ?? '')) after++;
    }
    const start = localStart(text, before, floor);
    if (start === before) continue;
    const end = domainEnd(text, after, disguised);
    if (end < 0) continue;
    found.push({ start, end });
    floor = end;
    AT.lastIndex = end;
  }
  return found;
}

function localStart(text: string, at: number, floor: number): number {
  let s = at;
  while (s > floor && at - s < MAX_LOCAL && LOCAL_CHAR.test(text[s - 1]!)) s--;
  // An address starts with a letter or digit: the "-" of "a@b.vn-c@d.vn" separates two of them.
  while (s < at && LOCAL_PUNCTUATION.includes(text[s]!)) s++;
  // A local part needs a letter or digit: "...@" or "-@" is not an address.
  return /[\p{L}\p{N}]/u.test(text.slice(s, at)) ? s : at;
}

/** The end of the domain starting at `from`, or -1 when there is none. */
function domainEnd(text: string, from: number, disguised: boolean): number {
  const labels: { start: number; end: number }[] = [];
  let pos = from;
  while (labels.length < MAX_LABELS && pos - from < MAX_DOMAIN) {
    let e = pos;
    while (e < text.length && e - pos < MAX_LABEL && LABEL_CHAR.test(text[e]!)) e++;
    if (e === pos) break;
    labels.push({ start: pos, end: e });
    const dot = DOT.exec(text.slice(e, e + 12));
    if (dot === null || e + dot[0].length >= text.length || !LABEL_CHAR.test(text[e + dot[0].length]!)) break;
    pos = e + dot[0].length;
  }
  if (labels.length === 0) return -1;
  if (disguised) return labels.at(-1)!.end;
  // Otherwise the last label must start with a top-level domain of letters: "user@localhost" is no address.
  for (let k = labels.length - 1; k >= 1; k--) {
    const { start, end } = labels[k]!;
    let letters = start;
    while (letters < end && LETTER.test(text[letters]!)) letters++;
    if (letters - start >= 2) return letters;
  }
  return -1;
}
