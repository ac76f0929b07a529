/**
 * The form every text takes before it is published (and before redaction looks at it). Hiding a
 * phone number from a pattern is easy with characters a reader never notices: fullwidth digits
 * ("０９１２…"), zero-width spaces between digits, a tab or three spaces instead of one, "＠" for "@".
 * Publishing the normalized text rather than the original also means what the redaction saw is
 * exactly what the public reads.
 */

/**
 * Format characters (zero-width space and joiners, soft hyphen, bidi controls, BOM) and the other
 * default-ignorable code points (variation selectors, Hangul fillers): invisible, so removing them
 * changes nothing a reader sees, but they split "0912​345​678" for a pattern.
 */
const ELLIPSIS = '…';
const INVISIBLE = /[\p{Cf}\p{Default_Ignorable_Code_Point}]+/gu;
const LINE_BREAK = /\r\n?|[\u2028\u2029\u0085\v\f]/g;
/**
 * Whitespace other than a line break that is not already one plain space: runs of two or more, or
 * a single tab or other space (after NFKC most Unicode spaces are U+0020). Single spaces, most of
 * a text's whitespace, are not matched, so they cost no replacement.
 */
const HORIZONTAL_SPACE = /[^\S\n]{2,}|[^\S\n ]/g;
/** After horizontal runs are single spaces: a line break with the spaces and breaks around it. */
const BREAK_RUN = / ?\n[\n ]*/g;

export function normalizePublicText(text: string): string {
  // NFKC folds fullwidth and other compatibility forms (digits, "＠", "．", ideographic spaces) into
  // ASCII and composes Vietnamese letters, so "Nguyễn" is one form whatever keyboard typed it.
  // "…" is kept: truncated URLs end with it (public-url.ts), and redacting twice must change nothing.
  return text
    .split(ELLIPSIS)
    .map((part) => part.normalize('NFKC'))
    .join(ELLIPSIS)
    .replace(INVISIBLE, '')
    .replace(LINE_BREAK, '\n')
    .replace(HORIZONTAL_SPACE, ' ')
    .replace(BREAK_RUN, (run) => (run.indexOf('\n') === run.lastIndexOf('\n') ? '\n' : '\n\n'));
}
