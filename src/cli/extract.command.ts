import { extractFromPlainText } from '../core/extract-text.ts';
import { looksLikeHtml } from '../text/article-text.ts';
import { extractedOrThrow, extractHtml } from '../text/extract-pool.ts';
import { readInput } from './read-input.ts';

/**
 * `minhbach extract <file|->`: the title and main text of a saved page (HTML or pasted text). A
 * page is parsed in a worker within the same limits and time budget as the server's; one that
 * cannot be is an error naming `input`.
 */
export async function extractCommand(args: string[], write: (line: string) => void): Promise<number> {
  const source = args[0] ?? '-';
  const input = readInput(source);
  write(JSON.stringify(looksLikeHtml(input) ? extractedOrThrow(await extractHtml(input), 'input') : extractFromPlainText(input)));
  return 0;
}
