/**
 * Fuzz cases derived from the served OpenAPI document: for every operation, requests that are
 * valid, nearly valid and hostile — wrong types, missing and extra fields, huge and hostile
 * strings, deep nesting, bad UUIDs and cursors, broken JSON, odd content types, wrong or missing
 * credentials. Deterministic for a seed, so a failure found once is found again.
 */

type Schema = Record<string, any>;

export interface Operation {
  method: string;
  /** OpenAPI spelling: `/api/v1/cases/{id}`. */
  path: string;
  parameters: { name: string; in: 'path' | 'query' | 'header'; required: boolean; schema: Schema }[];
  body?: Schema;
  bodyLimit?: number;
  /** `bearer`, `operator` or none, from the operation's security. */
  security: 'bearer' | 'operator' | 'none';
}

export interface Credentials {
  /** An `Authorization` header value per organization kind. */
  keys: Record<string, string>;
  operator: string;
}

export interface FuzzCase {
  /** `POST /api/v1/notices`, for the report. */
  route: string;
  /** What was done to the request, e.g. `body:wrong-type`. */
  strategy: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string;
}

/** mulberry32: small, fast, and the same sequence for the same seed everywhere. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Rand = () => number;
const pick = <T>(r: Rand, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const chance = (r: Rand, p: number) => r() < p;
const int = (r: Rand, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));

/** Strings that have broken servers: control characters, lone surrogates, injections, sheer size. */
export const HOSTILE_STRINGS: readonly string[] = [
  '',
  ' ',
  '\u0000',
  'a\u0000b',
  '\ud800',
  'x\udfffy',
  '\u202eevil',
  '\ufeff',
  '<script>alert(1)</script>',
  "' OR 1=1 --",
  '"; DROP TABLE cases; --',
  '${7*7}{{7*7}}',
  '%00',
  '%ff%fe',
  '../../../etc/passwd',
  '\r\n\r\nHTTP/1.1 200 OK',
  'null',
  '-1',
  '1e309',
  'NaN',
  '__proto__',
  'constructor',
  'lừa đảo chiếm đoạt tài sản',
  '🙂'.repeat(300),
  'a\u0301'.repeat(3000),
  'x'.repeat(70_000),
  'ừ'.repeat(20_000),
  'https://',
  'javascript:alert(1)',
  'https://www.facebook.com/' + 'a/'.repeat(2000),
  'http://[::1]:99999/',
  'mbk_' + 'A'.repeat(43),
];

const HOSTILE_VALUES: readonly unknown[] = [null, true, false, 0, -1, 1.5, 2 ** 53 + 1, -1e308, 1e308, [], {}, [[[]]], { a: { b: {} } }, [null], 'string', ''];

const BAD_IDS: readonly string[] = [
  'not-a-uuid',
  '00000000-0000-0000-0000-000000000000',
  'FFFFFFFF-FFFF-7FFF-BFFF-FFFFFFFFFFFF',
  '01234567-89ab-7cde-8f01-23456789abcd',
  'x'.repeat(5000),
  '%ff',
  '%00',
  '%2F..%2F',
  '..',
  'lừa',
  '%E1%BB%AB',
  '1 OR 1=1',
  '-1',
  '%',
];

const TILE_PATHS: readonly string[] = [
  '0/000',
  '0/000.p/1',
  '0/000.p/0',
  '0/000.p/256',
  'entries/000',
  'entries/000.p/1',
  '0/x',
  '99/x999/999',
  '-1/000',
  '0/001',
  '1/000',
  '0/000.p/',
  'entries/x001/000',
  '0/' + '9'.repeat(500),
];

const BAD_CURSORS: readonly string[] = [
  'abc',
  '',
  '====',
  Buffer.from('not an id').toString('base64url'),
  Buffer.from('00000000-0000-7000-8000-000000000000').toString('base64url'),
  Buffer.from('\u0000').toString('base64url'),
  'A'.repeat(4000),
  '%ff',
  'null',
];

