import { parseArgs } from 'node:util';
import type { ServiceContext } from '../services/context.ts';
import { matchContent } from '../services/match.service.ts';
import { readInput } from './read-input.ts';

/**
 * `minhbach match --text <file|->` or `--url <url>`: the cases that already hold this content, as
 * JSON lines, best first. Runs as the operator, on the database the server uses.
 */
export async function matchCommand(args: string[], withDb: <T>(fn: (ctx: ServiceContext) => Promise<T>) => Promise<T>, write: (line: string) => void): Promise<number> {
  const { values } = parseArgs({ args, options: { text: { type: 'string' }, url: { type: 'string' }, html: { type: 'string' } }, strict: true });
  const input = {
    ...(values.url !== undefined ? { url: values.url } : {}),
    ...(values.text !== undefined ? { text: readInput(values.text) } : {}),
    ...(values.html !== undefined ? { html: readInput(values.html) } : {}),
  };
  // The operator sees every case (an organization asking through the API sees only its own).
  const result = await withDb((ctx) => matchContent(ctx, 'operator', input));
  for (const m of result.matches) write(JSON.stringify(m));
  return 0;
}
