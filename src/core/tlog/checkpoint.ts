/**
 * c2sp.org/tlog-checkpoint v1.0.0: the signed tree head, a signed note whose text is
 * `<origin>\n<size>\n<base64 root>\n` and optional extension lines.
 */
import { assertCount, fromBase64, parseDecimal, toBase64 } from './encoding.ts';
import { assertHash } from './merkle.ts';
import { type NoteSignature, type NoteSigner, type VerifierKey, openNote, signNote } from './note.ts';
import { malformed, verificationFailed } from './tlog-error.ts';

export interface Checkpoint {
  /** The log's identity, e.g. `example.com/log`; our log's key name equals it. */
  origin: string;
  size: number;
  root: Uint8Array;
  /** Opaque extra lines; not auditable by monitors, so our log writes none. */
  extensions: readonly string[];
}

function checkLine(line: string, field: string): void {
  if (line.length === 0) throw malformed('line must be non-empty', field);
  if (line.includes('\n')) throw malformed('line must not contain a newline', field);
}

export function formatCheckpoint(cp: Checkpoint): string {
  checkLine(cp.origin, 'origin');
  assertCount(cp.size, 'size');
  assertHash(cp.root, 'root');
  cp.extensions.forEach((e, i) => checkLine(e, `extensions[${i}]`));
  return [cp.origin, String(cp.size), toBase64(cp.root), ...cp.extensions].map((l) => `${l}\n`).join('');
}

/** Parses a checkpoint's note text (not the signatures: see openCheckpoint). */
export function parseCheckpoint(text: string): Checkpoint {
  if (!text.endsWith('\n')) throw malformed('checkpoint text must end with a newline', 'checkpoint');
  const lines = text.slice(0, -1).split('\n');
  if (lines.length < 3) throw malformed('checkpoint needs origin, size and root lines', 'checkpoint');
  lines.forEach((l, i) => {
    if (l.length === 0) throw malformed(`checkpoint line ${i + 1} is empty`, 'checkpoint');
  });
  const [origin, size, root, ...extensions] = lines as [string, string, string, ...string[]];
  const rootHash = fromBase64(root, 'checkpoint.root');
  assertHash(rootHash, 'checkpoint.root');
  return { origin, size: parseDecimal(size, 'checkpoint.size'), root: rootHash, extensions };
}

/** The signed note of a checkpoint. The signer's name must be the origin, as verifiers check. */
export function signCheckpoint(cp: Checkpoint, signer: NoteSigner): string {
  if (signer.name !== cp.origin) throw malformed(`key name ${signer.name} is not the checkpoint origin ${cp.origin}`, 'signer');
  return signNote(formatCheckpoint(cp), [signer]);
}

export interface OpenedCheckpoint {
  checkpoint: Checkpoint;
  /** The note text, byte for byte what was signed. */
  text: string;
  /** The log's verified signature. */
  signature: NoteSignature;
  /** Other signatures (witness cosignatures, rotated keys), not checked. */
  unverified: NoteSignature[];
}

/**
 * Verifies a signed checkpoint against the log's key and parses it. The key name must equal the
 * origin: otherwise a key trusted for one log would vouch for another log's tree heads.
 */
export function openCheckpoint(signedNote: string | Uint8Array, logKey: VerifierKey): OpenedCheckpoint {
  const note = openNote(signedNote, [logKey]);
  const checkpoint = parseCheckpoint(note.text);
  if (checkpoint.origin !== logKey.name) throw verificationFailed(`checkpoint origin "${checkpoint.origin}" is not the log key name "${logKey.name}"`);
  return { checkpoint, text: note.text, signature: note.verified[0]!, unverified: note.unverified };
}
