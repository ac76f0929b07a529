import { sealPublicRecord } from '../core/public-record-document.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import { publicRecordForWithdrawal } from '../core/public-record.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { lockPublicRecord, lockSiblingRecords, markWithdrawn } from '../repositories/withdrawal.repository.ts';
import type { ServiceContext } from './context.ts';

export interface WithdrawalInput {
  reason: string;
  legal_basis?: string;
}

/**
 * Withdraws a public record's body (operator only): the body is deleted, a published withdrawal
 * record says why, and both stay in the transparency log, so the removal is itself visible.
 *
 * A notice about content on several platforms is published as one record per platform, each
 * with the same explanation. Withdrawing one withdraws them all, each with its own logged
 * withdrawal record, or the text the operator meant to take down would stay public beside it.
 */
export async function withdrawPublicRecord(ctx: ServiceContext, recordId: string, input: WithdrawalInput) {
  const reason = input.reason.trim();
  if (reason.length < 10) throw AppError.validation([{ field: 'reason', message: 'must say why, in at least 10 characters' }]);
  const legalBasis = input.legal_basis?.trim() || null;
  return ctx.db.transaction(async (tx) => {
    const r = isUuid(recordId) ? await lockPublicRecord(tx, recordId) : null;
    if (!r) throw AppError.notFound('Public record');
    if (r.type === 'withdrawal') throw new AppError('conflict', 'A withdrawal record cannot itself be withdrawn');
    if (r.withdrawn_by) throw new AppError('conflict', `This record was already withdrawn by ${r.withdrawn_by}`, { extra: { withdrawal_id: r.withdrawn_by } });
    const siblings = await lockSiblingRecords(tx, r);
    const at = ctx.now();
    const withdrawals = [r, ...siblings].map((w) => ({
      withdrawn: w,
      record: sealPublicRecord(publicRecordForWithdrawal({ withdrawnId: w.id, withdrawnType: w.type, category: w.category, platform: w.platform, reason, legalBasis, at })),
    }));
    await insertPublicRecords(
      tx,
      withdrawals.map((w) => w.record),
    );
    for (const w of withdrawals) await markWithdrawn(tx, w.withdrawn.id, w.record.id);
    const [first, ...others] = withdrawals.map((w) => ({ withdrawal_id: w.record.id, withdrawn_record_id: w.withdrawn.id }));
    return { ...first!, siblings: others };
  });
}
