/**
 * RFC 8785 JSON Canonicalization Scheme: one byte string per JSON value, so that a record's
 * digest does not depend on who serialized it. Members are sorted by the UTF-16 code units of
 * their names, numbers are written as ECMAScript writes them (which JSON.stringify already does,
 * -0 as 0 included), and strings are escaped exactly as JSON.stringify escapes them.
 *
 * Stricter than JSON.stringify where its leniency would silently change what is hashed: NaN and
 * ±Infinity, bigint, functions, symbols, lone surrogates (RFC 8785 requires I-JSON), undefined
 * inside arrays (JSON.stringify writes null), cycles, and objects that are neither plain nor
 * have a toJSON (a Map would become {}) are all errors. As in JSON, a member whose value is
 * undefined is omitted, and toJSON is honoured (a Date becomes its ISO string).
 */
import { hasLoneSurrogate } from './encoding.ts';
import { malformed } from './tlog-error.ts';

export function canonicalJson(value: unknown): string {
  // The fast path serves every valid value; only an invalid one takes the careful path, which
  // finds the offending member's path for the error (it calls toJSON a second time), or serializes
  // a valid document nested deeper than MAX_DEPTH.
  try {
    const out = fast(value, '', 0);
    if (out !== undefined) return out;
  } catch (e) {
    if (e !== BAIL) throw e;
  }
  const out = serialize(value, '', '$', new Set());
  if (out === undefined) throw malformed('undefined is not a JSON value', '$');
  return out; // a valid document nested deeper than the fast path goes
}

/**
 * Thrown by the fast path for anything it will not serialize; the careful path says why. One Error made
 * once: throwing it captures no stack, and it is still an Error should it ever escape.
 */
const BAIL = new Error('jcs: the fast path declined; the careful path decides');
/** Deeper than this may be a cycle: the careful path, which tracks the objects it is inside, decides. */
const MAX_DEPTH = 256;

const wellFormed = (s: string) => (s as string & { isWellFormed(): boolean }).isWellFormed();

/**
 * Same output as `serialize` for valid values, without the per-member path strings and cycle set
 * that made canonicalization the largest cost of integrating a record (bench/results/log.md).
 */
function fast(value: unknown, key: string, depth: number, callToJSON = true): string | undefined {
  switch (typeof value) {
    case 'string':
      if (!wellFormed(value)) throw BAIL;
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw BAIL;
      return JSON.stringify(value);
    case 'boolean':
      return value ? 'true' : 'false';
    case 'undefined':
      return undefined;
    case 'object':
      break;
    default:
      throw BAIL;
  }
  if (value === null) return 'null';
  if (depth > MAX_DEPTH) throw BAIL;
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (callToJSON && typeof toJSON === 'function') return fast(toJSON.call(value, key), key, depth + 1, false);
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) {
      const s = fast(value[i], String(i), depth + 1);
      if (s === undefined) throw BAIL;
      out += i === 0 ? s : `,${s}`;
    }
    return `${out}]`;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) throw BAIL;
  const o = value as Record<string, unknown>;
  let out = '';
  for (const name of Object.keys(o).sort()) {
    const s = fast(o[name], name, depth + 1);
    if (s === undefined) continue;
    if (!wellFormed(name)) throw BAIL;
    out += `${out === '' ? '' : ','}${JSON.stringify(name)}:${s}`;
  }
  return `{${out}}`;
}

function serializeString(s: string, path: string): string {
  if (hasLoneSurrogate(s)) throw malformed('string contains a lone surrogate', path);
  return JSON.stringify(s);
}

/**
 * undefined means "no value" (skipped as an object member, an error elsewhere). As in
 * JSON.stringify, toJSON is called once per value, not again on what it returns (an object whose
 * toJSON returns itself must not recurse forever).
 */
function serialize(value: unknown, key: string, path: string, stack: Set<object>, callToJSON = true): string | undefined {
  switch (typeof value) {
    case 'undefined':
      return undefined;
    case 'boolean':
      return value ? 'true' : 'false';
    case 'number':
      if (!Number.isFinite(value)) throw malformed(`${value} is not a JSON number`, path);
      return JSON.stringify(value);
    case 'string':
      return serializeString(value, path);
    case 'object':
      break;
    default:
      throw malformed(`a ${typeof value} is not a JSON value`, path);
  }
  if (value === null) return 'null';
  const toJSON = (value as { toJSON?: unknown }).toJSON;
  if (callToJSON && typeof toJSON === 'function') return serialize(toJSON.call(value, key), key, path, stack, false);
  if (stack.has(value)) throw malformed('value is cyclic', path);
  stack.add(value);
  try {
    if (Array.isArray(value)) {
      const items = value.map((item, i) => {
        const s = serialize(item, String(i), `${path}[${i}]`, stack);
        if (s === undefined) throw malformed('undefined is not a JSON value', `${path}[${i}]`);
        return s;
      });
      return `[${items.join(',')}]`;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) throw malformed(`a ${proto?.constructor?.name ?? 'non-plain object'} is not a JSON object`, path);
    const members: string[] = [];
    // The default sort compares UTF-16 code units, which is exactly RFC 8785 §3.2.3.
    for (const name of Object.keys(value).sort()) {
      const s = serialize((value as Record<string, unknown>)[name], name, `${path}.${name}`, stack);
      if (s !== undefined) members.push(`${serializeString(name, `${path}.${name}`)}:${s}`);
    }
    return `{${members.join(',')}}`;
  } finally {
    stack.delete(value);
  }
}