const BODY_RAW: readonly string[] = [
  '',
  '{',
  '{"a":',
  'null',
  '[]',
  '"text"',
  '0',
  'true',
  '\ufeff{}',
  '{"__proto__":{"polluted":1}}',
  '{"constructor":{"prototype":{"polluted":1}}}',
  '{"a":1,"a":2}',
  '{"a":"\\ud800"}',
  '{"a":"\\u0000"}',
  '{"a":1e999}',
  '[' + '1,'.repeat(50_000) + '1]',
  '{' + '"k":1,'.repeat(20_000) + '"k":2}',
  '\u0000\u0001\u0002',
  'not json at all',
];

const CONTENT_TYPES: readonly string[] = [
  'text/plain',
  'application/xml',
  'multipart/form-data; boundary=x',
  'application/x-www-form-urlencoded',
  'application/json; charset=utf-16',
  'application/JSON',
  'application/json-patch+json',
  'application/problem+json',
  'application/octet-stream',
  '*/*',
  'application/json; charset=latin1',
];

/** The operations of an OpenAPI 3.1 document as served by @fastify/swagger. */
export function operationsOf(doc: Schema): Operation[] {
  const ops: Operation[] = [];
  for (const [path, methods] of Object.entries(doc.paths as Record<string, Record<string, Schema>>)) {
    for (const [method, op] of Object.entries(methods)) {
      const security = op.security?.[0]?.operator ? 'operator' : op.security?.[0]?.bearer ? 'bearer' : 'none';
      ops.push({
        method: method.toUpperCase(),
        path,
        parameters: (op.parameters ?? []).map((p: Schema) => ({ name: p.name, in: p.in, required: !!p.required, schema: p.schema ?? {} })),
        body: op.requestBody?.content?.['application/json']?.schema,
        bodyLimit: op['x-body-limit'],
        security,
      });
    }
  }
  return ops;
}

/** What a caller knows: ids of real objects, so some requests reach deep into the services. */
export interface Pools {
  ids: string[];
  /** The body schema of POST /api/v1/notices, for batch items the document leaves untyped. */
  noticeSchema?: Schema;
}

function uuidv7ish(r: Rand): string {
  const hex = (n: number) => Array.from({ length: n }, () => Math.floor(r() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-7${hex(3)}-${pick(r, ['8', '9', 'a', 'b'])}${hex(3)}-${hex(12)}`;
}

const WORDS = ['lừa', 'đảo', 'chiếm', 'đoạt', 'tài', 'sản', 'giả', 'mạo', 'ngân', 'hàng', 'quà', 'miễn', 'phí', 'đăng', 'nhập'];

function text(r: Rand, min: number, max: number): string {
  const words: string[] = [];
  const target = Math.max(min, Math.min(max, int(r, Math.max(min, 1), Math.min(max, 80))));
  while (words.join(' ').length < target) words.push(pick(r, WORDS));
  let s = words.join(' ').slice(0, Math.max(target, min));
  while (s.length < min) s += 'a';
  return s;
}

/** A value the schema accepts (as far as a generator without a solver can tell). */
export function validValue(schema: Schema, r: Rand, pools: Pools, name = '', depth = 0): unknown {
  if (!schema || depth > 8) return null;
  if (schema.description === 'A NoticeInput' && pools.noticeSchema) return validValue(pools.noticeSchema, r, pools, name, depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.enum) return pick(r, schema.enum);
  if (schema.anyOf || schema.oneOf) return validValue(pick(r, schema.anyOf ?? schema.oneOf), r, pools, name, depth + 1);
  const type = Array.isArray(schema.type)
    ? pick(
        r,
        schema.type.filter((t: string) => t !== 'null'),
      )
    : schema.type;
  switch (type) {
    case 'string': {
      if (schema.format === 'date-time') return new Date(Date.UTC(2026, int(r, 0, 11), int(r, 1, 28))).toISOString();
      if (schema.format === 'date') return `2026-${String(int(r, 1, 12)).padStart(2, '0')}-${String(int(r, 1, 28)).padStart(2, '0')}`;
      if (schema.format === 'uri' || /url/i.test(name)) return `https://www.facebook.com/page.${int(r, 1, 1e6)}/posts/${int(r, 1, 1e12)}`;
      if (schema.pattern === '^[a-z]{2}$') return 'vi';
      if (schema.pattern) return pick(r, ['1', '2', '10', '0']);
      if (/(?:^|_)id$/.test(name) && pools.ids.length) return pick(r, pools.ids);
      return text(r, schema.minLength ?? 0, Math.min(schema.maxLength ?? 200, 200));
    }
    case 'integer':
    case 'number':
      return int(r, schema.minimum ?? 0, Math.min(schema.maximum ?? 100, (schema.minimum ?? 0) + 100));
    case 'boolean':
      return chance(r, 0.5);
    case 'array': {
      const n = int(r, schema.minItems ?? 0, Math.min(schema.maxItems ?? 3, Math.max(schema.minItems ?? 0, 3)));
      return Array.from({ length: n }, () => validValue(schema.items ?? {}, r, pools, name, depth + 1));
    }
    case 'object':
    default: {
      if (type !== 'object' && !schema.properties) return pick(r, ['x', 1, true, null]);
      const out: Record<string, unknown> = {};
      const required: string[] = schema.required ?? [];
      for (const [k, sub] of Object.entries((schema.properties ?? {}) as Record<string, Schema>)) {
        if (required.includes(k) || chance(r, 0.5)) out[k] = validValue(sub, r, pools, k, depth + 1);
      }
      return out;
    }
  }
}

