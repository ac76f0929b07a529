import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppError } from '../errors.ts';
import {
  MAX_NOTE_SIGNATURES,
  NoteSigner,
  SIG_TYPE_ED25519,
  computeKeyId,
  formatSignerKey,
  formatVerifierKey,
  generateKeyPair,
  isValidKeyName,
  openNote,
  parseSignerKey,
  parseVerifierKey,
  signNote,
} from './note.ts';
import { TlogError } from './tlog-error.ts';

// golang.org/x/mod/sumdb/note's own test keys and signatures (note_test.go).
const PETER_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW';
const PETER_SKEY = 'PRIVATE+KEY+PeterNeumann+c74f20a3+AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz';
const ENOCH_VKEY = 'EnochRoot+af0cfe78+ATtqJ7zOtqQtYqOo0CpvDXNlMhV3HeJDpjrASKGLWdop';
const TEXT = "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n";
const PETER_SIG = '— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n';
const ENOCH_SIG = '— EnochRoot rwz+eBzmZa0SO3NbfRGzPCpDckykFXSdeX+MNtCOXm2/5n2tiOHp+vAF1aGrQ5ovTG01oOTGwnWLox33WWd1RvMc+QQ=\n';
// The signed-note spec's example verifier key.
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k';

const peter = parseVerifierKey(PETER_VKEY);
const enoch = parseVerifierKey(ENOCH_VKEY);
/** Inserts "ABCD" at a byte offset of a signature line (valid base64, wrong signature), as note_test.go does. */
const corrupt = (line: string) => {
  const b = Buffer.from(line);
  return Buffer.concat([b.subarray(0, 60), Buffer.from('ABCD'), b.subarray(60)]).toString();
};

describe('verifier keys', () => {
  it('parses the spec example and the Go test keys', () => {
    const spec = parseVerifierKey(SPEC_VKEY);
    expect(spec).toMatchObject({ name: 'example.com/foo', keyId: 0x530d903a, type: SIG_TYPE_ED25519 });
    expect(spec.publicKey).toHaveLength(32);
    expect(formatVerifierKey(spec)).toBe(SPEC_VKEY);
    expect(peter).toMatchObject({ name: 'PeterNeumann', keyId: 0xc74f20a3 });
    expect(computeKeyId(peter.name, SIG_TYPE_ED25519, peter.publicKey)).toBe(0xc74f20a3);
    expect(formatVerifierKey(peter)).toBe(PETER_VKEY);
  });

  it('splits only at the first two "+" (the base64 may contain "+")', () => {
    let vkey = '';
    for (let i = 0; vkey.split('+').length < 5; i++) vkey = NoteSigner.fromSeed('a.example/log', new Uint8Array(32).fill(i)).verifierKeyString();
    const key = parseVerifierKey(vkey);
    expect(key.name).toBe('a.example/log');
    expect(formatVerifierKey(key)).toBe(vkey);
  });

  it('rejects every substring and every one-byte change of a key (as note_test.go does)', () => {
    const b = Buffer.from(PETER_VKEY);
    const bad: string[] = [];
    for (let i = 0; i <= b.length; i++) for (let j = i + 1; j <= b.length; j++) if (i !== 0 || j !== b.length) bad.push(b.subarray(i, j).toString('latin1'));
    for (let i = 0; i < b.length; i++) {
      const c = Buffer.from(b);
      c[i]! += 1;
      bad.push(c.toString('latin1'));
    }
    bad.push('PeterNeumann+cc469956+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TWBADKEY=='); // wrong length, adjusted id
    bad.push('PeterNeumann+173116ae+ZRpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'); // unknown type, adjusted id
    const accepted = bad.filter((k) => {
      try {
        parseVerifierKey(k);
        return true;
      } catch (e) {
        expect(e).toBeInstanceOf(AppError);
        return false;
      }
    });
    expect(accepted).toEqual([]);
  });

  it('validates key names', () => {
    expect(isValidKeyName('example.com/log')).toBe(true);
    for (const bad of ['', 'a b', 'a+b', 'a\u00a0b', 'a\u2028b', 'a\tb', 'a\u0000b', 'a\ud800']) expect(isValidKeyName(bad), JSON.stringify(bad)).toBe(false);
  });
});

