import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../http.ts';
import { ChartSection } from '../charts/chart-section.tsx';
import type { SectionData } from '../charts/stats-sections.ts';
import '../charts/charts.css';
import { formatDateTime, formatNumber, formatPercent } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';
import { transparencyReportApi, type ReportMeasures, type TransparencyReportDoc } from '../transparency-report.api.ts';
import { periodLabel } from '../transparency-report.labels.ts';

/** The outcomes in the report's order: the kinds of decision, then none yet. */
const OUTCOMES = ['content_removed', 'content_disabled', 'other_content_restriction', 'account_or_service_only', 'no_action', 'pending'] as const;

/**
 * One transparency report: its figures as archived in its logged public record, a chart with its
 * table per breakdown (people rather look than read; the table is the text alternative), the CSV
 * served from the same record, and a link to that record, where its log inclusion is verified.
 */
export function TransparencyReportPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  useTitle(t('transparencyReport.listTitle'));
  const report = useQuery({ queryKey: ['transparency-reports', id], queryFn: () => transparencyReportApi.get(id) });
  return (
    <>
      <p>
        <Link to="/transparency-reports">{t('transparencyReport.back')}</Link>
      </p>
      {report.error instanceof ApiError && report.error.status === 404 ? (
        <>
          <h1>{t('transparencyReport.listTitle')}</h1>
          <p>{t('transparencyReport.notFound')}</p>
        </>
      ) : (
        <QueryState query={report}>{(r) => <ReportView report={r} />}</QueryState>
      )}
    </>
  );
}

function ReportView({ report }: { report: TransparencyReportDoc }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const title = t('transparencyReport.title', { period: periodLabel(report.period, t, lang) });
  useTitle(title);
  const sections = useMemo(() => reportSections(report, t, lang), [report, t, lang]);
  const n = (v: number | null) => formatNumber(v, lang);
  const h = (v: number | null) => formatNumber(v, lang, 2);
  const m = report.totals;
  return (
    <>
      <h1>{title}</h1>
      <p className="lead">{t('transparencyReport.about')}</p>
      <dl className="summary-list">
        <div>
          <dt>{t('transparencyReport.kind')}</dt>
          <dd>{t(`transparencyReport.kinds.${report.kind}`)}</dd>
        </div>
        <div>
          <dt>{t('transparencyReport.generatedAt')}</dt>
          <dd>{formatDateTime(report.generated_at, lang)}</dd>
        </div>
        {report.deployment && (
          <div>
            <dt>{t('transparencyReport.deployment')}</dt>
            <dd>{report.deployment}</dd>
          </div>
        )}
        <div>
          <dt>{t('transparencyReport.logIndex')}</dt>
          <dd>{report.log_index === null ? t('transparencyReport.notLogged') : n(report.log_index)}</dd>
        </div>
      </dl>
      <p>
        <a href={transparencyReportApi.csvUrl(report.id)} download className="csv-link">
          {t('transparencyReport.csv')}
        </a>
      </p>
      <p>
        <Link to={`/records/${report.public_record_id}`}>{t('transparencyReport.record')}</Link>
      </p>
      <h2>{t('transparencyReport.totals')}</h2>
      <dl className="summary-list">
        {(
          [
            ['requests', n(m.requests)],
            ['items', n(m.items)],
            ['cases', n(m.cases)],
            ['answered', n(m.time_to_action.answered)],
            ['pending', n(m.outcomes.pending)],
            ['median', h(m.time_to_action.median_hours)],
            ['p90', h(m.time_to_action.p90_hours)],
          ] as const
        ).map(([key, value]) => (
          <div key={key}>
            <dt>{t(`transparencyReport.${key}`)}</dt>
            <dd>{value}</dd>
          </div>
        ))}
        <div>
          <dt>{t('transparencyReport.within', { hours: report.answer_hours })}</dt>
          <dd>{formatPercent(m.authority.share, lang)}</dd>
        </div>
      </dl>
      {sections.map((s) => (
        <ChartSection key={s.id} {...s} />
      ))}
    </>
  );
}

/** A breakdown by one dimension: a bar per key (its items), and a table of every measure. */
function breakdown(
  id: 'requester' | 'category' | 'platform',
  rows: readonly (ReportMeasures & { label: string })[],
  total: ReportMeasures,
  t: TFunction,
  lang: string,
): SectionData {
  const n = (v: number | null) => formatNumber(v, lang);
  const h = (v: number | null) => formatNumber(v, lang, 2);
  const outcomes = OUTCOMES.map((o) => (o === 'pending' ? t('transparencyReport.pending') : t(`stats.charts.outcomesShort.${o}`)));
  const head = [
    t(`transparencyReport.sections.${id}.column`),
    t('transparencyReport.requests'),
    t('transparencyReport.items'),
    ...outcomes,
    t('transparencyReport.median'),
    t('transparencyReport.p90'),
  ];
  const cells = (r: ReportMeasures) => [n(r.requests), n(r.items), ...OUTCOMES.map((o) => n(r.outcomes[o])), h(r.time_to_action.median_hours), h(r.time_to_action.p90_hours)];
  const raw = (r: ReportMeasures) => [r.requests, r.items, ...OUTCOMES.map((o) => r.outcomes[o]), r.time_to_action.median_hours, r.time_to_action.p90_hours];
  const title = t(`transparencyReport.sections.${id}.title`);
  return {
    id,
    title,
    lead: t(`transparencyReport.sections.${id}.lead`),
    chart: { sharedScale: true, groups: [{ bars: rows.map((r) => ({ label: r.label, value: r.items, text: n(r.items) })) }] },
    table: { head, rows: rows.map((r) => ({ label: r.label, cells: cells(r) })), foot: { label: t('transparencyReport.total'), cells: cells(total) } },
    csv: [head, ...rows.map((r) => [r.label, ...raw(r)]), [t('transparencyReport.total'), ...raw(total)]],
    file: t(`transparencyReport.sections.${id}.file`),
    empty: rows.length === 0,
  };
}

