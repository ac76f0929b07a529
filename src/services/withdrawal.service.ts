import { sealPublicRecord } from '../core/public-record-document.ts';
import { AppError } from '../core/errors.ts';
import { isUuid } from '../core/ids.ts';
import type { Platform } from '../core/organization.ts';
import { publicRecordForWithdrawal } from '../core/public-record.ts';
import { insertPublicRecords } from '../repositories/public-record.repository.ts';
import { lockPublicRecord, markWithdrawn } from '../repositories/withdrawal.repository.ts';
import type { ServiceContext } from './context.ts';

export interface WithdrawalInput {
  reason: string;
  legal_basis?: string;
}

/**
 * Withdraws a public record's body (operator only): the body is deleted, a published withdrawal
 * record says why, and both stay in the transparency log, so the removal is itself visible.
 */
export async function withdrawPublicRecord(ctx: ServiceContext, recordId: string, input: WithdrawalInput) {
  const reason = input.reason.trim();
  if (reason.length < 10) throw AppError.validation([{ field: 'reason', message: 'must say why, in at least 10 characters' }]);
  return ctx.db.transaction(async (tx) => {
    const r = isUuid(recordId) ? await lockPublicRecord(tx, recordId) : null;
    if (!r) throw AppError.notFound('Public record');
    if (r.type === 'withdrawal') throw new AppError('conflict', 'A withdrawal record cannot itself be withdrawn');
    if (r.withdrawn_by) throw new AppError('conflict', `This record was already withdrawn by ${r.withdrawn_by}`, { extra: { withdrawal_id: r.withdrawn_by } });
    const record = sealPublicRecord(publicRecordForWithdrawal({
      withdrawnId: r.id,
      withdrawnType: r.type,
      category: r.category,
      platform: r.platform as Platform,
      reason,
      legalBasis: input.legal_basis?.trim() || null,
      at: ctx.now(),
    }));
    await insertPublicRecords(tx, [record]);
    await markWithdrawn(tx, r.id, record.id);
    return { withdrawal_id: record.id, withdrawn_record_id: r.id };
  });
}
