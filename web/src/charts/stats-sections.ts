import type { TFunction } from 'i18next';
import { formatNumber, formatPercent } from '../format.ts';
import type { StatsCharts } from '../stats.api.ts';
import type { BarChart } from './bar-groups.ts';
import { formatMonth } from './chart-format.ts';
import type { DataTable } from './chart-section.tsx';
import type { CsvCell } from './csv.ts';

/** What one ChartSection shows: its chart, its table and its CSV file, from the same figures. */
export interface SectionData {
  id: string;
  title: string;
  lead: string;
  chart: BarChart;
  table: DataTable;
  csv: CsvCell[][];
  file: string;
  empty: boolean;
}

/** The five charts of the statistics page, in the page's language. */
export function statsSections(data: StatsCharts, t: TFunction, lang: string): SectionData[] {
  const n = (v: number | null) => formatNumber(v, lang);
  const h = (v: number | null) => formatNumber(v, lang, 2);
  const pct = (v: number | null) => formatPercent(v, lang);
  const total = t('stats.charts.total');
  const platform = t('stats.platform');

  const r = data.requests_by_authority;
  const months = data.months.map((m) => formatMonth(m, lang));
  const requests: SectionData = {
    id: 'requests',
    title: t('stats.charts.requests.title'),
    lead: t('stats.charts.requests.lead'),
    chart: {
      sharedScale: false,
      groups: [
        { title: t('stats.charts.requests.byMonth'), bars: r.by_month.map((v, i) => ({ label: months[i]!, value: v, text: n(v) })) },
        { title: t('stats.charts.requests.byAuthority'), bars: r.authorities.map((a) => ({ label: a.name, value: a.total, text: n(a.total) })) },
      ],
    },
    table: {
      head: [t('stats.charts.requests.authority'), ...months, total],
      rows: r.authorities.map((a) => ({ label: a.name, cells: [...a.by_month.map(n), n(a.total)] })),
      foot: { label: total, cells: [...r.by_month.map(n), n(r.total)] },
    },
    csv: [[t('stats.charts.requests.authority'), ...data.months, total], ...r.authorities.map((a) => [a.name, ...a.by_month, a.total]), [total, ...r.by_month, r.total]],
    file: t('stats.charts.requests.file'),
    empty: r.total === 0,
  };

  const d = data.decisions_by_outcome;
  const outcomes = d.outcomes.map((o) => t(`stats.charts.outcomes.${o}`));
  const decisions: SectionData = {
    id: 'decisions',
    title: t('stats.charts.decisions.title'),
    lead: t('stats.charts.decisions.lead'),
    chart: {
      sharedScale: true,
      groups: d.platforms.map((p) => ({
        title: p.name,
        bars: d.outcomes.map((o) => ({ label: t(`stats.charts.outcomesShort.${o}`), value: p.by_outcome[o], text: n(p.by_outcome[o]) })),
      })),
    },
    table: {
      head: [platform, ...outcomes, total],
      rows: d.platforms.map((p) => ({ label: p.name, cells: [...d.outcomes.map((o) => n(p.by_outcome[o])), n(p.total)] })),
      foot: { label: total, cells: [...d.outcomes.map((o) => n(d.by_outcome[o])), n(d.total)] },
    },
    csv: [
      [platform, ...outcomes, total],
      ...d.platforms.map((p) => [p.name, ...d.outcomes.map((o) => p.by_outcome[o]), p.total]),
      [total, ...d.outcomes.map((o) => d.by_outcome[o]), d.total],
    ],
    file: t('stats.charts.decisions.file'),
    empty: d.total === 0,
  };

  const tt = data.time_to_decision;
  const hours = tt.deadline_hours;
  const time: SectionData = {
    id: 'time-to-decision',
    title: t('stats.charts.time.title'),
    lead: t('stats.charts.time.lead', { hours }),
    chart: {
      sharedScale: true,
      rule: { value: hours, label: t('stats.charts.time.deadlineLabel', { hours }) },
      groups: tt.platforms.map((p) => ({
        title: p.name,
        bars: [
          { label: t('stats.charts.time.medianShort'), value: p.median_hours ?? 0, text: h(p.median_hours) },
          { label: t('stats.charts.time.p90Short'), value: p.p90_hours ?? 0, text: h(p.p90_hours) },
        ],
      })),
    },
    table: {
      head: [platform, t('stats.charts.time.answered'), t('stats.charts.time.median'), t('stats.charts.time.p90'), t('stats.charts.time.deadline')],
      rows: tt.platforms.map((p) => ({ label: p.name, cells: [n(p.answered), h(p.median_hours), h(p.p90_hours), n(hours)] })),
    },
    csv: [
      [platform, t('stats.charts.time.answered'), t('stats.charts.time.median'), t('stats.charts.time.p90'), t('stats.charts.time.deadline')],
      ...tt.platforms.map((p) => [p.name, p.answered, p.median_hours, p.p90_hours, hours]),
    ],
    file: t('stats.charts.time.file'),
    empty: tt.platforms.length === 0,
  };

  const o = data.overdue;
  const overdueHead = [
    platform,
    t('stats.onboarded'),
    t('stats.charts.overdue.withDeadline'),
    t('stats.charts.overdue.late'),
    t('stats.charts.overdue.open'),
    t('stats.charts.overdue.share'),
  ];
  const yesNo = (b: boolean) => (b ? t('stats.yes') : t('stats.no'));
  const overdue: SectionData = {
    id: 'overdue',
    title: t('stats.charts.overdue.title'),
    lead: t('stats.charts.overdue.lead'),
    chart: {
      sharedScale: true,
      max: 1,
      groups: [
        {
          bars: [
            ...o.platforms.map((p) => ({ label: p.name, value: p.share ?? 0, text: pct(p.share) })),
            { label: t('stats.charts.all'), value: o.total.share ?? 0, text: pct(o.total.share) },
          ],
        },
      ],
    },
    table: {
      head: overdueHead,
      rows: o.platforms.map((p) => ({ label: p.name, cells: [yesNo(p.onboarded), n(p.with_deadline), n(p.answered_late), n(p.open_overdue), pct(p.share)] })),
      foot: { label: total, cells: ['', n(o.total.with_deadline), n(o.total.answered_late), n(o.total.open_overdue), pct(o.total.share)] },
    },
    csv: [
      overdueHead,
      ...o.platforms.map((p) => [p.name, yesNo(p.onboarded), p.with_deadline, p.answered_late, p.open_overdue, p.share]),
      [total, null, o.total.with_deadline, o.total.answered_late, o.total.open_overdue, o.total.share],
    ],
    file: t('stats.charts.overdue.file'),
    empty: o.total.with_deadline === 0,
  };

  const a = data.appeals;
  const appealHead = [platform, t('stats.charts.appeals.appeals'), t('stats.charts.appeals.decided'), t('stats.charts.appeals.reversed'), t('stats.charts.appeals.answerMedian')];
  const appeals: SectionData = {
    id: 'appeals',
    title: t('stats.charts.appeals.title'),
    lead: t('stats.charts.appeals.lead'),
    chart: {
      sharedScale: true,
      groups: a.platforms.map((p) => ({
        title: p.name,
        bars: [
          { label: appealHead[1]!, value: p.appeals, text: n(p.appeals) },
          { label: appealHead[2]!, value: p.decided_on_appeal, text: n(p.decided_on_appeal) },
          { label: appealHead[3]!, value: p.reversed, text: n(p.reversed) },
        ],
      })),
    },
    table: {
      head: appealHead,
      rows: a.platforms.map((p) => ({ label: p.name, cells: [n(p.appeals), n(p.decided_on_appeal), n(p.reversed), h(p.answer_median_hours)] })),
      foot: { label: total, cells: [n(a.total.appeals), n(a.total.decided_on_appeal), n(a.total.reversed), h(a.total.answer_median_hours)] },
    },
    csv: [
      appealHead,
      ...a.platforms.map((p) => [p.name, p.appeals, p.decided_on_appeal, p.reversed, p.answer_median_hours]),
      [total, a.total.appeals, a.total.decided_on_appeal, a.total.reversed, a.total.answer_median_hours],
    ],
    file: t('stats.charts.appeals.file'),
    empty: a.total.appeals === 0,
  };

  return [requests, decisions, time, overdue, appeals];
}
