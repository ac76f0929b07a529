/**
 * Limits a page must stay within before it is parsed at all. linkedom + Readability take time that
 * grows faster than the page (287 KB of unclosed nested tags held a process for 4.7 s), so the
 * checks here are one linear pass over the string, cheap enough for the main thread, and refuse
 * what no real article needs. The time budget of the extraction pool (extract-pool.ts) catches
 * whatever still gets through.
 */

/** Real article pages are a few hundred KB; a saved page with its scripts rarely reaches 1 MB. */
export const MAX_HTML_BYTES = 2 * 1024 * 1024;

/** A large news page has a few thousand elements. */
export const MAX_HTML_ELEMENTS = 50_000;

/**
 * Estimated nesting depth (see `scanHtml`). Real pages nest a few dozen levels; parse time grows
 * steeply with depth (10,000 levels: 0.1 s, 40,000: 2 s), so depth is capped well below that.
 */
export const MAX_HTML_DEPTH = 5_000;

export type HtmlLimit = 'too_large' | 'too_many_elements' | 'too_deep';

export interface HtmlOverLimit {
  reason: HtmlLimit;
  message: string;
}

// Elements that never have content, and those a parser closes implicitly when a sibling opens
// (an unclosed <p> or <li> does not nest): neither adds depth.
// prettier-ignore
const NO_DEPTH = new Set([
  'area', 'base', 'br', 'col', 'embed', 'hr', 'img', 'input', 'link', 'meta', 'source', 'track', 'wbr', 'param', 'keygen',
  'p', 'li', 'dt', 'dd', 'option', 'optgroup', 'tr', 'td', 'th', 'thead', 'tbody', 'tfoot', 'colgroup', 'caption', 'rb', 'rt', 'rp',
]);
// Elements whose content is text up to their end tag: a "<div>" inside a script is not an element.
const RAW_TEXT = new Set(['script', 'style', 'textarea', 'title', 'xmp']); // as the parser (htmlparser2) reads them

const TAG_NAME = /[a-z][a-z0-9-]*/y;

/**
 * Counts the elements of a page and estimates its nesting depth in one pass: open tags minus end
 * tags, ignoring comments, raw-text contents, void and implicitly closed elements, and "<x/>" in
 * SVG and MathML (in HTML a "<div/>" stays open, and nests). The estimate can
 * only overstate the depth of sloppy markup (an unclosed <b> stays open), which the generous
 * MAX_HTML_DEPTH allows for. Stops as soon as a limit is passed. Every search only moves forward,
 * so hostile input ("<a<a<a…" without any ">") is still scanned in linear time.
 */
export function scanHtml(html: string, limits = { elements: MAX_HTML_ELEMENTS, depth: MAX_HTML_DEPTH }): { elements: number; depth: number } {
  const s = html.toLowerCase(); // scanned alone, so its positions are the only ones that matter
  let elements = 0;
  let depth = 0;
  let maxDepth = 0;
  let foreign = 0; // open <svg>/<math> elements: inside them (only) "<x/>" closes itself
  let gt = s.indexOf('>'); // the next ">" at or after the tag being read; -1 when there is none left
  for (let i = s.indexOf('<'); i >= 0; i = s.indexOf('<', i + 1)) {
    const next = s.charCodeAt(i + 1);
    if (next === 33 /* ! */) {
      if (s.startsWith('<!--', i)) {
        const end = s.indexOf('-->', i + 4);
        if (end < 0) break;
        i = end + 2;
      }
      continue;
    }
    const closing = next === 47; /* / */
    TAG_NAME.lastIndex = closing ? i + 2 : i + 1;
    const m = TAG_NAME.exec(s);
    if (!m) continue;
    const name = m[0];
    if (closing) {
      if (!NO_DEPTH.has(name) && depth > 0) depth--;
      if ((name === 'svg' || name === 'math') && foreign > 0) foreign--;
      continue;
    }
    if (++elements > limits.elements) break;
    if (RAW_TEXT.has(name)) {
      // Skip to the end tag; what lies between is text, whatever it looks like.
      const end = s.indexOf(`</${name}`, TAG_NAME.lastIndex);
      if (end < 0) break;
      i = end;
      continue;
    }
    if (NO_DEPTH.has(name)) continue;
    if (foreign > 0) {
      if (gt !== -1 && gt < TAG_NAME.lastIndex) gt = s.indexOf('>', TAG_NAME.lastIndex);
      if (gt > 0 && s.charCodeAt(gt - 1) === 47 /* "<path/>" */) continue;
    }
    if (name === 'svg' || name === 'math') foreign++;
    if (++depth > maxDepth && (maxDepth = depth) > limits.depth) break;
  }
  return { elements, depth: maxDepth };
}

/** Why this page may not be parsed, or null when it is within every limit. Linear in its length. */
export function htmlOverLimit(html: string): HtmlOverLimit | null {
  const bytes = Buffer.byteLength(html, 'utf8');
  if (bytes > MAX_HTML_BYTES) {
    return { reason: 'too_large', message: `is ${bytes} bytes of HTML; the limit is ${MAX_HTML_BYTES} bytes (2 MB)` };
  }
  const { elements, depth } = scanHtml(html);
  if (elements > MAX_HTML_ELEMENTS) {
    return { reason: 'too_many_elements', message: `has more than ${MAX_HTML_ELEMENTS} HTML elements; send the article alone` };
  }
  if (depth > MAX_HTML_DEPTH) {
    return { reason: 'too_deep', message: `nests HTML elements more than ${MAX_HTML_DEPTH} deep; send the article alone` };
  }
  return null;
}
