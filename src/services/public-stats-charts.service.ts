import { ANSWERED_STATUSES, OPEN_STATUSES } from '../core/case-state.ts';
import {
  APPEAL_EVENTS,
  DECISION_OUTCOME_KINDS,
  decisionOutcomeKind,
  isReversal,
  overdueShare,
  publishedHours,
  recentMonths,
  REQUEST_MONTHS,
  STATS_TIME_ZONE,
  type DecisionOutcomeKind,
} from '../core/public-stats.ts';
import { redactPublicName } from '../core/redact.ts';
import { AUTHORITY_ANSWER_HOURS } from '../core/sla.ts';
import type { Db } from '../db/db.ts';
import { appealsByPlatform, decisionsByRestrictions, deadlinesByPlatform, noticesBySubmitterAndMonth } from '../repositories/public-stats-charts.repository.ts';
import { listServices } from '../repositories/service.repository.ts';
import type { ServiceContext } from './context.ts';
import { appealAnswerFigures } from './appeal-stats.ts';
import { STATS_TTL_MS } from './public-record.service.ts';
import { ttlCache } from './ttl-cache.ts';

export type PublicStatsCharts = Awaited<ReturnType<typeof computeCharts>>;

const caches = new WeakMap<Db, (now: Date) => Promise<PublicStatsCharts>>();

/**
 * The figures behind the public statistics' charts, at most STATS_TTL_MS old: like the totals
 * beside them (public-record.service.ts), they read every case, decision and timeline event, on a
 * route anyone may call, so each process computes them at most once per window.
 */
export function publicStatsCharts(ctx: ServiceContext): Promise<PublicStatsCharts> {
  let cached = caches.get(ctx.db);
  if (!cached) {
    cached = ttlCache(STATS_TTL_MS, () => computeCharts(ctx));
    caches.set(ctx.db, cached);
  }
  return cached(ctx.now());
}

const zeroKinds = (): Record<DecisionOutcomeKind, number> => Object.fromEntries(DECISION_OUTCOME_KINDS.map((k) => [k, 0])) as Record<DecisionOutcomeKind, number>;