describe('signer keys', () => {
  it('parses and reformats the Go test key', () => {
    const s = parseSignerKey(PETER_SKEY);
    expect(s.name).toBe('PeterNeumann');
    expect(s.keyId).toBe(0xc74f20a3);
    expect(s.verifierKeyString()).toBe(PETER_VKEY);
    expect(formatSignerKey(s)).toBe(PETER_SKEY);
  });

  it('rejects every substring and every one-byte change of a signer key', () => {
    const b = Buffer.from(PETER_SKEY);
    const bad: string[] = [];
    for (let i = 0; i <= b.length; i++) for (let j = i + 1; j <= b.length; j++) if (i !== 0 || j !== b.length) bad.push(b.subarray(i, j).toString('latin1'));
    for (let i = 0; i < b.length; i++) {
      const c = Buffer.from(b);
      c[i]! += 1;
      bad.push(c.toString('latin1'));
    }
    const accepted = bad.filter((k) => {
      try {
        parseSignerKey(k);
        return true;
      } catch {
        return false;
      }
    });
    expect(accepted).toEqual([]);
  });

  it('generates working key pairs', () => {
    const { signerKey, verifierKey } = generateKeyPair('minhbach.example/log');
    expect(signerKey).toMatch(/^PRIVATE\+KEY\+minhbach\.example\/log\+[0-9a-f]{8}\+/);
    const s = parseSignerKey(signerKey);
    const v = parseVerifierKey(verifierKey);
    expect(s.verifierKeyString()).toBe(verifierKey);
    const note = signNote('hello\n', [s]);
    expect(openNote(note, [v]).text).toBe('hello\n');
    expect(generateKeyPair('x').signerKey).not.toBe(generateKeyPair('x').signerKey);
  });

  it('does not print the secret when logged or serialized', () => {
    const s = parseSignerKey(PETER_SKEY);
    const secret = PETER_SKEY.split('+').slice(4).join('+');
    for (const shown of [JSON.stringify(s), inspect(s, { depth: 5, showHidden: true }), String(s), `${s}`]) {
      expect(shown).not.toContain(secret);
      expect(shown).not.toContain(secret.slice(2, 20));
    }
  });
});

