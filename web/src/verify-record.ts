import { canonicalJson } from '../../src/core/tlog/jcs.ts';

/**
 * Checks, in the browser, that a public record is in the transparency log: its entry (the
 * canonical JSON of id, type, time and the SHA-256 of the record's canonical JSON, as
 * src/core/tlog/log-entry.ts makes it) is included, at the index the proof gives, in the tree whose
 * checkpoint the log's key signed (c2sp.org/tlog-proof, signed-note, RFC 9162 inclusion proofs).
 * WebCrypto does the hashing and Ed25519. `minhbach-verify` checks the same offline.
 */
export type Verification = { verified: true; index: number; size: number; keyName: string } | { verified: false; reason: string };

const enc = new TextEncoder();

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array<ArrayBuffer>> {
  const all = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', all));
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const bin = atob(text);
  return Uint8Array.from(bin, (c) => c.charCodeAt(0));
}

const hex = (bytes: Uint8Array) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const equal = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

interface LogKey {
  name: string;
  keyId: number;
  publicKey: Uint8Array<ArrayBuffer>;
}

/** `<name>+<key id, 8 hex>+<base64 of 0x01 and the Ed25519 key>` (signed-note verifier key). */
function parseVerifierKey(vkey: string): LogKey {
  // A key name has no "+"; base64 may: only the first two "+" separate.
  const m = /^([^+]+)\+([0-9a-f]{8})\+([A-Za-z0-9+/]+={0,2})$/.exec(vkey.trim());
  const raw = m ? fromBase64(m[3]!) : new Uint8Array();
  const [name, id] = [m?.[1], m?.[2]];
  if (!name || !id || raw.length !== 33 || raw[0] !== 1) throw new Error('the log key is not an Ed25519 verifier key');
  return { name, keyId: Number.parseInt(id, 16), publicKey: raw.slice(1) };
}

function parseProof(text: string): { index: number; path: Uint8Array[]; checkpoint: string } {
  const lines = text.split('\n');
  let i = 0;
  if (lines[i++] !== 'c2sp.org/tlog-proof@v1') throw new Error('not a tlog-proof');
  if (lines[i]?.startsWith('extra ')) i++;
  const index = /^index (\d+)$/.exec(lines[i++] ?? '')?.[1];
  if (index === undefined) throw new Error('the proof has no index');
  const path: Uint8Array[] = [];
  for (; lines[i] !== '' && i < lines.length; i++) path.push(fromBase64(lines[i]!));
  return { index: Number(index), path, checkpoint: lines.slice(i + 1).join('\n') };
}

/** The checkpoint's size and root, once its signature by the log's key verifies. */
async function openCheckpoint(note: string, key: LogKey): Promise<{ size: number; root: Uint8Array }> {
  const split = note.lastIndexOf('\n\n');
  if (split < 0) throw new Error('the checkpoint is not a signed note');
  const text = note.slice(0, split + 1);
  const prefix = `— ${key.name} `;
  const line = note
    .slice(split + 2)
    .split('\n')
    .find((l) => l.startsWith(prefix) && new DataView(fromBase64(l.slice(prefix.length)).buffer).getUint32(0) === key.keyId);
  if (!line) throw new Error('the checkpoint has no signature by the log key');
  const signature = fromBase64(line.slice(prefix.length)).slice(4);
  const publicKey = await crypto.subtle.importKey('raw', key.publicKey, { name: 'Ed25519' }, false, ['verify']);
  if (!(await crypto.subtle.verify({ name: 'Ed25519' }, publicKey, signature, enc.encode(text)))) throw new Error('the checkpoint signature does not verify');
  const [origin, size, root] = text.split('\n');
  if (origin !== key.name) throw new Error('the checkpoint is of another log');
  return { size: Number(size), root: fromBase64(root ?? '') };
}

/** RFC 9162 §2.1.3.2, with division instead of shifts: sizes may pass 2^31. */
async function rootFromInclusion(index: number, size: number, leaf: Uint8Array, path: readonly Uint8Array[]): Promise<Uint8Array | null> {
  if (index >= size) return null;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  const node = new Uint8Array([1]);
  for (const p of path) {
    if (sn === 0) return null;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(node, p, r);
      while (fn % 2 === 0 && fn !== 0) {
        fn = Math.floor(fn / 2);
        sn = Math.floor(sn / 2);
      }
    } else {
      r = await sha256(node, r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : null;
}

/** The record as the API serves it (its public document, plus log_index and superseded_by, which are not hashed). */
export async function verifyRecord(record: Record<string, unknown>, proofText: string, vkey: string): Promise<Verification> {
  try {
    const { log_index: _index, superseded_by: _supersededBy, ...doc } = record;
    const digest = hex(await sha256(enc.encode(canonicalJson(doc))));
    const entry = enc.encode(canonicalJson({ id: doc.id, type: doc.type, time: doc.published_at, sha256: digest }));
    const key = parseVerifierKey(vkey);
    const proof = parseProof(proofText);
    const checkpoint = await openCheckpoint(proof.checkpoint, key);
    const root = await rootFromInclusion(proof.index, checkpoint.size, await sha256(new Uint8Array([0]), entry), proof.path);
    if (!root || !equal(root, checkpoint.root)) return { verified: false, reason: 'the record is not in the tree the log signed' };
    if (typeof record.log_index === 'number' && record.log_index !== proof.index) return { verified: false, reason: 'the proof is for another position in the log' };
    return { verified: true, index: proof.index, size: checkpoint.size, keyName: key.name };
  } catch (e) {
    return { verified: false, reason: e instanceof Error ? e.message : String(e) };
  }
}
