import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The web app's message catalogs (web/src/locales): every Vietnamese message has its English one
 * and the reverse, with the same placeholders, so switching language never shows a raw key or
 * drops a number from a sentence.
 */
const DIR = path.resolve(import.meta.dirname, '../web/src/locales');

function flatten(o: unknown, prefix = ''): Map<string, string> {
  const out = new Map<string, string>();
  for (const [k, v] of Object.entries(o as Record<string, unknown>)) {
    const key = prefix ? `${prefix}.${k}` : k;
    if (v !== null && typeof v === 'object') for (const [kk, vv] of flatten(v, key)) out.set(kk, vv);
    else out.set(key, String(v));
  }
  return out;
}

/** i18next's plural keys: English has `_one` and `_other`, Vietnamese (no plural) `_other` alone. */
const base = (key: string) => key.replace(/_(?:zero|one|two|few|many|other)$/, '');
const keysOf = (m: Map<string, string>) => [...new Set([...m.keys()].map(base))].sort();

const placeholders = (s: string) => [...s.matchAll(/\{\{\s*(\w+)\s*\}\}/g)].map((m) => m[1]).sort();

const pairs = readdirSync(DIR)
  .filter((f) => /(?:^|\.)vi\.json$/.test(f))
  .map((vi) => [vi, vi.replace(/vi\.json$/, 'en.json')] as const);

describe('the web app’s catalogs', () => {
  it('come in Vietnamese and English pairs', () => {
    expect(pairs.length).toBeGreaterThan(3);
    const files = readdirSync(DIR).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(pairs.flat().sort());
  });

  it.each(pairs)('%s and %s hold the same messages with the same placeholders', (viFile, enFile) => {
    const vi = flatten(JSON.parse(readFileSync(path.join(DIR, viFile), 'utf8')));
    const en = flatten(JSON.parse(readFileSync(path.join(DIR, enFile), 'utf8')));
    expect(keysOf(en)).toEqual(keysOf(vi));
    for (const [key, text] of vi) {
      const english = en.get(key) ?? en.get(`${base(key)}_other`) ?? '';
      // A count may be left out of an English singular ("one item"), never out of the general form.
      expect(placeholders(english), key).toEqual(placeholders(text));
      expect(text.trim(), `${viFile}: ${key} is empty`).not.toBe('');
    }
  });
});