/** Every place in a JSON value, as a path of keys and indexes. */
function places(value: unknown, prefix: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(prefix);
  if (out.length > 500) return out;
  if (Array.isArray(value)) value.forEach((v, i) => places(v, [...prefix, i], out));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) places(v, [...prefix, k], out);
  return out;
}

function setAt(root: unknown, path: (string | number)[], value: unknown): unknown {
  if (path.length === 0) return value;
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  node[path[path.length - 1]!] = value;
  return root;
}

function deleteAt(root: unknown, path: (string | number)[]): unknown {
  if (path.length === 0) return undefined;
  let node = root as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) node = node[k] as Record<string | number, unknown>;
  const last = path[path.length - 1]!;
  if (Array.isArray(node)) node.splice(last as number, 1);
  else delete node[last];
  return root;
}

const nest = (depth: number, inner: string) => (depth % 2 ? '['.repeat(depth) + inner + ']'.repeat(depth) : '{"a":'.repeat(depth) + inner + '}'.repeat(depth));

/** A body: valid, or broken in one of many ways; raw JSON text (or not JSON at all). */
function body(op: Operation, r: Rand, pools: Pools): { strategy: string; payload: string } {
  const valid = () => validValue(op.body!, r, pools);
  const s = r();
  if (s < 0.2) return { strategy: 'body:valid', payload: JSON.stringify(valid()) };
  if (s < 0.3) {
    const v = valid();
    const ps = places(v).filter((p) => p.length > 0);
    return { strategy: 'body:missing-field', payload: JSON.stringify(ps.length ? deleteAt(v, pick(r, ps)) : {}) };
  }
  if (s < 0.38) {
    const v = valid();
    const objects = places(v).filter((p) => {
      let n: any = v;
      for (const k of p) n = n[k];
      return n && typeof n === 'object' && !Array.isArray(n);
    });
    const at = objects.length ? pick(r, objects) : [];
    let n: any = v;
    for (const k of at) n = n[k];
    if (n && typeof n === 'object') n[pick(r, ['extra', '__proto__x', 'ừ', '', 'x'.repeat(300)])] = pick(r, HOSTILE_VALUES);
    return { strategy: 'body:extra-field', payload: JSON.stringify(v) };
  }
  if (s < 0.5) {
    const v = valid();
    return { strategy: 'body:wrong-type', payload: JSON.stringify(setAt(v, pick(r, places(v)), pick(r, HOSTILE_VALUES))) };
  }
  if (s < 0.64) {
    const v = valid();
    const ps = places(v);
    return { strategy: 'body:hostile-string', payload: JSON.stringify(setAt(v, pick(r, ps), pick(r, HOSTILE_STRINGS))) };
  }
  if (s < 0.7) {
    const v = valid();
    const marker = '"__NEST__"';
    const withMarker = JSON.stringify(setAt(v, pick(r, places(v)), '__NEST__'));
    const depth = pick(r, [63, 64, 65, 100, 3000, 20_000]);
    return { strategy: `body:nested-${depth}`, payload: withMarker.replace(marker, nest(depth, '1')) };
  }
  if (s < 0.74) {
    const v = valid();
    const arrays = places(v).filter((p) => {
      let n: any = v;
      for (const k of p) n = n[k];
      return Array.isArray(n);
    });
    if (arrays.length) {
      const at = pick(r, arrays);
      let n: any = v;
      for (const k of at) n = n[k];
      const item = n[0] ?? 'x';
      setAt(
        v,
        at,
        Array.from({ length: pick(r, [101, 1000, 5000]) }, () => item),
      );
    }
    return { strategy: 'body:huge-array', payload: JSON.stringify(v) };
  }
  if (s < 0.88) return { strategy: 'body:raw', payload: pick(r, BODY_RAW) };
  if (s < 0.9985) return { strategy: 'body:hostile-root', payload: JSON.stringify(pick(r, HOSTILE_VALUES)) };
  // Just over the documented limit (rare: large bodies are slow to build and send).
  const limit = op.bodyLimit ?? 1024 * 1024;
  return { strategy: 'body:over-limit', payload: JSON.stringify({ pad: 'x'.repeat(limit) }) };
}