async function computeCharts(ctx: ServiceContext) {
  const now = ctx.now();
  const { months, since } = recentMonths(now, REQUEST_MONTHS, STATS_TIME_ZONE);
  const [registry, requests, decisions, deadlines, appeals] = await Promise.all([
    listServices(ctx.db),
    noticesBySubmitterAndMonth(ctx.db, { kind: 'authority', since, timeZone: STATS_TIME_ZONE }),
    decisionsByRestrictions(ctx.db),
    deadlinesByPlatform(ctx.db, { open: OPEN_STATUSES, answered: ANSWERED_STATUSES, now }),
    appealsByPlatform(ctx.db, APPEAL_EVENTS),
  ]);
  const answers = await appealAnswerFigures(ctx.db);

  // Authorities are organizations, named as their published requests name them (public-record.ts).
  // Two that publish under the same name are one line: the public could not tell them apart.
  const monthIndex = new Map(months.map((m, i) => [m, i]));
  const authorities = new Map<string, number[]>();
  for (const r of requests) {
    const i = monthIndex.get(r.month);
    if (i === undefined) continue; // the window's start is inclusive in SQL; this guards a clock moving between the two
    const name = redactPublicName(r.name);
    const row = authorities.get(name) ?? months.map(() => 0);
    row[i]! += r.requests;
    authorities.set(name, row);
  }
  const authorityRows = [...authorities]
    .map(([name, byMonth]) => ({ name, by_month: byMonth, total: sum(byMonth) }))
    .sort((a, b) => b.total - a.total || a.name.localeCompare(b.name, 'vi'));
  const requestsByMonth = months.map((_, i) => sum(authorityRows.map((a) => a.by_month[i]!)));

  // Registered services one by one, in the registry's order; websites nobody registered have
  // nobody who could decide or be held to a deadline, so they have no line in these charts.
  const services = registry.map((s) => ({ platform: s.slug, name: s.name, onboarded: s.organization_id !== null }));

  const kindsBy = new Map<string, Record<DecisionOutcomeKind, number>>();
  for (const d of decisions) {
    const counts = kindsBy.get(d.platform) ?? zeroKinds();
    counts[decisionOutcomeKind(d)] += d.decisions;
    kindsBy.set(d.platform, counts);
  }
  const decisionRows = services
    .filter((s) => kindsBy.has(s.platform))
    .map((s) => {
      const byOutcome = kindsBy.get(s.platform)!;
      return { platform: s.platform, name: s.name, by_outcome: byOutcome, total: sum(Object.values(byOutcome)) };
    });
  const decisionTotals = zeroKinds();
  for (const row of decisionRows) for (const k of DECISION_OUTCOME_KINDS) decisionTotals[k] += row.by_outcome[k];

  const deadlineBy = new Map(deadlines.map((d) => [d.platform, d]));
  const timeRows = services
    .filter((s) => (deadlineBy.get(s.platform)?.authority_answered ?? 0) > 0)
    .map((s) => {
      const d = deadlineBy.get(s.platform)!;
      return {
        platform: s.platform,
        name: s.name,
        answered: d.authority_answered,
        median_hours: publishedHours(d.authority_median_hours),
        p90_hours: publishedHours(d.authority_p90_hours),
      };
    });
  const overdueRows = services
    .filter((s) => (deadlineBy.get(s.platform)?.with_deadline ?? 0) > 0)
    .map((s) => {
      const d = deadlineBy.get(s.platform)!;
      return {
        ...s,
        with_deadline: d.with_deadline,
        answered_late: d.answered_late,
        open_overdue: d.open_overdue,
        share: overdueShare(d.answered_late, d.open_overdue, d.with_deadline),
      };
    });
  const overdueTotal = {
    with_deadline: sum(overdueRows.map((r) => r.with_deadline)),
    answered_late: sum(overdueRows.map((r) => r.answered_late)),
    open_overdue: sum(overdueRows.map((r) => r.open_overdue)),
  };

  const appealBy = new Map<string, { appeals: number; decided_on_appeal: number; reversed: number }>();
  for (const a of appeals) {
    const row = appealBy.get(a.platform) ?? { appeals: 0, decided_on_appeal: 0, reversed: 0 };
    if (a.appeal) row.appeals += a.n;
    else if (a.outcome !== null) {
      row.decided_on_appeal += a.n;
      if (isReversal(a.appealed_outcome, a.outcome)) row.reversed += a.n;
    }
    appealBy.set(a.platform, row);
  }
  const appealRows = services.filter((s) => appealBy.has(s.platform)).map((s) => ({ platform: s.platform, name: s.name, ...appealBy.get(s.platform)!, ...answers.of(s.platform) }));

  return {
    generated_at: now.toISOString(),
    time_zone: STATS_TIME_ZONE,
    months,
    requests_by_authority: { authorities: authorityRows, by_month: requestsByMonth, total: sum(requestsByMonth) },
    decisions_by_outcome: { outcomes: [...DECISION_OUTCOME_KINDS], platforms: decisionRows, by_outcome: decisionTotals, total: sum(Object.values(decisionTotals)) },
    time_to_decision: { deadline_hours: AUTHORITY_ANSWER_HOURS, platforms: timeRows },
    overdue: { platforms: overdueRows, total: { ...overdueTotal, share: overdueShare(overdueTotal.answered_late, overdueTotal.open_overdue, overdueTotal.with_deadline) } },
    appeals: {
      platforms: appealRows,
      total: {
        appeals: sum(appealRows.map((r) => r.appeals)),
        decided_on_appeal: sum(appealRows.map((r) => r.decided_on_appeal)),
        reversed: sum(appealRows.map((r) => r.reversed)),
        ...answers.of(null),
      },
    },
  };
}

const sum = (xs: readonly number[]) => xs.reduce((n, x) => n + x, 0);
