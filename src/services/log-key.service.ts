import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { LogConfig } from '../config.ts';
import { NoteSigner, parseSignerKey } from '../core/tlog/note.ts';
import { assertPrivate } from '../db/data-dir-permissions.ts';
import type { Db } from '../db/db.ts';
import { claimLogMeta } from '../repositories/log.repository.ts';

export class LogKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'LogKeyError';
  }
}

/**
 * The log's signing key: from MINHBACH_LOG_KEY, else from the key file, else a new key written to
 * the key file (mode 0600, never overwritten) on first start. A key file others can read or write
 * is refused (UnsafePermissionsError): its key signs the log.
 */
export function loadLogSigner(config: LogConfig): NoteSigner {
  if (config.signerKey) return parse(config.signerKey, 'MINHBACH_LOG_KEY');
  if (existsSync(config.keyFile)) {
    assertPrivate(config.keyFile, 'file');
    const signer = parse(readFileSync(config.keyFile, 'utf8').trim(), config.keyFile);
    if (signer.name !== config.origin) {
      throw new LogKeyError(`The log key in ${config.keyFile} is named ${signer.name}, not MINHBACH_LOG_ORIGIN=${config.origin}`);
    }
    return signer;
  }
  const signer = NoteSigner.generate(config.origin);
  mkdirSync(path.dirname(config.keyFile), { recursive: true, mode: 0o700 });
  // "wx": if another process created the file in the meantime, fail rather than replace its key.
  writeFileSync(config.keyFile, `${signer.signerKeyString()}\n`, { mode: 0o600, flag: 'wx' });
  chmodSync(config.keyFile, 0o600);
  return signer;
}

function parse(text: string, where: string): NoteSigner {
  try {
    return parseSignerKey(text);
  } catch (e) {
    throw new LogKeyError(`The log signing key in ${where} is not a valid signer key: ${(e as Error).message}`);
  }
}

/**
 * Ties the database to this key. A log signed by two keys would be two logs to its monitors, so
 * a process with another key than the one recorded refuses to start.
 */
export async function registerLogKey(db: Db, signer: NoteSigner): Promise<void> {
  const mine = signer.verifierKeyString();
  const recorded = await claimLogMeta(db, { origin: signer.name, verifier_key: mine });
  if (recorded.verifier_key !== mine) {
    throw new LogKeyError(
      `This database's transparency log is signed by ${recorded.verifier_key}, but this process has the key ${mine}. ` +
        'Give every process the same key (MINHBACH_LOG_KEY or MINHBACH_LOG_KEY_FILE).',
    );
  }
}
