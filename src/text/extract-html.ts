/**
 * Finds the article in an HTML page with Mozilla Readability over a linkedom DOM.
 *
 * Safety: linkedom is a pure DOM implementation. It has no network stack, loads no resources
 * (images, stylesheets, iframes) and never executes scripts; script, style and other non-text
 * elements are removed before Readability runs anyway. Nothing here fetches anything: `url` is
 * only metadata (it becomes the document's base for Readability's link handling).
 */
import { Readability } from '@mozilla/readability';
import { parseHTML } from 'linkedom';
import { htmlOverLimit } from './html-limits.ts';
import { notExtractableError } from './not-extractable.ts';
import { endsArticle, extractFromPlainText, isFurnitureLine, isHeadline, isParagraph, type ExtractedText } from '../core/extract-text.ts';

/**
 * Readability's cost grows steeply with nesting depth (about 12 s at depth 1,000 under linkedom).
 * Real article pages nest a few dozen levels; deeper pages skip Readability and go straight to the
 * plain-text path, which is linear.
 */
export const MAX_READABILITY_DEPTH = 150;

/** Elements whose content is never article text. */
const STRIP = 'script, style, noscript, template, iframe, object, embed, svg, canvas, form, button, select, input, textarea, link, meta[http-equiv]';

/** Elements after which text starts on a new line. */
// prettier-ignore
const BLOCK = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'dd', 'details', 'div', 'dl', 'dt', 'figcaption', 'figure',
  'footer', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary',
  'table', 'tbody', 'td', 'th', 'thead', 'tr', 'ul',
]);

type DomNode = { nodeType: number; nodeName: string; nodeValue: string | null; firstChild: DomNode | null; nextSibling: DomNode | null };

/** The text of a subtree, one line per block element (textContent would glue paragraphs together). */
function blockLines(root: DomNode): string[] {
  const parts: string[] = [];
  // Iterative walk (a hostile page can nest elements deeper than the call stack). Sibling
  // pointers, not childNodes: linkedom rebuilds childNodes on every access, which is quadratic.
  // A stack entry is a node to visit, or a string to emit when its element closes.
  const stack: Array<{ node: DomNode; pre: boolean } | string> = [{ node: root, pre: false }];
  while (stack.length > 0) {
    const top = stack.pop() as { node: DomNode; pre: boolean } | string;
    if (typeof top === 'string') {
      parts.push(top);
      continue;
    }
    const { node, pre } = top;
    if (node.nodeType === 3) {
      // Inside <pre> (a pasted page saved as HTML) line breaks are content; elsewhere they are not.
      parts.push(pre ? (node.nodeValue ?? '') : (node.nodeValue ?? '').replace(/\s+/gu, ' '));
      continue;
    }
    if (node.nodeType !== 1 && node.nodeType !== 9 && node.nodeType !== 11) continue;
    const name = node.nodeName.toLowerCase();
    const block = BLOCK.has(name);
    if (block) parts.push('\n');
    if (block) stack.push('\n');
    const children: DomNode[] = [];
    for (let c = node.firstChild; c; c = c.nextSibling) children.push(c);
    for (let i = children.length - 1; i >= 0; i--) stack.push({ node: children[i] as DomNode, pre: pre || name === 'pre' });
  }
  return parts
    .join('')
    .split('\n')
    .map((l) => l.replace(/[^\S\n]+/gu, ' ').trim())
    .filter((l) => l.length > 0);
}

/** Maximum element depth under `root`, computed iteratively (the page may be hostile). */
function depthOf(root: DomNode): number {
  let max = 0;
  const stack: Array<[DomNode, number]> = [[root, 0]];
  while (stack.length > 0) {
    const [node, d] = stack.pop() as [DomNode, number];
    if (d > max) max = d;
    for (let c = node.firstChild; c; c = c.nextSibling) if (c.nodeType === 1) stack.push([c, d + 1]);
  }
  return max;
}

