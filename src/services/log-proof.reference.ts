/**
 * The plain way to serve a record's inclusion proof: look the entry up, read the newest checkpoint,
 * read the proof's tiles and rehash every node from its tile's bottom row. Three round trips and
 * a lot of hashing, so the server uses log-proof.service.ts instead; this one stays as its
 * specification: tests and bench/log check that the two give the same bytes.
 */
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { buildProof, inclusionPlan } from '../core/tlog/merkle.ts';
import { formatTlogProof } from '../core/tlog/tlog-proof.ts';
import { findLogEntryOfRecord, latestCheckpoint } from '../repositories/log.repository.ts';
import type { ServiceContext } from './context.ts';
import { nodeReader } from './log.service.ts';

export async function recordProofReference(ctx: ServiceContext, recordId: string): Promise<{ index: number; entry: Uint8Array; proof: string }> {
  const found = isUuid(recordId) ? await findLogEntryOfRecord(ctx.db, recordId) : null;
  if (!found) throw AppError.notFound('Logged public record');
  const cp = await latestCheckpoint(ctx.db);
  if (!cp || found.index >= cp.size) throw new AppError('unavailable', 'The record is not in a signed checkpoint yet');
  const plan = inclusionPlan(found.index, cp.size);
  const proof = buildProof(plan, await nodeReader(ctx.db, plan.flat(), cp.size));
  return { ...found, proof: formatTlogProof({ index: found.index, proof, checkpoint: cp.note }) };
}
