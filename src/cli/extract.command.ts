import { extractFromPlainText } from '../core/extract-text.ts';
import { looksLikeHtml } from '../text/article-text.ts';
import { extractFromHtml } from '../text/extract-html.ts';
import { readInput } from './read-input.ts';

/** `minhbach extract <file|->`: the title and main text of a saved page (HTML or pasted text). */
export function extractCommand(args: string[], write: (line: string) => void): number {
  const source = args[0] ?? '-';
  const input = readInput(source);
  write(JSON.stringify(looksLikeHtml(input) ? extractFromHtml(input) : extractFromPlainText(input)));
  return 0;
}
