/**
 * c2sp.org/tlog-proof@v1: an offline-verifiable proof that an entry is in a log, as text: a header,
 * optional unauthenticated extra data, the entry's index, the inclusion proof (one base64 hash a
 * line, from the leaf's sibling up), an empty line, then the signed checkpoint verbatim.
 */
import { type Checkpoint, openCheckpoint } from './checkpoint.ts';
import { assertCount, fromBase64, parseDecimal, toBase64 } from './encoding.ts';
import { assertHash, leafHash as hashLeaf, verifyInclusion } from './merkle.ts';
import type { VerifierKey } from './note.ts';
import { malformed, verificationFailed } from './tlog-error.ts';

export const TLOG_PROOF_HEADER = 'c2sp.org/tlog-proof@v1';

export interface TlogProof {
  /** Opaque application data; not authenticated, never trust it on its own. */
  extra?: Uint8Array;
  index: number;
  proof: Uint8Array[];
  /** The signed checkpoint note, verbatim (ending in "\n"). */
  checkpoint: string;
}

export function formatTlogProof(p: TlogProof): string {
  assertCount(p.index, 'index');
  p.proof.forEach((h, i) => assertHash(h, `proof[${i}]`));
  if (!p.checkpoint.endsWith('\n')) throw malformed('signed checkpoint must end with a newline', 'checkpoint');
  if (p.extra !== undefined && p.extra.length === 0) throw malformed('extra data, when present, must be non-empty', 'extra');
  const extra = p.extra === undefined ? '' : `extra ${toBase64(p.extra)}\n`;
  return `${TLOG_PROOF_HEADER}\n${extra}index ${p.index}\n${p.proof.map((h) => `${toBase64(h)}\n`).join('')}\n${p.checkpoint}`;
}

/** Parses the proof's form; the checkpoint is returned unopened. */
export function parseTlogProof(text: string): TlogProof {
  let rest = text;
  const nextLine = (field: string): string => {
    const nl = rest.indexOf('\n');
    if (nl < 0) throw malformed('proof ends before its checkpoint', field);
    const line = rest.slice(0, nl);
    rest = rest.slice(nl + 1);
    return line;
  };
  if (nextLine('header') !== TLOG_PROOF_HEADER) throw malformed(`proof must start with "${TLOG_PROOF_HEADER}"`, 'header');
  let line = nextLine('index');
  let extra: Uint8Array | undefined;
  if (line.startsWith('extra ')) {
    extra = fromBase64(line.slice('extra '.length), 'extra');
    if (extra.length === 0) throw malformed('extra data, when present, must be non-empty', 'extra');
    line = nextLine('index');
  }
  if (!line.startsWith('index ')) throw malformed('expected "index <n>"', 'index');
  const index = parseDecimal(line.slice('index '.length), 'index');
  const proof: Uint8Array[] = [];
  for (let hashLine = nextLine('proof'); hashLine !== ''; hashLine = nextLine('proof')) {
    const h = fromBase64(hashLine, `proof[${proof.length}]`);
    assertHash(h, `proof[${proof.length}]`);
    proof.push(h);
  }
  if (rest.length === 0) throw malformed('proof has no checkpoint', 'checkpoint');
  return { ...(extra === undefined ? {} : { extra }), index, proof, checkpoint: rest };
}

export type ProvenLeaf = { entry: Uint8Array } | { leafHash: Uint8Array };

export interface VerifiedTlogProof {
  index: number;
  checkpoint: Checkpoint;
  /** Present if the proof carried it; still unauthenticated. */
  extra?: Uint8Array;
}

/**
 * Verifies a tlog-proof for an entry (or its RFC 6962 leaf hash): the checkpoint's signature by
 * the log key (whose name must be the origin), then the inclusion of the leaf at the index.
 * Witness cosignatures in the checkpoint are ignored here; a policy on them belongs to the caller.
 */
export function verifyTlogProof(text: string, leaf: ProvenLeaf, logKey: VerifierKey): VerifiedTlogProof {
  const p = parseTlogProof(text);
  const { checkpoint } = openCheckpoint(p.checkpoint, logKey);
  const hash = 'entry' in leaf ? hashLeaf(leaf.entry) : leaf.leafHash;
  if (p.index >= checkpoint.size) throw verificationFailed(`index ${p.index} is not in a tree of size ${checkpoint.size}`);
  verifyInclusion(p.index, checkpoint.size, hash, p.proof, checkpoint.root);
  return { index: p.index, checkpoint, ...(p.extra === undefined ? {} : { extra: p.extra }) };
}
