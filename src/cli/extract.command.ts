import { extractFromPlainText } from '../core/extract-text.ts';
import { extractFromHtml } from '../text/extract-html.ts';
import { readInput } from './read-input.ts';

/** `minhbach extract <file|->`: the title and main text of a saved page (HTML or pasted text). */
export function extractCommand(args: string[], write: (line: string) => void): number {
  const source = args[0] ?? '-';
  const input = readInput(source);
  const isHtml = /^\s*</.test(input) && /<(html|body|article|div|p)[\s>]/i.test(input);
  write(JSON.stringify(isHtml ? extractFromHtml(input) : extractFromPlainText(input)));
  return 0;
}
