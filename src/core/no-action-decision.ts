import type { FieldError } from './errors.ts';

/**
 * A platform that finds nothing to restrict still owes the notifiers an answer with reasons
 * (DSA Art. 16(5)); the DSA statement of reasons only covers restrictions, so this is minhbach's
 * own, minimal counterpart, with the DSA's field names where they apply.
 */
export interface NoActionInput {
  decision_facts: string;
  decision_ground_reference_url?: string;
  puid?: string;
}

const FIELDS = new Set(['decision_facts', 'decision_ground_reference_url', 'puid']);
const PUID = /^[a-zA-Z0-9_-]{1,500}$/;

export function validateNoAction(input: unknown): { ok: true; value: NoActionInput } | { ok: false; errors: FieldError[] } {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) return { ok: false, errors: [{ field: '(body)', message: 'must be a JSON object' }] };
  const o = input as Record<string, unknown>;
  const errors: FieldError[] = [];
  for (const k of Object.keys(o)) if (!FIELDS.has(k)) errors.push({ field: k, message: 'is not a known field' });
  const facts = o.decision_facts;
  if (typeof facts !== 'string' || facts.trim().length < 10 || facts.length > 5000) {
    errors.push({ field: 'decision_facts', message: 'must explain, in 10 to 5000 characters, why no action is taken' });
  }
  const url = o.decision_ground_reference_url;
  if (url !== undefined && (typeof url !== 'string' || url.length > 500 || !/^https?:\/\/[^\s]+$/.test(url))) {
    errors.push({ field: 'decision_ground_reference_url', message: 'must be an http(s) URL of at most 500 characters' });
  }
  if (o.puid !== undefined && (typeof o.puid !== 'string' || !PUID.test(o.puid))) {
    errors.push({ field: 'puid', message: 'must be 1 to 500 characters of letters, digits, - and _' });
  }
  if (errors.length) return { ok: false, errors };
  return {
    ok: true,
    value: { decision_facts: (facts as string).trim(), ...(url ? { decision_ground_reference_url: url as string } : {}), ...(o.puid ? { puid: o.puid as string } : {}) },
  };
}