function paramValue(p: Operation['parameters'][number], r: Rand, pools: Pools): { strategy: string; value: string | string[] | undefined } {
  if (p.in === 'path') {
    if (p.name === '*')
      return chance(r, 0.7) ? { strategy: 'path:tile', value: pick(r, TILE_PATHS) } : { strategy: 'path:bad', value: pick(r, [...BAD_IDS, ...HOSTILE_STRINGS.slice(0, 20)]) };
    const s = r();
    if (s < 0.4 && pools.ids.length) return { strategy: 'path:known-id', value: encodeURIComponent(pick(r, pools.ids)) };
    if (s < 0.6) return { strategy: 'path:random-uuid', value: uuidv7ish(r) };
    return { strategy: 'path:bad-id', value: pick(r, BAD_IDS) };
  }
  const s = r();
  if (s < 0.45) return { strategy: `${p.in}:valid`, value: p.required || chance(r, 0.5) ? String(validValue(p.schema, r, pools, p.name)) : undefined };
  if (p.name === 'cursor' && s < 0.7) return { strategy: 'query:bad-cursor', value: pick(r, BAD_CURSORS) };
  if (s < 0.6) return { strategy: `${p.in}:missing`, value: undefined };
  if (s < 0.7) return { strategy: `${p.in}:wrong-type`, value: pick(r, ['x', '-1', '0', '1.5', '99999999999999999999', 'true', '[]', '{}']) };
  if (p.in === 'query' && s < 0.78) return { strategy: 'query:repeated', value: [String(validValue(p.schema, r, pools, p.name)), 'x'] };
  return {
    strategy: `${p.in}:hostile`,
    value: pick(
      r,
      HOSTILE_STRINGS.filter((h) => h.length < 20_000),
    ),
  };
}

/** encodeURIComponent, except that a lone surrogate becomes the bytes of its (invalid) UTF-8 form instead of an exception. */
function percentEncode(v: string): string {
  let out = '';
  for (const ch of v) {
    const c = ch.charCodeAt(0);
    out +=
      ch.length === 1 && c >= 0xd800 && c <= 0xdfff
        ? `%ED%${(0x80 | ((c >> 6) & 0x3f)).toString(16).toUpperCase()}%${(0x80 | (c & 0x3f)).toString(16).toUpperCase()}`
        : encodeURIComponent(ch);
  }
  return out;
}

