/**
 * c2sp.org/signed-note v1.0.0 with Ed25519 keys: key ids, the verifier and signer key strings of
 * golang.org/x/mod/sumdb/note (which the whole tlog ecosystem uses), signing and opening notes.
 *
 * A note is a text ending in "\n", an empty line, then signature lines
 * `— <key name> <base64(key id ‖ signature)>\n`. Opening is strict about form (anything
 * malformed is an AppError) and follows the spec on trust: signatures by unknown keys are
 * ignored, a known key's bad signature rejects the whole note, and a note with no verified
 * signature is rejected (TlogError).
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { concatBytes, decodeUtf8, fromBase64, hasLoneSurrogate, toBase64, utf8 } from './encoding.ts';
import { malformed, verificationFailed } from './tlog-error.ts';

/** Signature type byte of plain Ed25519 note signatures. */
export const SIG_TYPE_ED25519 = 0x01;
/** Signature type byte of timestamped Ed25519 witness cosignatures (c2sp.org/tlog-cosignature); not handled here yet. */
export const SIG_TYPE_COSIGNATURE_V1 = 0x04;
/** The spec requires accepting at least 16 signatures; this bounds the work a hostile note can cause. */
export const MAX_NOTE_SIGNATURES = 100;

const ED25519_KEY_SIZE = 32;
const ED25519_SIGNATURE_SIZE = 64;
const EM_DASH_PREFIX = '\u2014 ';

/** Key names: non-empty, no Unicode space, no "+" (the key string separator), no control character. */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[+\p{White_Space}\p{Cc}]/u.test(name) && !hasLoneSurrogate(name);
}

function checkKeyName(name: string, field: string): void {
  if (typeof name !== 'string' || !isValidKeyName(name)) throw malformed(`invalid key name "${String(name)}"`, field);
}

/** Key ID = first four bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ type ‖ public key). */
export function computeKeyId(name: string, type: number, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(utf8(name, 'name'))
    .update(new Uint8Array([0x0a, type]))
    .update(publicKey)
    .digest();
  return digest.readUInt32BE(0);
}

function hex8(id: number): string {
  return id.toString(16).padStart(8, '0');
}

function base64url(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// Verifier keys.

export interface VerifierKey {
  readonly name: string;
  readonly keyId: number;
  /** Always SIG_TYPE_ED25519 for now. */
  readonly type: number;
  readonly publicKey: Uint8Array;
}

/**
 * Parses `<name>+<8 hex key id>+base64(type ‖ public key)`. Splits at the first two "+" only,
 * since standard base64 may itself contain "+", and checks the key id against the key.
 */
export function parseVerifierKey(vkey: string): VerifierKey {
  const p1 = vkey.indexOf('+');
  const p2 = p1 < 0 ? -1 : vkey.indexOf('+', p1 + 1);
  if (p2 < 0) throw malformed('verifier key must be <name>+<key id>+<key>', 'verifierKey');
  const name = vkey.slice(0, p1);
  const idHex = vkey.slice(p1 + 1, p2);
  checkKeyName(name, 'verifierKey');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw malformed('key id must be 8 hex digits', 'verifierKey');
  const key = fromBase64(vkey.slice(p2 + 1), 'verifierKey');
  if (key[0] !== SIG_TYPE_ED25519) throw malformed(`unsupported signature type ${key[0] ?? 'none'}; only Ed25519 (0x01) is supported`, 'verifierKey');
  if (key.length !== 1 + ED25519_KEY_SIZE) throw malformed(`Ed25519 public key must be ${ED25519_KEY_SIZE} bytes`, 'verifierKey');
  const publicKey = key.slice(1);
  const keyId = Number.parseInt(idHex, 16);
  if (computeKeyId(name, SIG_TYPE_ED25519, publicKey) !== keyId) throw malformed('key id does not match the key', 'verifierKey');
  return { name, keyId, type: SIG_TYPE_ED25519, publicKey };
}

export function formatVerifierKey(key: Pick<VerifierKey, 'name' | 'publicKey'>): string {
  checkKeyName(key.name, 'name');
  if (key.publicKey.length !== ED25519_KEY_SIZE) throw malformed(`Ed25519 public key must be ${ED25519_KEY_SIZE} bytes`, 'publicKey');
  const id = computeKeyId(key.name, SIG_TYPE_ED25519, key.publicKey);
  return `${key.name}+${hex8(id)}+${toBase64(concatBytes(new Uint8Array([SIG_TYPE_ED25519]), key.publicKey))}`;
}

// Node builds KeyObjects from JWK; cached per parsed key because notes are opened often.
const publicKeyObjects = new WeakMap<VerifierKey, KeyObject>();

function publicKeyObject(key: VerifierKey): KeyObject {
  let k = publicKeyObjects.get(key);
  if (!k) {
    k = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: base64url(key.publicKey) }, format: 'jwk' });
    publicKeyObjects.set(key, k);
  }
  return k;
}

