import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import { canonicalJson } from './jcs.ts';

describe('RFC 8785 canonical JSON', () => {
  it('reproduces the RFC example of §3.2.2', () => {
    const input = JSON.parse(
      '{"numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001], "string": "\\u20ac$\\u000F\\u000aA\'\\u0042\\u0022\\u005c\\\\\\"\\/", "literals": [null, true, false]}',
    );
    expect(canonicalJson(input)).toBe('{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\\u000f\\nA\'B\\"\\\\\\\\\\"/"}');
  });

  it('sorts members by UTF-16 code units (the example of §3.2.3)', () => {
    const input = {
      '\u20ac': 'Euro Sign',
      '\r': 'Carriage Return',
      '\ufb33': 'Hebrew Letter Dalet With Dagesh',
      '1': 'One',
      '\ud83d\ude00': 'Emoji: Grinning Face',
      '\u0080': 'Control',
      '\u00f6': 'Latin Small Letter O With Diaeresis',
    };
    const out = canonicalJson(input);
    // (Not checked through JSON.parse: JavaScript objects list the integer-like key "1" first.)
    expect(out).toBe(
      '{"\\r":"Carriage Return","1":"One","\u0080":"Control","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude00":"Emoji: Grinning Face","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
    );
  });

  it('writes numbers as ECMAScript does (RFC 8785 Appendix B)', () => {
    const cases: [string, string][] = [
      ['0000000000000000', '0'],
      ['8000000000000000', '0'],
      ['0000000000000001', '5e-324'],
      ['8000000000000001', '-5e-324'],
      ['7fefffffffffffff', '1.7976931348623157e+308'],
      ['ffefffffffffffff', '-1.7976931348623157e+308'],
      ['4340000000000000', '9007199254740992'],
      ['c340000000000000', '-9007199254740992'],
      ['4430000000000000', '295147905179352830000'],
      ['44b52d02c7e14af5', '9.999999999999997e+22'],
      ['44b52d02c7e14af6', '1e+23'],
      ['44b52d02c7e14af7', '1.0000000000000001e+23'],
      ['444b1ae4d6e2ef4e', '999999999999999700000'],
      ['444b1ae4d6e2ef4f', '999999999999999900000'],
      ['444b1ae4d6e2ef50', '1e+21'],
      ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
      ['3eb0c6f7a0b5ed8d', '0.000001'],
      ['41b3de4355555553', '333333333.3333332'],
      ['41b3de4355555554', '333333333.33333325'],
      ['41b3de4355555555', '333333333.3333333'],
      ['41b3de4355555556', '333333333.3333334'],
      ['41b3de4355555557', '333333333.33333343'],
      ['becbf647612f3696', '-0.0000033333333333333333'],
      ['43143ff3c1cb0959', '1424953923781206.2'],
    ];
    for (const [bits, want] of cases) expect(canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0)), bits).toBe(want);
    for (const bits of ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000']) {
      expect(() => canonicalJson(Buffer.from(bits, 'hex').readDoubleBE(0)), bits).toThrow(AppError);
    }
  });

  it('escapes strings as JSON.stringify does', () => {
    expect(canonicalJson('\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u2028é😀')).toBe('"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \\"\\\\/\u007f\u2028é😀"');
  });

  it('follows JSON for undefined members and toJSON, and nests', () => {
    expect(canonicalJson({ b: [1, { d: null, c: 'x' }], a: undefined, t: new Date(Date.UTC(2025, 0, 2, 3, 4, 5, 6)) })).toBe(
      '{"b":[1,{"c":"x","d":null}],"t":"2025-01-02T03:04:05.006Z"}',
    );
    expect(canonicalJson(Object.assign(Object.create(null), { z: 1, y: 2 }))).toBe('{"y":2,"z":1}');
    expect(canonicalJson([])).toBe('[]');
    expect(canonicalJson({})).toBe('{}');
    expect(canonicalJson(-0)).toBe('0');
    // toJSON is called once, so one returning its own object ends in a plain error, not a stack overflow.
    const selfish = {
      a: 1,
      toJSON() {
        return this;
      },
    };
    expect(() => canonicalJson(selfish)).toThrow(AppError);
    expect(canonicalJson({ a: 1, toJSON: () => ({ b: 2 }) })).toBe('{"b":2}');
  });

  it('refuses what JSON.stringify would silently change', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    for (const bad of [
      undefined,
      NaN,
      Infinity,
      1n,
      () => 1,
      Symbol('s'),
      [undefined],
      [1, () => 2],
      { s: Symbol('x') },
      new Map([[1, 2]]),
      new Set([1]),
      new Uint8Array(2),
      cyclic,
      '\ud800',
      { '\udc00': 1 },
      { a: 'x\udbffy' },
    ]) {
      expect(() => canonicalJson(bad), String(typeof bad)).toThrow(AppError);
    }
    // Shared (not cyclic) references are fine.
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });

  it('serializes documents nested deeper than its fast path, and still finds deep cycles', () => {
    let deep: unknown = 'x';
    for (let i = 0; i < 400; i++) deep = i % 2 ? [deep] : { k: deep };
    expect(canonicalJson(deep)).toBe(JSON.stringify(deep));
    const ring: Record<string, unknown> = {};
    let at = ring;
    for (let i = 0; i < 300; i++) at = (at.next = {}) as Record<string, unknown>;
    at.next = ring;
    expect(() => canonicalJson(ring)).toThrow(/cyclic/);
  });

  it('names the offending member wherever it is', () => {
    expect(() => canonicalJson({ a: [1, { b: NaN }] })).toThrow(expect.objectContaining({ message: expect.stringMatching(/\$\.a\[1\]\.b/) }));
    expect(() => canonicalJson({ ok: 'x', z: { '\ud800': 1 } })).toThrow(expect.objectContaining({ message: expect.stringMatching(/\$\.z/) }));
  });

  it('is JSON that parses back to the same value, and is idempotent', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const c = canonicalJson(v);
        expect(JSON.parse(c)).toEqual(JSON.parse(JSON.stringify(v)));
        expect(canonicalJson(JSON.parse(c))).toBe(c);
      }),
      { numRuns: 200 },
    );
  });
});
