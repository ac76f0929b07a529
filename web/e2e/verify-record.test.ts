import { describe, expect, it } from 'vitest';
import { signCheckpoint } from '../../src/core/tlog/checkpoint.ts';
import { logEntryBytesFor } from '../../src/core/tlog/log-entry.ts';
import { leafHash, nodeHash } from '../../src/core/tlog/merkle.ts';
import { NoteSigner } from '../../src/core/tlog/note.ts';
import { formatTlogProof } from '../../src/core/tlog/tlog-proof.ts';
import { verifyRecord } from '../src/verify-record.ts';

/**
 * The browser's verifier (WebCrypto) against the log's own code (src/core/tlog): a proof the log
 * makes verifies, anything changed does not. Node has the same WebCrypto the browser has.
 */
const ORIGIN = 'test.minhbach.localhost/log';
const record = {
  id: '01a25131-9257-7001-87ee-059d098bbdba',
  type: 'authority_request',
  published_at: '2026-12-07T08:00:00.000Z',
  category: 'STATEMENT_CATEGORY_SCAMS_AND_FRAUD',
  platform: 'facebook',
  requester_kind: 'authority',
  requester: { kind: 'authority', name: 'Cục An toàn thông tin' },
  explanation: 'Trang phát tán mã độc — "quoted", \\ and 😀',
  category_specification: ['KEYWORD_PHISHING'],
};

/** A log key whose base64 holds a "+", as about half of them do: the separator must not be mistaken. */
function signerWithPlus(): NoteSigner {
  for (;;) {
    const s = NoteSigner.generate(ORIGIN);
    if (s.verifierKeyString().split('+').length > 3) return s;
  }
}

/** A two-record log holding `record` at index 1, and the proof of it. */
function logWith(doc: typeof record, signer: NoteSigner): string {
  const entry = logEntryBytesFor({ id: doc.id, type: doc.type, time: doc.published_at }, doc);
  const other = leafHash(new TextEncoder().encode('{"id":"another"}'));
  const root = nodeHash(other, leafHash(entry));
  const checkpoint = signCheckpoint({ origin: ORIGIN, size: 2, root, extensions: [] }, signer);
  return formatTlogProof({ index: 1, proof: [other], checkpoint });
}

describe('verifying a record in the browser', () => {
  it('verifies what the log proves, whatever characters its key holds', async () => {
    const signer = signerWithPlus();
    const result = await verifyRecord({ ...record, log_index: 1 }, logWith(record, signer), signer.verifierKeyString());
    expect(result).toEqual({ verified: true, index: 1, size: 2, keyName: ORIGIN });
  });

  it('refuses a changed record, another key, another position, or a changed audit path', async () => {
    const signer = signerWithPlus();
    const proof = logWith(record, signer);
    const key = signer.verifierKeyString();
    expect((await verifyRecord({ ...record, explanation: 'khác', log_index: 1 }, proof, key)).verified).toBe(false);
    expect((await verifyRecord({ ...record, log_index: 1 }, proof, NoteSigner.generate(ORIGIN).verifierKeyString())).verified).toBe(false);
    expect((await verifyRecord({ ...record, log_index: 0 }, proof, key)).verified).toBe(false);
    expect((await verifyRecord({ ...record, log_index: 1 }, proof.replace('index 1', 'index 0'), key)).verified).toBe(false);
    // The audit path changed by one byte.
    const forged = proof.replace(/^(index 1\n)(.)/m, (_m, head: string, c: string) => head + (c === 'A' ? 'B' : 'A'));
    expect(forged).not.toBe(proof);
    expect((await verifyRecord({ ...record, log_index: 1 }, forged, key)).verified).toBe(false);
  });
});