// ---------------------------------------------------------------------------------------------
// Signer keys.

// PKCS#8 wrapping of a raw Ed25519 seed (RFC 8410): the fixed DER header, then the 32 bytes.
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

/**
 * An Ed25519 note signer. The seed is kept in a private field so that logging or serializing a
 * signer (console.log, JSON.stringify) never prints the secret; only `signerKeyString()` does.
 */
export class NoteSigner {
  readonly name: string;
  readonly keyId: number;
  readonly publicKey: Uint8Array;
  readonly #seed: Uint8Array;
  readonly #privateKey: KeyObject;

  private constructor(name: string, seed: Uint8Array) {
    checkKeyName(name, 'name');
    if (seed.length !== ED25519_KEY_SIZE) throw malformed(`Ed25519 seed must be ${ED25519_KEY_SIZE} bytes`, 'seed');
    this.name = name;
    this.#seed = seed.slice();
    this.#privateKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, seed]), format: 'der', type: 'pkcs8' });
    const jwk = createPublicKey(this.#privateKey).export({ format: 'jwk' });
    this.publicKey = new Uint8Array(Buffer.from(jwk.x!, 'base64url'));
    this.keyId = computeKeyId(name, SIG_TYPE_ED25519, this.publicKey);
  }

  static fromSeed(name: string, seed: Uint8Array): NoteSigner {
    return new NoteSigner(name, seed);
  }

  /** A fresh key pair from the system's CSPRNG. */
  static generate(name: string): NoteSigner {
    const { privateKey } = generateKeyPairSync('ed25519');
    return new NoteSigner(name, new Uint8Array(Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url')));
  }

  get verifierKey(): VerifierKey {
    return { name: this.name, keyId: this.keyId, type: SIG_TYPE_ED25519, publicKey: this.publicKey.slice() };
  }

  verifierKeyString(): string {
    return formatVerifierKey(this);
  }

  /** `PRIVATE+KEY+<name>+<hex id>+base64(0x01 ‖ seed)`: a secret, handle like a password. */
  signerKeyString(): string {
    return `PRIVATE+KEY+${this.name}+${hex8(this.keyId)}+${toBase64(concatBytes(new Uint8Array([SIG_TYPE_ED25519]), this.#seed))}`;
  }

  /** Raw Ed25519 signature (64 bytes) of `message`; deterministic (RFC 8032). */
  sign(message: Uint8Array): Uint8Array {
    return new Uint8Array(sign(null, message, this.#privateKey));
  }

  toJSON(): { name: string; keyId: string } {
    return { name: this.name, keyId: hex8(this.keyId) };
  }

  toString(): string {
    return `NoteSigner(${this.name}+${hex8(this.keyId)})`;
  }
}

/** Parses `PRIVATE+KEY+<name>+<hex id>+base64(0x01 ‖ 32-byte seed)` and checks the key id. */
export function parseSignerKey(skey: string): NoteSigner {
  const parts = skey.split('+');
  // The base64 tail may contain "+": rejoin everything after the fourth separator.
  if (parts.length < 5 || parts[0] !== 'PRIVATE' || parts[1] !== 'KEY') throw malformed('signer key must be PRIVATE+KEY+<name>+<key id>+<key>', 'signerKey');
  const name = parts[2]!;
  const idHex = parts[3]!;
  checkKeyName(name, 'signerKey');
  if (!/^[0-9a-fA-F]{8}$/.test(idHex)) throw malformed('key id must be 8 hex digits', 'signerKey');
  const key = fromBase64(parts.slice(4).join('+'), 'signerKey');
  if (key[0] !== SIG_TYPE_ED25519 || key.length !== 1 + ED25519_KEY_SIZE) throw malformed('signer key must be 0x01 followed by a 32-byte Ed25519 seed', 'signerKey');
  const signer = NoteSigner.fromSeed(name, key.subarray(1));
  if (signer.keyId !== Number.parseInt(idHex, 16)) throw malformed('key id does not match the key', 'signerKey');
  return signer;
}

export function formatSignerKey(signer: NoteSigner): string {
  return signer.signerKeyString();
}

/** A new key pair as the two strings an operator stores: the secret signer key and the public verifier key. */
export function generateKeyPair(name: string): { signerKey: string; verifierKey: string } {
  const signer = NoteSigner.generate(name);
  return { signerKey: signer.signerKeyString(), verifierKey: signer.verifierKeyString() };
}

// ---------------------------------------------------------------------------------------------
// Notes.

/** Notes are UTF-8 without ASCII control characters other than newline. */
function checkNoteCharacters(text: string, field: string): void {
  if (hasLoneSurrogate(text)) throw malformed('note is not well-formed Unicode', field);
  if (/[\u0000-\u0009\u000b-\u001f]/.test(text)) throw malformed('note contains a control character other than newline', field);
}

/** Signs `text` (which must end in "\n") with each signer and returns the signed note. */
export function signNote(text: string, signers: readonly NoteSigner[]): string {
  if (!text.endsWith('\n')) throw malformed('note text must end with a newline', 'text');
  checkNoteCharacters(text, 'text');
  if (signers.length === 0) throw malformed('at least one signer is needed', 'signers');
  const message = utf8(text, 'text');
  const lines = signers.map((s) => {
    const id = new Uint8Array(4);
    new DataView(id.buffer).setUint32(0, s.keyId);
    return `${EM_DASH_PREFIX}${s.name} ${toBase64(concatBytes(id, s.sign(message)))}\n`;
  });
  return `${text}\n${lines.join('')}`;
}

export interface NoteSignature {
  name: string;
  keyId: number;
  /** The signature proper, without the 4-byte key id. */
  signature: Uint8Array;
}

export interface OpenedNote {
  /** The signed text, ending in "\n". */
  text: string;
  /** Signatures that verified, one per known key, in note order. */
  verified: NoteSignature[];
  /** Signatures by keys not among the verifiers (e.g. witnesses), not checked; duplicates dropped. */
  unverified: NoteSignature[];
}

/**
 * Opens a signed note: checks its form, verifies every signature by a key in `verifiers`
 * (matched on name and key id), and throws unless at least one verified and none failed.
 * Bytes are decoded as strict UTF-8; a string must be well-formed Unicode.
 */
export function openNote(note: string | Uint8Array, verifiers: readonly VerifierKey[]): OpenedNote {
  const msg = typeof note === 'string' ? note : decodeUtf8(note, 'note');
  checkNoteCharacters(msg, 'note');
  for (const v of verifiers) {
    if (v.type !== SIG_TYPE_ED25519 || v.publicKey.length !== ED25519_KEY_SIZE) throw malformed(`verifier ${v.name} is not an Ed25519 key`, 'verifiers');
    // Two different keys under one (name, key id) would make "the" key for a signature ambiguous.
    const twin = verifiers.find((w) => w.name === v.name && w.keyId === v.keyId && toBase64(w.publicKey) !== toBase64(v.publicKey));
    if (twin) throw malformed(`ambiguous verifier keys for ${v.name}+${hex8(v.keyId)}`, 'verifiers');
  }
  const split = msg.lastIndexOf('\n\n');
  if (split < 0) throw malformed('note has no empty line before its signatures', 'note');
  const text = msg.slice(0, split + 1);
  const block = msg.slice(split + 2);
  if (block.length === 0 || !block.endsWith('\n')) throw malformed('note must end with signature lines, each ending in a newline', 'note');
  const lines = block.slice(0, -1).split('\n');
  if (lines.length > MAX_NOTE_SIGNATURES) throw malformed(`note has more than ${MAX_NOTE_SIGNATURES} signatures`, 'note');

  const message = utf8(text, 'note');
  const verified: NoteSignature[] = [];
  const unverified: NoteSignature[] = [];
  const seenKnown = new Set<string>();
  const seenUnknown = new Set<string>();
  lines.forEach((line, i) => {
    const field = `signatures[${i}]`;
    if (!line.startsWith(EM_DASH_PREFIX)) throw malformed('signature line must start with "— " (U+2014, space)', field);
    const rest = line.slice(EM_DASH_PREFIX.length);
    const sp = rest.indexOf(' ');
    if (sp < 0) throw malformed('signature line must be "— <name> <base64>"', field);
    const name = rest.slice(0, sp);
    checkKeyName(name, field);
    const raw = fromBase64(rest.slice(sp + 1), field);
    if (raw.length < 5) throw malformed('signature must be a 4-byte key id and at least one byte', field);
    const keyId = new DataView(raw.buffer, raw.byteOffset).getUint32(0);
    const sig: NoteSignature = { name, keyId, signature: raw.slice(4) };
    const key = verifiers.find((v) => v.name === name && v.keyId === keyId);
    const id = `${name}+${keyId}`;
    if (!key) {
      if (!seenUnknown.has(line)) unverified.push(sig);
      seenUnknown.add(line);
      return;
    }
    if (seenKnown.has(id)) return; // a repeated signature by one key counts once
    seenKnown.add(id);
    const ok = sig.signature.length === ED25519_SIGNATURE_SIZE && verify(null, message, publicKeyObject(key), sig.signature);
    if (!ok) throw verificationFailed(`signature by ${name}+${hex8(keyId)} does not verify`);
    verified.push(sig);
  });
  if (verified.length === 0) throw verificationFailed('note has no signature by a known key');
  return { text, verified, unverified };
}
