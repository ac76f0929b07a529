import { createReadStream } from 'node:fs';
import { parseArgs } from 'node:util';
import { decodeUtf8 } from '../core/csv.ts';
import { AppError } from '../core/errors.ts';
import { HASH_LIST_FORMATS, MAX_HASH_LIST_CHARS, type HashListFormat } from '../core/hash-list.ts';
import type { LockInfo } from '../db/data-dir-lock.ts';
import type { ServiceContext } from '../services/context.ts';
import { exportHashList, exportOwnSignals, importHashList, listHashLists } from '../services/hash-list.service.ts';
import { callServer, type OperatorEndpoint } from './forward.ts';
import { progressBar } from './progress.ts';

export const HASH_LIST_USAGE = `hash-list import <file|-> --name "<name>" [--format text|csv] [--source "<where it came from>"]
  hash-list export [--list <id>] [--format text|csv] > file
  hash-list list`;

export interface HashListCommandDeps {
  /** On the database, or through the server that holds it (main.ts's onDatabaseOrServer). */
  run<T>(local: (ctx: ServiceContext) => Promise<T>, remote: (server: OperatorEndpoint, holder: LockInfo) => Promise<T>): Promise<T>;
  /** Standard output as it is (an export is a file: no line added). */
  out(text: string): void;
  err(line: string): void;
}

/**
 * `minhbach hash-list …`, as the operator: the deployment's lists, which every platform may
 * export. import reads a ThreatExchange/HMA file (src/core/hash-list.ts) with a progress bar;
 * export writes one list, or without --list minhbach's own signals, to standard output.
 */
export async function hashListCommand(argv: string[], deps: HashListCommandDeps): Promise<number> {
  const [sub, ...rest] = argv;
  if (sub === 'list') {
    deps.out(
      JSON.stringify(
        await deps.run(
          (ctx) => listHashLists(ctx, null),
          (server) => callServer(server, 'GET', '/api/v1/admin/hash-lists'),
        ),
      ) + '\n',
    );
    return 0;
  }
  if (sub === 'import') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { name: { type: 'string' }, format: { type: 'string' }, source: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 1 || !values.name) return usage(deps);
    const format = formatOf(values.format);
    if (format === null) return usage(deps);
    const content = await readList(positionals[0]!);
    const input = { name: values.name, content, ...(format ? { format } : {}), source: values.source ?? null };
    const result = await deps.run(
      (ctx) => {
        let bar: ReturnType<typeof progressBar> | null = null;
        return importHashList(ctx, null, input, {
          onProgress: (done, total) => {
            bar ??= progressBar('hash-list import', total);
            if (done === total) bar.finish(done);
            else bar.update(done, done);
          },
        });
      },
      async (server, holder) => {
        deps.err(`importing through the server at ${holder.url}, which holds the embedded database (no progress bar: it answers when done)…`);
        return callServer(server, 'POST', '/api/v1/admin/hash-lists', { body: input, timeoutMs: 3600_000 });
      },
    );
    deps.out(JSON.stringify(result) + '\n');
    return 0;
  }
  if (sub === 'export') {
    const { values, positionals } = parseArgs({ args: rest, options: { list: { type: 'string' }, format: { type: 'string' } }, allowPositionals: true, strict: true });
    const format = formatOf(values.format);
    if (positionals.length > 0 || format === null) return usage(deps);
    const list = values.list;
    const query = format ? `?format=${format}` : '';
    const body = await deps.run(
      async (ctx) => (list ? await exportHashList(ctx, null, list, format) : await exportOwnSignals(ctx, null, format)).body,
      (server) =>
        callServer<string>(server, 'GET', list ? `/api/v1/admin/hash-lists/${encodeURIComponent(list)}/export${query}` : `/api/v1/admin/hash-lists/signals/export${query}`, {
          timeoutMs: 600_000,
        }),
    );
    deps.out(body);
    return 0;
  }
  return usage(deps);
}

/** undefined: not given (text, or detected on import); null: not a format. */
function formatOf(value: string | undefined): HashListFormat | undefined | null {
  if (value === undefined) return undefined;
  return (HASH_LIST_FORMATS as readonly string[]).includes(value) ? (value as HashListFormat) : null;
}

function usage(deps: HashListCommandDeps): number {
  deps.err(`usage: ${HASH_LIST_USAGE}`);
  return 64;
}

/** Room for a list of MAX_HASH_LIST_CHARS characters with some non-ASCII labels; the service checks the characters. */
const MAX_FILE_BYTES = 2 * MAX_HASH_LIST_CHARS;

/** The file's text (standard input for -), read at most one byte past the bound, UTF-8 only. */
async function readList(file: string): Promise<string> {
  const chunks: Buffer[] = [];
  let length = 0;
  const take = (chunk: Buffer) => {
    chunks.push(chunk);
    length += chunk.length;
    if (length > MAX_FILE_BYTES) throw new AppError('payload_too_large', `${file} is larger than ${MAX_FILE_BYTES} bytes: split the list`);
  };
  if (file === '-') {
    for await (const chunk of process.stdin) take(chunk as Buffer);
  } else {
    const stream = createReadStream(file, { highWaterMark: 1 << 20 });
    try {
      for await (const chunk of stream) take(chunk as Buffer);
    } finally {
      stream.destroy();
    }
  }
  const decoded = decodeUtf8(Buffer.concat(chunks, length));
  if (!decoded.ok) throw AppError.validation([{ field: 'content', message: `${file} is not UTF-8 text` }]);
  return decoded.text;
}
