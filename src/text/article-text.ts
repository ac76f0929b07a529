import { extractFromPlainText } from '../core/extract-text.ts';
import { extractFromHtml } from './extract-html.ts';

/** A pasted page has many lines (menus, related links, counters); a post has a few. */
const PAGE_LINES = 8;

export function looksLikeHtml(text: string): boolean {
  return /^\s*</.test(text) && /<(?:html|body|article|div|p)[\s>]/i.test(text);
}

function looksLikePage(text: string): boolean {
  let lines = 0;
  for (const line of text.split('\n')) if (line.trim() !== '' && ++lines >= PAGE_LINES) return true;
  return false;
}

/** The text to fingerprint; `extracted` when it was found inside a page rather than given as is. */
export interface Article {
  title: string | null;
  text: string;
  extracted: boolean;
}

/**
 * The HTML to parse for this input, if it is a page: parsing is the costly part, which callers
 * that answer requests hand to the extraction pool (extract-pool.ts).
 */
export function htmlOf(input: { text?: string; html?: string }): string | undefined {
  return input.html ?? (input.text !== undefined && looksLikeHtml(input.text) ? input.text : undefined);
}

/**
 * The text to fingerprint: a saved page (HTML, or text with its furniture) gives its article, so
 * that menus and "related articles" never make two unrelated pages look alike; a post is itself.
 * Parses HTML on the calling thread: a server calls `extractArticle` (extract-pool.ts) instead.
 */
export function articleOf(input: { text?: string; html?: string }): Article {
  const html = htmlOf(input);
  if (html !== undefined) return { ...extractFromHtml(html), extracted: true };
  const text = input.text ?? '';
  if (looksLikePage(text)) {
    const article = extractFromPlainText(text);
    if (article.text.trim() !== '') return { ...article, extracted: true };
  }
  return { title: null, text, extracted: false };
}
