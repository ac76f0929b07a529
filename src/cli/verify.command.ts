import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { VerifyFailure, type VerifyOptions, loadVerifierKey, verifyLog } from '../verifier/verify-log.ts';
import { progressBar } from './progress.ts';

const PROGRAM = 'minhbach verify';

/** The usage text, for the command as `program` (`minhbach verify`, or the standalone `minhbach-verify`). */
export const verifyUsage = (program = PROGRAM) => `usage: ${program} --log <log-url> --key <vkey|@file> [--record <id> | --entry-file <file>] [--dump <file>] [--state <file>]
       ${' '.repeat(program.length)} [--api <base-url>] [--no-full-audit] [--timeout <seconds>]

  Checks a minhbach transparency log from outside, trusting nothing but the log's verifier key:
  the checkpoint's signature, the root recomputed from every tile and entry bundle, and with
    --record <id>        that public record's inclusion, and that its published document is the
                         one its log entry commits to (or was withdrawn by a logged withdrawal);
    --entry-file <file>  the inclusion of exactly these entry bytes (one trailing newline ignored);
    --dump <file>        a downloaded open data dump (.jsonl, .csv or .parquet): found among the
                         server's dumps by its SHA-256, its dump record checked in the log, and for
                         JSON lines every record checked against its log entry and the whole
                         against the dump's signed checkpoint (exactly the log's first records);
    --state <file>       that the log only grew since the checkpoint remembered there (a fork,
                         rewrite or rollback fails the run); the file is updated when all passed.
  --log is the log's prefix (e.g. https://example.org/log); records are read from --api
  (default: --log without its final /log) at /api/v1/public/records/<id>.
  --no-full-audit reads only the tiles the root and the proofs need (for very large logs).
  Prints progress on standard error and a JSON summary line on standard output.
  Exit status: 0 verified, 1 verification failed (message names what), 64 bad arguments.
`;

export interface VerifyCommandIo {
  /** Standard output: the JSON summary line. */
  out: (line: string) => void;
  /** Standard error: progress and the failure message. */
  err: (line: string) => void;
  fetch?: typeof fetch;
  /** Show a progress bar for full audits of at least this many tiles (default 64). */
  progressThreshold?: number;
  /** How the command is called, in its messages (default `minhbach verify`). */
  program?: string;
}

const programOf = (io: VerifyCommandIo) => io.program ?? PROGRAM;

function usageError(io: VerifyCommandIo, message: string): number {
  io.err(`${programOf(io)}: ${message}`);
  io.err(verifyUsage(io.program).trimEnd());
  return 64;
}

function isHttpUrl(text: string): boolean {
  try {
    const u = new URL(text);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

/** `minhbach verify ...`: returns the exit status. */
export async function verifyCommand(args: string[], io: VerifyCommandIo): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args,
      options: {
        log: { type: 'string' },
        key: { type: 'string' },
        api: { type: 'string' },
        record: { type: 'string' },
        'entry-file': { type: 'string' },
        dump: { type: 'string' },
        state: { type: 'string' },
        'no-full-audit': { type: 'boolean' },
        timeout: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  if (values.help) {
    io.err(verifyUsage(io.program).trimEnd());
    return 0;
  }
  if (values.log === undefined || !isHttpUrl(values.log)) return usageError(io, '--log <http(s) URL of the log prefix> is required');
  if (values.api !== undefined && !isHttpUrl(values.api)) return usageError(io, '--api must be an http(s) URL');
  if (values.key === undefined) return usageError(io, "--key <verifier key, or @file> is required (the log's key, from a source you trust)");
  if (values.record !== undefined && values['entry-file'] !== undefined) return usageError(io, 'give --record or --entry-file, not both');
  let timeoutMs: number | undefined;
  if (values.timeout !== undefined) {
    const s = Number(values.timeout);
    if (!Number.isFinite(s) || s <= 0) return usageError(io, '--timeout must be a positive number of seconds');
    timeoutMs = Math.round(s * 1000);
  }
  try {
    await loadVerifierKey(values.key);
  } catch (e) {
    return usageError(io, (e as Error).message);
  }
  let entry: Uint8Array | undefined;
  if (values['entry-file'] !== undefined) {
    try {
      entry = new Uint8Array(await readFile(values['entry-file']));
    } catch (e) {
      return usageError(io, `--entry-file ${values['entry-file']}: ${(e as Error).message}`);
    }
    // A saved entry often ends in a newline; entries themselves never do (canonical JSON).
    const n = entry.length;
    if (n > 0 && entry[n - 1] === 0x0a) entry = entry.subarray(0, n >= 2 && entry[n - 2] === 0x0d ? n - 2 : n - 1);
  }

  let bar: ReturnType<typeof progressBar> | null = null;
  const options: VerifyOptions = {
    logUrl: values.log,
    key: values.key,
    ...(values.api !== undefined ? { apiUrl: values.api } : {}),
    ...(values.record !== undefined ? { recordId: values.record } : {}),
    ...(entry !== undefined ? { entry } : {}),
    ...(values.dump !== undefined ? { dumpPath: values.dump } : {}),
    ...(values.state !== undefined ? { statePath: values.state } : {}),
    ...(io.fetch ? { fetch: io.fetch } : {}),
    ...(timeoutMs !== undefined ? { timeoutMs } : {}),
    fullAudit: values['no-full-audit'] !== true,
    report: (line) => io.err(line),
    onProgress: (done, total, entries) => {
      if (total < (io.progressThreshold ?? 64)) return;
      bar ??= progressBar('audit', total);
      if (done === total) bar.finish(entries);
      else bar.update(done, entries);
    },
  };
  try {
    const summary = await verifyLog(options);
    io.out(JSON.stringify(summary));
    return 0;
  } catch (e) {
    if (!(e instanceof VerifyFailure)) {
      // A bug here, not a finding about the log: still one line, but say so.
      io.err(`${programOf(io)}: FAILED: internal error: ${(e as Error).stack ?? String(e)}`);
      io.out(JSON.stringify({ ok: false, error: `internal error: ${(e as Error).message}` }));
      return 1;
    }
    io.err(`${programOf(io)}: FAILED: ${e.message}`);
    io.out(JSON.stringify({ ok: false, error: e.message, ...(e.kind === 'fork' ? { fork: true, evidence: e.evidence ?? null } : {}) }));
    return 1;
  }
}