describe('signing and opening notes', () => {
  it('reproduces the Go reference signature byte for byte', () => {
    expect(signNote(TEXT, [parseSignerKey(PETER_SKEY)])).toBe(`${TEXT}\n${PETER_SIG}`);
  });

  it('verifies known keys and reports unknown ones', () => {
    const one = openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [peter]);
    expect(one.text).toBe(TEXT);
    expect(one.verified.map((s) => [s.name, s.keyId])).toEqual([['PeterNeumann', 0xc74f20a3]]);
    expect(one.unverified.map((s) => [s.name, s.keyId])).toEqual([['EnochRoot', 0xaf0cfe78]]);
    const both = openNote(new TextEncoder().encode(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`), [peter, enoch]);
    expect(both.verified.map((s) => s.name)).toEqual(['PeterNeumann', 'EnochRoot']);
    expect(both.unverified).toEqual([]);
  });

  it('rejects a note with no signature by a known key', () => {
    expect(() => openNote(`${TEXT}\n${PETER_SIG}${ENOCH_SIG}`, [])).toThrow(TlogError);
    expect(() => openNote(`${TEXT}\n${ENOCH_SIG}`, [peter])).toThrow(/no signature by a known key/);
  });

  it('ignores signatures that share only the name or only the key id with a known key', () => {
    const sameName = PETER_SIG.replace('x08go/', 'AAAAAA'); // different key id, same name
    expect(() => openNote(`${TEXT}\n${sameName}`, [peter])).toThrow(TlogError);
    expect(openNote(`${TEXT}\n${sameName}${PETER_SIG}`, [peter]).unverified).toHaveLength(1);
    const sameId = PETER_SIG.replace('PeterNeumann', 'PeterNeumann2');
    expect(openNote(`${TEXT}\n${sameId}${PETER_SIG}`, [peter]).unverified.map((s) => s.name)).toEqual(['PeterNeumann2']);
  });

  it('rejects the whole note when a known key signature fails, and counts repeats once', () => {
    expect(() => openNote(`${TEXT}\n${corrupt(PETER_SIG)}`, [peter])).toThrow(TlogError);
    expect(() => openNote(`${TEXT}\n${ENOCH_SIG}${corrupt(PETER_SIG)}`, [peter, enoch])).toThrow(/does not verify/);
    const n = openNote(`${TEXT}\n${PETER_SIG}${PETER_SIG}${ENOCH_SIG}${ENOCH_SIG}${corrupt(ENOCH_SIG)}`, [peter]);
    expect(n.verified).toHaveLength(1);
    expect(n.unverified).toHaveLength(2);
  });

  it('rejects tampered text and a wrong key', () => {
    expect(() => openNote(`${TEXT.replace('problem', 'problems')}\n${PETER_SIG}`, [peter])).toThrow(TlogError);
    const other = NoteSigner.fromSeed('PeterNeumann', new Uint8Array(32).fill(1)).verifierKey;
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [other])).toThrow(TlogError); // same name, other id: unknown
  });

  it('accepts at least 16 signatures and at most 100', () => {
    const unknown = Array.from({ length: 15 }, (_, i) => signNote(TEXT, [NoteSigner.fromSeed(`w${i}.example`, new Uint8Array(32).fill(i + 2))]).slice(TEXT.length + 1));
    expect(openNote(`${TEXT}\n${unknown.join('')}${PETER_SIG}`, [peter]).unverified).toHaveLength(15);
    expect(openNote(`${TEXT}\n${PETER_SIG.repeat(MAX_NOTE_SIGNATURES)}`, [peter]).verified).toHaveLength(1);
    expect(() => openNote(`${TEXT}\n${PETER_SIG.repeat(MAX_NOTE_SIGNATURES + 1)}`, [peter])).toThrow(AppError);
    expect(() => openNote(`${TEXT}\n${PETER_SIG.repeat(MAX_NOTE_SIGNATURES + 1)}`, [])).toThrow(AppError);
  });

  it('rejects malformed notes (the note_test.go cases and more)', () => {
    const bad: (string | Uint8Array)[] = [
      TEXT,
      `${TEXT}\n`,
      `${TEXT}\n${PETER_SIG.slice(0, -1)}`,
      `\x01${TEXT}\n${PETER_SIG}`,
      Buffer.concat([Buffer.from([0xff]), Buffer.from(`${TEXT}\n${PETER_SIG}`)]),
      `${TEXT}\n— Bad Name x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=`,
      `${TEXT}\n${PETER_SIG}Unexpected line.\n`,
      `${TEXT}\n${PETER_SIG.replace('—', '-')}`, // hyphen-minus instead of em dash
      `${TEXT}\n${PETER_SIG.replace('— ', '—')}`,
      `${TEXT}\n${PETER_SIG.replace('PeterNeumann ', 'PeterNeumann  ')}`,
      `${TEXT}\n${PETER_SIG.replace('AM=', 'A=')}`, // not base64
      `${TEXT}\n— PeterNeumann x08gow==\n`, // shorter than key id + 1 byte
      `${TEXT}\n— PeterNeumann\n`,
      `${TEXT}\n${PETER_SIG}\n`,
      `${TEXT}\r\n${PETER_SIG}`,
      `${TEXT.slice(0, 10)}\ud800${TEXT.slice(10)}\n${PETER_SIG}`,
      new Uint8Array([0xe2, 0x80]),
    ];
    for (const msg of bad) expect(() => openNote(msg, [peter]), String(msg)).toThrow(AppError);
  });

  it('keeps a leading byte-order mark as part of the signed text', () => {
    const s = parseSignerKey(PETER_SKEY);
    const note = signNote('\ufeffbom\n', [s]);
    expect(openNote(new TextEncoder().encode(note), [peter]).text).toBe('\ufeffbom\n');
    expect(() => openNote(new TextEncoder().encode(note).subarray(3), [peter])).toThrow(TlogError);
  });

  it('refuses to sign malformed text or with no signer', () => {
    const s = parseSignerKey(PETER_SKEY);
    expect(() => signNote('abc', [s])).toThrow(AppError);
    expect(() => signNote('a\tb\n', [s])).toThrow(AppError);
    expect(() => signNote('a\ud800\n', [s])).toThrow(AppError);
    expect(() => signNote('abc\n', [])).toThrow(AppError);
    // Text with empty lines is fine: the signatures follow the last empty line.
    expect(openNote(signNote('a\n\nb\n\n', [s]), [peter]).text).toBe('a\n\nb\n\n');
  });

  it('refuses ambiguous verifier lists', () => {
    const twin = { ...peter, publicKey: enoch.publicKey };
    expect(() => openNote(`${TEXT}\n${PETER_SIG}`, [peter, twin])).toThrow(AppError);
    expect(openNote(`${TEXT}\n${PETER_SIG}`, [peter, peter]).verified).toHaveLength(1);
  });
});
