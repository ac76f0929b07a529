import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { trackingCodeHash } from './public-report.ts';
import { normalizeTrackingCode, TRACKING_CODE_BYTES, trackingCodeFromBytes } from './tracking-code.ts';

describe('tracking codes', () => {
  it('are 80 bits as four groups of Crockford base32, without I, L, O or U', () => {
    expect(trackingCodeFromBytes(new Uint8Array(TRACKING_CODE_BYTES))).toBe('0000-0000-0000-0000');
    expect(trackingCodeFromBytes(new Uint8Array(TRACKING_CODE_BYTES).fill(255))).toBe('ZZZZ-ZZZZ-ZZZZ-ZZZZ');
    // 0x08 0x42 … : 00001 00001 00001 … every 5 bits read 1.
    expect(trackingCodeFromBytes(Uint8Array.of(0x08, 0x42, 0x10, 0x84, 0x21, 0x08, 0x42, 0x10, 0x84, 0x21))).toBe('1111-1111-1111-1111');
    for (let i = 0; i < 200; i++) expect(trackingCodeFromBytes(randomBytes(TRACKING_CODE_BYTES))).toMatch(/^[0-9A-HJKMNP-TV-Z]{4}(?:-[0-9A-HJKMNP-TV-Z]{4}){3}$/);
    expect(() => trackingCodeFromBytes(new Uint8Array(8))).toThrow();
  });

  it('are read as people type them: any case, spaces or none, I/L for 1 and O for 0', () => {
    const code = '7K3M-9QXD-2HWA-PZ10';
    for (const typed of [code, code.toLowerCase(), '7k3m 9qxd 2hwa pz10', '7K3M9QXD2HWAPZ10', '7K3M-9QXD-2HWA-PZLO', ' 7k3m-9qxd-2hwa-pzio ']) {
      expect(normalizeTrackingCode(typed)).toBe(code);
    }
    for (const bad of ['', '7K3M-9QXD-2HWA', '7K3M-9QXD-2HWA-PZ10-0', '7K3M-9QXD-2HWA-PZ1U', '7K3M/9QXD/2HWA/PZ10', 'x'.repeat(100)]) {
      expect(normalizeTrackingCode(bad)).toBeNull();
    }
  });

  it('are stored as one hash whatever way they were typed', () => {
    const h = trackingCodeHash('7K3M-9QXD-2HWA-PZ10')!;
    expect(h).toHaveLength(32);
    expect(trackingCodeHash('7k3m 9qxd 2hwa pzlo')).toEqual(h);
    expect(trackingCodeHash('not a code')).toBeNull();
  });
});
