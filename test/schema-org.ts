import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

/**
 * The schema.org vocabulary, offline: `@vocabulary/schema` (zazuko's rdf-vocabularies, a pinned
 * devDependency) ships schema.org's own release file (schemaorg-current-http) as N-Quads. Tests
 * check JSON-LD we publish against it: every `@type` is a class of the vocabulary, every property
 * is one, used on a type in its domain (domainIncludes, through subClassOf), and every value is in
 * its range (rangeIncludes: a typed node of a class in range, or a literal where a data type is).
 * No network: the file is read from node_modules.
 */
const SCHEMA = 'http://schema.org/';
const RDF_TYPE = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type';
const RDFS_CLASS = 'http://www.w3.org/2000/01/rdf-schema#Class';
const RDF_PROPERTY = 'http://www.w3.org/1999/02/22-rdf-syntax-ns#Property';
const SUBCLASS = 'http://www.w3.org/2000/01/rdf-schema#subClassOf';
/** Lines that relate two schema.org terms: `<s> <p> <o> <graph> .` */
const TRIPLE = /^<([^>]+)> <([^>]+)> <([^>]+)>/;

export interface Vocabulary {
  classes: Set<string>;
  properties: Set<string>;
  superClasses: Map<string, Set<string>>;
  domains: Map<string, Set<string>>;
  ranges: Map<string, Set<string>>;
}

let cached: Vocabulary | null = null;

export function schemaOrgVocabulary(): Vocabulary {
  if (cached) return cached;
  const file = createRequire(import.meta.url).resolve('@vocabulary/schema/schema.nq');
  const v: Vocabulary = { classes: new Set(), properties: new Set(), superClasses: new Map(), domains: new Map(), ranges: new Map() };
  const add = (m: Map<string, Set<string>>, k: string, x: string) => m.set(k, (m.get(k) ?? new Set()).add(x));
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = TRIPLE.exec(line);
    if (!m || !m[1]!.startsWith(SCHEMA)) continue;
    const [s, p, o] = [m[1]!.slice(SCHEMA.length), m[2]!, m[3]!];
    const local = o.startsWith(SCHEMA) ? o.slice(SCHEMA.length) : null;
    if (p === RDF_TYPE && o === RDFS_CLASS) v.classes.add(s);
    else if (p === RDF_TYPE && o === RDF_PROPERTY) v.properties.add(s);
    else if (p === RDF_TYPE && local === 'DataType') v.classes.add(s);
    else if (p === SUBCLASS && local) add(v.superClasses, s, local);
    else if (p === `${SCHEMA}domainIncludes` && local) add(v.domains, s, local);
    else if (p === `${SCHEMA}rangeIncludes` && local) add(v.ranges, s, local);
  }
  cached = v;
  return v;
}

/** The type and every class above it. */
function ancestors(v: Vocabulary, type: string): Set<string> {
  const out = new Set<string>();
  const walk = (t: string) => {
    if (out.has(t)) return;
    out.add(t);
    for (const s of v.superClasses.get(t) ?? []) walk(s);
  };
  walk(type);
  return out;
}

/** The data types a JSON literal can be, and how to tell. */
const LITERAL_TYPES: Record<string, (x: string | number | boolean) => boolean> = {
  Text: (x) => typeof x === 'string',
  URL: (x) => typeof x === 'string' && /^https?:\/\/\S+$/.test(x),
  Number: (x) => typeof x === 'number',
  Integer: (x) => Number.isInteger(x),
  Boolean: (x) => typeof x === 'boolean',
  Date: (x) => typeof x === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(x),
  DateTime: (x) => typeof x === 'string' && !Number.isNaN(Date.parse(x)) && /^\d{4}-\d{2}-\d{2}T/.test(x),
};

/**
 * Every problem of a JSON-LD node against the vocabulary, as `path: what` lines (empty: valid).
 * Keywords (`@context`, `@id`, `@graph`) are JSON-LD's own and not checked as properties.
 */
export function schemaOrgProblems(node: unknown, path = '$'): string[] {
  const v = schemaOrgVocabulary();
  if (Array.isArray(node)) return node.flatMap((n, i) => schemaOrgProblems(n, `${path}[${i}]`));
  if (typeof node !== 'object' || node === null) return [`${path}: is not a node`];
  const obj = node as Record<string, unknown>;
  if (Array.isArray(obj['@graph'])) return schemaOrgProblems(obj['@graph'], `${path}.@graph`);
  const type = obj['@type'];
  if (typeof type !== 'string') return [`${path}: has no @type`];
  if (!v.classes.has(type)) return [`${path}: @type ${type} is not a schema.org class`];
  const own = ancestors(v, type);
  const problems: string[] = [];
  for (const [key, value] of Object.entries(obj)) {
    if (key.startsWith('@')) continue;
    const at = `${path}.${key}`;
    if (!v.properties.has(key)) {
      problems.push(`${at}: is not a schema.org property`);
      continue;
    }
    const domains = v.domains.get(key) ?? new Set();
    if (![...domains].some((d) => own.has(d))) problems.push(`${at}: is not a property of ${type} (its domain: ${[...domains].join(', ')})`);
    const ranges = v.ranges.get(key) ?? new Set();
    for (const [i, item] of (Array.isArray(value) ? value : [value]).entries()) {
      const itemAt = Array.isArray(value) ? `${at}[${i}]` : at;
      if (typeof item === 'object' && item !== null) {
        const t = (item as Record<string, unknown>)['@type'];
        if (typeof t === 'string' && ![...ancestors(v, t)].some((a) => ranges.has(a))) problems.push(`${itemAt}: a ${t} is not in the range of ${key} (${[...ranges].join(', ')})`);
        problems.push(...schemaOrgProblems(item, itemAt));
      } else if (typeof item === 'string' || typeof item === 'number' || typeof item === 'boolean') {
        // The range's own data type, not its ancestors: URL is a subclass of Text, yet not any text.
        const ok = [...ranges].some((r) => LITERAL_TYPES[r]?.(item) ?? false);
        if (!ok) problems.push(`${itemAt}: ${JSON.stringify(item)} is none of the range of ${key} (${[...ranges].join(', ')})`);
      } else {
        problems.push(`${itemAt}: null is no schema.org value`);
      }
    }
  }
  return problems;
}
