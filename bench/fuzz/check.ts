/**
 * What every answer must be, whatever was sent: never a 5xx; every 4xx an RFC 9457 problem+json
 * document whose `status` is the HTTP status; a validation failure (422) names each field.
 */
export interface Answer {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
}

/** Why `res` breaks the contract, or null when it keeps it. */
export function contractBreach(res: Answer, method = 'GET'): string | null {
  if (res.statusCode >= 500) return `status ${res.statusCode}`;
  if (res.statusCode < 400) return null;
  // A HEAD answer has no body to check, only its headers.
  if (method === 'HEAD') return String(res.headers['content-type'] ?? '').startsWith('application/problem+json') ? null : `HEAD ${res.statusCode} not problem+json`;
  const type = String(res.headers['content-type'] ?? '');
  if (!type.startsWith('application/problem+json')) return `status ${res.statusCode} with content-type "${type}", not problem+json`;
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(res.body);
  } catch {
    return `status ${res.statusCode}: the body is not JSON`;
  }
  for (const member of ['type', 'title', 'detail', 'code'] as const) {
    if (typeof doc[member] !== 'string' || doc[member] === '') return `status ${res.statusCode}: problem without "${member}"`;
  }
  if (doc.status !== res.statusCode) return `status ${res.statusCode}: the problem says ${String(doc.status)}`;
  if (doc.code === 'validation_failed') {
    const errors = doc.errors as { field?: unknown; message?: unknown }[] | undefined;
    if (!Array.isArray(errors) || errors.length === 0) return 'validation_failed without errors';
    const unnamed = errors.find((e) => typeof e.field !== 'string' || e.field === '' || typeof e.message !== 'string' || e.message === '');
    if (unnamed) return `validation_failed with an error naming no field: ${JSON.stringify(unnamed)}`;
  }
  return null;
}
