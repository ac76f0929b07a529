import { createReadStream, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { AppError, type FieldError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import type { NoticeInput } from '../core/notice.ts';
import { NoticeInput as NoticeInputSchema } from '../http/routes/notice.schemas.ts';
import { compileValidator } from '../http/validate.ts';
import type { ServiceContext } from '../services/context.ts';
import { MAX_BATCH, submitNoticeBatch } from '../services/intake.service.ts';
import { organizationActor } from '../services/organization.service.ts';
import { csvParser } from './csv.ts';
import { callServer, type OperatorEndpoint } from './forward.ts';
import { progressBar } from './progress.ts';

const checkNotice = compileValidator(NoticeInputSchema);
const IN_FLIGHT = 4;

/** A CSV row is one notice about one item; `category_specification` is `;`-separated. */
function noticeFromCsv(header: string[], row: string[]): unknown {
  const get = (name: string) => {
    const i = header.indexOf(name);
    const v = i >= 0 ? row[i]?.trim() : undefined;
    return v === '' ? undefined : v;
  };
  const instrument = get('legal_basis_instrument');
  return {
    category: get('category'),
    ...(get('category_specification')
      ? {
          category_specification: get('category_specification')!
            .split(';')
            .map((s) => s.trim()),
        }
      : {}),
    items: [{ url: get('url'), ...(get('text') ? { text: get('text') } : {}) }],
    explanation: get('explanation'),
    ...(instrument ? { legal_basis: { instrument, ...(get('legal_basis_provision') ? { provision: get('legal_basis_provision') } : {}) } } : {}),
    ...(get('content_language') ? { content_language: get('content_language') } : {}),
    ...(get('urgency') ? { urgency: get('urgency') } : {}),
  };
}

/** One notice's fate in a batch, as the API reports it. */
export interface ImportItemResult {
  index: number;
  status: 'accepted' | 'repeat' | 'rejected';
  errors?: FieldError[];
}

/** Sends up to MAX_BATCH notices (as read, unchecked) and answers for each. */
export type SubmitBatch = (notices: unknown[]) => Promise<ImportItemResult[]>;

/** Where an import goes, for one organization: runs `fn` with a way to submit batches. */
export type ImportTarget = <T>(orgId: string, fn: (submit: SubmitBatch) => Promise<T>) => Promise<T>;

/** Straight into the database, through the same use case as the API, as that organization. */
export function databaseImportTarget(withDb: <T>(fn: (ctx: ServiceContext) => Promise<T>) => Promise<T>): ImportTarget {
  return (orgId, fn) =>
    withDb(async (ctx) => {
      const actor = await organizationActor(ctx, orgId);
      return fn(async (notices) => (await submitNoticeBatch(ctx, actor, notices.map(checkNotice))).body.results);
    });
}

/** Through the operator route of the server that holds the embedded database. */
export function serverImportTarget(endpoint: OperatorEndpoint): ImportTarget {
  return (orgId, fn) =>
    fn(async (notices) => {
      const out = await callServer<{ results: ImportItemResult[] }>(endpoint, 'POST', `/api/v1/admin/organizations/${encodeURIComponent(orgId)}/notices/batch`, {
        body: { notices },
      });
      return out.results;
    });
}

/**
 * `minhbach import <file.jsonl|file.csv> --org <org_id>`: loads notices in batches through the
 * same use case as the API, as that organization, with a progress bar. A bad line is reported
 * (JSON line on stdout with its line number) and never stops the rest.
 */
export async function importCommand(args: string[], target: ImportTarget, write: (line: string) => void): Promise<number> {
  const { values, positionals } = parseArgs({ args, options: { org: { type: 'string' } }, allowPositionals: true, strict: true });
  const file = positionals[0];
  if (!file || !values.org || !isUuid(values.org)) throw AppError.validation([{ field: file ? 'org' : 'file', message: 'usage: import <file.jsonl|file.csv> --org <org_id>' }]);
  const csv = /\.csv$/i.test(file);
  const total = statSync(file).size;

  return target(values.org, async (submit) => {
    const counts = { accepted: 0, repeats: 0, rejected: 0 };
    const bar = progressBar('import', total);
    let bytes = 0;
    let pending: { line: number; value: unknown }[] = [];
    const inFlight = new Set<Promise<void>>();

    const flush = async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const p = submit(batch.map((b) => b.value)).then((results) => {
        for (const r of results) {
          if (r.status === 'accepted') counts.accepted++;
          else if (r.status === 'repeat') counts.repeats++;
          else {
            counts.rejected++;
            write(JSON.stringify({ line: batch[r.index]!.line, errors: r.errors }));
          }
        }
        bar.update(bytes, counts.accepted + counts.repeats + counts.rejected);
      });
      const tracked = p.finally(() => inFlight.delete(tracked));
      inFlight.add(tracked);
      if (inFlight.size >= IN_FLIGHT) await Promise.race(inFlight);
    };
    const add = async (line: number, value: unknown) => {
      pending.push({ line, value });
      if (pending.length >= MAX_BATCH) await flush();
    };

    let lineNo = 0;
    let header: string[] | null = null;
    const parser = csvParser();
    let rest = '';
    for await (const chunk of createReadStream(file, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
      bytes += Buffer.byteLength(chunk as string);
      if (csv) {
        for (const row of parser.push(chunk as string)) {
          lineNo++;
          if (!header) header = row.map((h) => h.trim());
          else if (row.some((f) => f !== '')) await add(lineNo, noticeFromCsv(header, row));
        }
        continue;
      }
      const lines = (rest + (chunk as string)).split('\n');
      rest = lines.pop()!;
      for (const text of lines) {
        lineNo++;
        if (text.trim() === '') continue;
        let value: unknown;
        try {
          value = JSON.parse(text);
        } catch {
          counts.rejected++;
          write(JSON.stringify({ line: lineNo, errors: [{ field: '(line)', message: 'is not valid JSON' }] }));
          continue;
        }
        await add(lineNo, value);
      }
    }
    if (csv) {
      for (const row of parser.end()) {
        lineNo++;
        if (header && row.some((f) => f !== '')) await add(lineNo, noticeFromCsv(header, row));
      }
    } else if (rest.trim() !== '') {
      lineNo++;
      try {
        await add(lineNo, JSON.parse(rest));
      } catch {
        counts.rejected++;
        write(JSON.stringify({ line: lineNo, errors: [{ field: '(line)', message: 'is not valid JSON' }] }));
      }
    }
    await flush();
    await Promise.all(inFlight);
    bar.finish(counts.accepted + counts.repeats + counts.rejected);
    write(JSON.stringify({ summary: counts }));
    return counts.rejected === 0 ? 0 : 1;
  });
}
