import { parseArgs } from 'node:util';
import type { CorrectionRequest } from '../services/correction.service.ts';

export const CORRECT_USAGE = 'correct <public-record-id> --reason "<why>" --set <field>=<value> [--set <field>=<value>]...';

/**
 * `minhbach correct`: the operator's correction of a published record. A value is read as JSON
 * when it looks like JSON (a list, an object, a quoted string, null), else as the text typed, so
 * `--set automated_detection=Yes` and `--set decision_visibility='["DECISION_VISIBILITY_CONTENT_REMOVED"]'`
 * both mean what they say.
 */
export function parseCorrectArgs(args: string[]): { id: string; input: CorrectionRequest } | { error: string } {
  const { values, positionals } = parseArgs({
    args,
    options: { reason: { type: 'string' }, set: { type: 'string', multiple: true } },
    allowPositionals: true,
    strict: true,
  });
  if (positionals.length !== 1 || !values.set?.length) return { error: CORRECT_USAGE };
  const changes: Record<string, unknown> = {};
  for (const pair of values.set) {
    const at = pair.indexOf('=');
    if (at <= 0) return { error: `--set ${pair}: write <field>=<value>` };
    const raw = pair.slice(at + 1);
    let value: unknown = raw;
    if (raw === 'null' || /^[[{"]/.test(raw)) {
      try {
        value = JSON.parse(raw);
      } catch {
        return { error: `--set ${pair}: the value looks like JSON but is not` };
      }
    }
    changes[pair.slice(0, at)] = value;
  }
  return { id: positionals[0]!, input: { changes, reason: values.reason ?? '' } };
}
