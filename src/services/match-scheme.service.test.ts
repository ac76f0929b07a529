import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeOrg, noticeInput, freshUrl } from '../../test/factories.ts';
import { openTestApp, type TestApp } from '../../test/app.ts';
import { MATCH_SCHEME } from '../core/text-fingerprint.ts';
import { checkMatchScheme, MatchSchemeChangedError, reindexTexts } from './match-scheme.service.ts';
import { submitNotice } from './intake.service.ts';
import { matchContent } from './match.service.ts';
import { linkPendingFingerprints } from './linker.service.ts';

let t: TestApp;
beforeAll(async () => {
  t = await openTestApp();
});
afterAll(() => t.close());

const text =
  'Cảnh báo mạo danh cơ quan thuế gọi điện yêu cầu người dân cài ứng dụng giả để hoàn thuế, sau đó chiếm quyền điều khiển điện thoại và rút sạch tiền trong tài khoản ngân hàng.';

describe('the matching scheme', () => {
  it('is recorded on first start and accepted again unchanged', async () => {
    await checkMatchScheme(t.ctx.db);
    await expect(checkMatchScheme(t.ctx.db)).resolves.toBeUndefined();
  });

  it('refuses fingerprints made under another scheme until a reindex rebuilds them', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const submitted = await submitNotice(t.ctx, org.actor, noticeInput({ items: [{ url: freshUrl(), text }], legal_basis: undefined }));
    const changed = { ...MATCH_SCHEME, seed: MATCH_SCHEME.seed + 1 };
    await expect(checkMatchScheme(t.ctx.db, changed)).rejects.toBeInstanceOf(MatchSchemeChangedError);

    const progress: number[] = [];
    const n = await reindexTexts(t.ctx, (done) => progress.push(done), changed);
    expect(n).toBeGreaterThan(0);
    expect(progress.at(-1)).toBe(n);
    await expect(checkMatchScheme(t.ctx.db, changed)).resolves.toBeUndefined();
    await expect(checkMatchScheme(t.ctx.db)).rejects.toBeInstanceOf(MatchSchemeChangedError);

    // Back to this version's scheme: the texts are found again.
    await reindexTexts(t.ctx, () => {});
    const found = await matchContent(t.ctx, 'operator', { text });
    expect(found.matches.map((m) => m.case_id)).toContain(submitted.body.cases[0]!.id);
  });

  it('runs one reindex at a time: another asked for meanwhile is refused, and the index is whole after', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    const other =
      'Lừa đảo tuyển cộng tác viên bán hàng online: nạn nhân được yêu cầu chuyển tiền đặt cọc để nhận đơn hàng có hoa hồng cao, sau đó kẻ gian chặn liên lạc và chiếm đoạt toàn bộ số tiền đã chuyển.';
    const submitted = await submitNotice(t.ctx, org.actor, noticeInput({ items: [{ url: freshUrl(), text: other }], legal_basis: undefined }));
    // A second reindex asked for while the first one is linking, from its progress callback.
    let second: Promise<unknown> | undefined;
    const first = await reindexTexts(t.ctx, () => {
      second ??= reindexTexts(t.ctx, () => {}).catch((e: unknown) => e);
    });
    expect(first).toBeGreaterThan(0);
    expect(await second).toMatchObject({ code: 'conflict' });
    const found = await matchContent(t.ctx, 'operator', { text: other });
    expect(found.matches.map((m) => m.case_id)).toContain(submitted.body.cases[0]!.id);
    // The lease is given back: the next reindex runs.
    await expect(reindexTexts(t.ctx, () => {})).resolves.toBeGreaterThan(0);
  });

  it('never deadlocks a reset against linker batches running beside it', async () => {
    const org = await makeOrg(t.ctx, 'trusted_flagger');
    for (let i = 0; i < 5; i++) {
      await submitNotice(t.ctx, org.actor, noticeInput({ items: [{ url: freshUrl(), text: `${text} Bản ${i}.` }], legal_basis: undefined }));
    }
    const runs = await Promise.allSettled([reindexTexts(t.ctx, () => {}), linkPendingFingerprints(t.ctx, 2), linkPendingFingerprints(t.ctx, 2), linkPendingFingerprints(t.ctx, 2)]);
    expect(runs.map((r) => r.status)).toEqual(['fulfilled', 'fulfilled', 'fulfilled', 'fulfilled']);
    expect(await linkPendingFingerprints(t.ctx, 500)).toBe(0);
  });
});
