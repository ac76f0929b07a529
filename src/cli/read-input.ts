import { readFileSync } from 'node:fs';

/** A file's text, or standard input for "-": how every text-taking command reads its input. */
export function readInput(source: string): string {
  return readFileSync(source === '-' ? 0 : source, 'utf8');
}