function parse(html: string, url?: string): Document {
  // linkedom needs a full document; a fragment ("<p>…</p>") is wrapped in one.
  const full = /<html[\s>]/iu.test(html) ? html : `<!doctype html><html><head></head><body>${html}</body></html>`;
  const { document } = parseHTML(full) as unknown as { document: Document };
  for (const el of Array.from(document.querySelectorAll(STRIP))) el.remove();
  if (url && document.head) {
    for (const el of Array.from(document.querySelectorAll('base'))) el.remove();
    const base = document.createElement('base');
    base.setAttribute('href', url);
    document.head.prepend(base);
  }
  return document;
}

/**
 * Readability's title comes from <title>, which often carries the site name ("Headline - Báo X").
 * When the page has a single <h1> that the <title> contains, the <h1> is the headline.
 */
function pickTitle(document: Document, readabilityTitle: string | null | undefined): string | null {
  const title = readabilityTitle?.replace(/\s+/gu, ' ').trim() || null;
  const h1s = Array.from(document.querySelectorAll('h1'));
  const h1 = h1s.length === 1 ? (h1s[0]?.textContent ?? '').replace(/\s+/gu, ' ').trim() : '';
  if (h1 && (!title || title.includes(h1))) return h1;
  return title;
}

/**
 * Cleans what Readability kept, with the plain-text rules: a "Tin liên quan"/"Ý kiến bạn đọc"
 * heading or a footer after the first paragraph ends the article (Readability sometimes keeps a
 * related list that sits inside the article element); furniture lines (counters, share bars, date
 * lines, captions) are dropped; short lines before the first paragraph (menu leftovers on pages
 * without semantic markup) are set aside as `lead`, where a headline may still be found. Returns
 * null when no paragraph is left: Readability then found nothing that reads like an article.
 */
function cleanArticle(all: string[]): { lead: string[]; lines: string[] } | null {
  const first = all.findIndex(isParagraph);
  if (first < 0) return null;
  const stop = all.findIndex((l, i) => i > first && endsArticle(l));
  const kept = (stop < 0 ? all : all.slice(0, stop)).filter((l) => !isFurnitureLine(l));
  const start = kept.findIndex(isParagraph);
  return { lead: kept.slice(0, start), lines: kept.slice(start) };
}

/**
 * Extracts the title and main text of an HTML page. Paragraphs are separated by blank lines.
 * Throws AppError when the page is over a limit of html-limits.ts (size, elements, depth). When
 * Readability finds no article (null, or no paragraph), the page's body text is handed to the
 * plain-text extractor.
 */
export function extractFromHtml(html: string, url?: string): ExtractedText {
  // Callers check first (extract-pool.ts); checked again here, so no caller can skip the limits.
  const over = htmlOverLimit(html);
  if (over) throw notExtractableError(over.reason, over.message, 'html');

  // The title is read before Readability runs, because Readability rewrites the document.
  const document = parse(html, url);
  const h1Document = parse(html);
  let article: ReturnType<Readability['parse']> = null;
  try {
    const root = document.documentElement as unknown as DomNode | null;
    if (root && depthOf(root) <= MAX_READABILITY_DEPTH) article = new Readability(document).parse();
  } catch {
    article = null; // a page Readability cannot handle falls through to the plain-text path
  }

  if (article?.content) {
    const { document: contentDoc } = parseHTML(`<!doctype html><html><body>${article.content}</body></html>`) as unknown as {
      document: Document;
    };
    const cleaned = cleanArticle(blockLines(contentDoc.body as unknown as DomNode));
    if (cleaned) {
      let title = pickTitle(h1Document, article.title);
      if (!title) title = [...cleaned.lead].reverse().find(isHeadline) ?? null;
      const lines = title && cleaned.lines[0] === title ? cleaned.lines.slice(1) : cleaned.lines;
      return { title, text: lines.join('\n\n') };
    }
  }

  const body = h1Document.body ?? h1Document.documentElement;
  const fallback = extractFromPlainText(body ? blockLines(body as unknown as DomNode).join('\n') : '');
  const docTitle = h1Document.title?.trim() || null;
  return { title: fallback.title ?? pickTitle(h1Document, docTitle), text: fallback.text };
}