/** Query-string encoding, sometimes deliberately broken (raw `%`, raw UTF-8, raw NUL escapes). */
function encodeQuery(pairs: [string, string][], r: Rand): string {
  const enc = (v: string) => (chance(r, 0.85) ? percentEncode(v) : v.replace(/[ #&]/g, (c) => encodeURIComponent(c)));
  const parts = pairs.map(([k, v]) => `${enc(k)}=${enc(v)}`);
  if (chance(r, 0.05)) parts.push(pick(r, ['%', '%zz=1', '%ff=%fe', 'a=%00', '=', '&&', 'a[b]=1', '__proto__=1', 'constructor[prototype]=1']));
  return parts.length ? `?${parts.join('&')}` : '';
}

function credentials(op: Operation, r: Rand, creds: Credentials, wanted: string | undefined): { strategy: string; value?: string } {
  const s = r();
  const right = op.security === 'operator' ? creds.operator : op.security === 'bearer' ? (wanted ?? pick(r, Object.values(creds.keys))) : undefined;
  if (s < 0.7) return { strategy: 'auth:right', value: right };
  if (s < 0.8) return { strategy: 'auth:other-kind', value: pick(r, [...Object.values(creds.keys), creds.operator]) };
  if (s < 0.85) return { strategy: 'auth:none' };
  return {
    strategy: 'auth:bad',
    value: pick(r, [
      'Bearer',
      'Bearer ',
      'Basic dXNlcjpwYXNz',
      'Bearer mbk_' + 'A'.repeat(43),
      'Bearer ' + 'x'.repeat(8000),
      'bearer ' + (right ?? 'x'),
      'Bearer a b',
      'Bearer \u00ff',
    ]),
  };
}

/**
 * One case for `op`. `wantedKey` is the key of a caller the route is for (e.g. a platform's for
 * decisions), so most requests get past authorization to validation and the services.
 */
export function generateCase(op: Operation, r: Rand, creds: Credentials, pools: Pools, wantedKey?: string): FuzzCase {
  const strategies: string[] = [];
  let path = op.path;
  const query: [string, string][] = [];
  const headers: Record<string, string> = {};
  for (const p of op.parameters) {
    const { strategy, value } = paramValue(p, r, pools);
    if (p.in === 'path') {
      path = path.replace(`{${p.name}}`, value as string);
      strategies.push(strategy);
    } else if (value !== undefined) {
      if (strategy !== `${p.in}:valid`) strategies.push(strategy);
      for (const v of ([] as string[]).concat(value)) {
        if (p.in === 'query') query.push([p.name, v]);
        else headers[p.name] = v;
      }
    }
  }
  if (chance(r, 0.05)) {
    query.push([
      pick(r, ['unknown', 'limit', 'q', '', '__proto__']),
      pick(
        r,
        HOSTILE_STRINGS.filter((h) => h.length < 1000),
      ),
    ]);
    strategies.push('query:extra');
  }
  const auth = credentials(op, r, creds, wantedKey);
  if (auth.value !== undefined) headers.authorization = auth.value;
  if (auth.strategy !== 'auth:right') strategies.push(auth.strategy);

  let payload: string | undefined;
  if (op.body || (op.method === 'POST' && chance(r, 0.3))) {
    const b = op.body ? body(op, r, pools) : { strategy: 'body:unexpected', payload: pick(r, BODY_RAW) };
    payload = b.payload;
    strategies.push(b.strategy);
    const ct = r();
    if (ct < 0.88) headers['content-type'] = 'application/json';
    else if (ct < 0.98) {
      headers['content-type'] = pick(r, CONTENT_TYPES);
      strategies.push('content-type:odd');
    } else strategies.push('content-type:none');
  } else if (chance(r, 0.03)) {
    // A body where none is expected.
    payload = pick(r, BODY_RAW);
    headers['content-type'] = 'application/json';
    strategies.push('body:on-get');
  }
  if (chance(r, 0.03)) {
    headers[pick(r, ['x-forwarded-for', 'accept', 'accept-encoding', 'x-anything', 'idempotency-key'])] = pick(r, [
      '*/*',
      '1.2.3.4, ::1',
      'gzip;q=0',
      'x'.repeat(4000),
      '\u0000',
      'lừa',
    ]);
    strategies.push('header:odd');
  }
  let method = op.method;
  if (chance(r, 0.02)) {
    method = pick(
      r,
      ['PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS', 'GET', 'POST'].filter((m) => m !== op.method),
    );
    strategies.push('method:other');
  }
  return {
    route: `${op.method} ${op.path}`,
    strategy: strategies.join(' ') || 'valid',
    method,
    url: path + encodeQuery(query, r),
    headers,
    ...(payload !== undefined ? { payload } : {}),
  };
}
