/**
 * The puzzle a browser solves before it may file a public report (no account, no third-party
 * captcha): find a `solution`, a decimal counter, such that SHA-256 of `challenge:solution` (UTF-8)
 * begins with `bits` zero bits. The server sets `bits` (MINHBACH_REPORT_POW_BITS) so that it costs
 * a browser about a second of WebCrypto; checking costs the server one hash. The challenge itself
 * is issued and signed by the server (proof-of-work-seal.ts): `v1.<bits>.<expires>.<nonce>.<mac>`.
 * Pure and free of Node, so the web app's solver (web/src/pow.worker.ts) uses these very rules.
 */
export const POW_VERSION = 'v1';
/** A solution is a counter written in decimal: 16 digits are far more than any difficulty needs. */
export const MAX_SOLUTION_LENGTH = 16;
export const MIN_POW_BITS = 1;
export const MAX_POW_BITS = 32;

export interface ParsedChallenge {
  bits: number;
  /** Unix time in seconds after which the challenge is refused. */
  expires: number;
  /** base64url of the challenge's random bytes: what marks it spent (single use). */
  nonce: string;
  /** The part the server's MAC covers (everything before the last dot). */
  signed: string;
  mac: string;
}

const CHALLENGE = /^v1\.(\d{1,2})\.(\d{1,12})\.([\w-]{16,64})\.([\w-]{16,128})$/;

/** The parts of a challenge, or null when it is not shaped like one (its MAC is not checked here). */
export function parseChallenge(challenge: string): ParsedChallenge | null {
  const m = CHALLENGE.exec(challenge);
  if (!m) return null;
  const bits = Number(m[1]);
  if (bits < MIN_POW_BITS || bits > MAX_POW_BITS) return null;
  return { bits, expires: Number(m[2]), nonce: m[3]!, signed: challenge.slice(0, challenge.lastIndexOf('.')), mac: m[4]! };
}

/** What is hashed for a candidate solution. */
export function powMessage(challenge: string, solution: string): string {
  return `${challenge}:${solution}`;
}

/** How many zero bits a hash begins with. */
export function leadingZeroBits(hash: Uint8Array): number {
  let n = 0;
  for (const byte of hash) {
    if (byte === 0) {
      n += 8;
      continue;
    }
    return n + Math.clz32(byte) - 24;
  }
  return n;
}

/** A solution as the server accepts it: a decimal counter, no sign, no leading zeros. */
export function isSolutionShaped(solution: string): boolean {
  return solution.length <= MAX_SOLUTION_LENGTH && /^(?:0|[1-9]\d*)$/.test(solution);
}