function reportSections(r: TransparencyReportDoc, t: TFunction, lang: string): SectionData[] {
  const n = (v: number | null) => formatNumber(v, lang);
  const h = (v: number | null) => formatNumber(v, lang, 2);
  const requester = r.by_requester.map((x) => ({
    ...x,
    label:
      x.name === null ? t('transparencyReport.publicReports') : `${x.name} (${t(`transparencyReport.requesterKinds.${x.requester_kind}`, { defaultValue: x.requester_kind })})`,
  }));
  const category = r.by_category.map((x) => ({ ...x, label: categoryLabel(x.category, lang) }));
  const platform = r.by_platform.map((x) => ({ ...x, label: x.name ?? t('transparencyReport.otherWebsites') }));

  const outcomeLabel = (o: (typeof OUTCOMES)[number]) => (o === 'pending' ? t('transparencyReport.pending') : t(`stats.charts.outcomes.${o}`));
  const outcomeHead = [t('transparencyReport.sections.outcome.column'), t('transparencyReport.requests'), t('transparencyReport.items'), t('transparencyReport.cases')];
  const outcome: SectionData = {
    id: 'outcome',
    title: t('transparencyReport.sections.outcome.title'),
    lead: t('transparencyReport.sections.outcome.lead'),
    chart: { sharedScale: true, groups: [{ bars: r.by_outcome.map((o) => ({ label: outcomeLabel(o.outcome), value: o.items, text: n(o.items) })) }] },
    table: { head: outcomeHead, rows: r.by_outcome.map((o) => ({ label: outcomeLabel(o.outcome), cells: [n(o.requests), n(o.items), n(o.cases)] })) },
    csv: [outcomeHead, ...r.by_outcome.map((o) => [outcomeLabel(o.outcome), o.requests, o.items, o.cases])],
    file: t('transparencyReport.sections.outcome.file'),
    empty: r.by_outcome.length === 0,
  };

  const timed = platform.filter((p) => p.time_to_action.answered > 0);
  const timeHead = [t('transparencyReport.sections.platform.column'), t('transparencyReport.answered'), t('transparencyReport.median'), t('transparencyReport.p90')];
  const time: SectionData = {
    id: 'time',
    title: t('transparencyReport.sections.time.title'),
    lead: t('transparencyReport.sections.time.lead'),
    chart: {
      sharedScale: true,
      groups: [{ bars: timed.map((p) => ({ label: p.label, value: p.time_to_action.median_hours ?? 0, text: h(p.time_to_action.median_hours) })) }],
      rule: { value: r.answer_hours, label: t('transparencyReport.deadline', { hours: r.answer_hours }) },
    },
    table: { head: timeHead, rows: timed.map((p) => ({ label: p.label, cells: [n(p.time_to_action.answered), h(p.time_to_action.median_hours), h(p.time_to_action.p90_hours)] })) },
    csv: [timeHead, ...timed.map((p) => [p.label, p.time_to_action.answered, p.time_to_action.median_hours, p.time_to_action.p90_hours])],
    file: t('transparencyReport.sections.time.file'),
    empty: timed.length === 0,
  };

  const a = r.appeals;
  const appealHead = [
    t('transparencyReport.sections.platform.column'),
    t('transparencyReport.sections.appeals.appeals'),
    t('transparencyReport.sections.appeals.decided'),
    t('transparencyReport.sections.appeals.reversed'),
  ];
  const appealLabel = (p: { name: string | null }) => p.name ?? t('transparencyReport.otherWebsites');
  const appeals: SectionData = {
    id: 'appeals',
    title: t('transparencyReport.sections.appeals.title'),
    lead: t('transparencyReport.sections.appeals.lead'),
    chart: {
      sharedScale: true,
      groups: [
        {
          bars: [
            { label: t('transparencyReport.sections.appeals.appeals'), value: a.total.appeals, text: n(a.total.appeals) },
            { label: t('transparencyReport.sections.appeals.decided'), value: a.total.decided_on_appeal, text: n(a.total.decided_on_appeal) },
            { label: t('transparencyReport.sections.appeals.reversed'), value: a.total.reversed, text: n(a.total.reversed) },
          ],
        },
      ],
    },
    table: {
      head: appealHead,
      rows: a.platforms.map((p) => ({ label: appealLabel(p), cells: [n(p.appeals), n(p.decided_on_appeal), n(p.reversed)] })),
      foot: { label: t('transparencyReport.total'), cells: [n(a.total.appeals), n(a.total.decided_on_appeal), n(a.total.reversed)] },
    },
    csv: [appealHead, ...a.platforms.map((p) => [appealLabel(p), p.appeals, p.decided_on_appeal, p.reversed])],
    file: t('transparencyReport.sections.appeals.file'),
    empty: a.total.appeals === 0 && a.total.decided_on_appeal === 0,
  };

  return [
    breakdown('requester', requester, r.totals, t, lang),
    breakdown('category', category, r.totals, t, lang),
    breakdown('platform', platform, r.totals, t, lang),
    outcome,
    time,
    appeals,
  ];
}
