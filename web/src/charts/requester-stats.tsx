import { useQuery } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useId, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { requesterStatsApi, type RequesterStatsData } from '../requester-stats.api.ts';
import type { BarChart } from './bar-groups.ts';
import { formatMonth } from './chart-format.ts';
import { useObjectUrl } from './chart-section.tsx';
import type { CsvCell } from './csv.ts';
import { PlotFigure } from './plot-figure.tsx';

/**
 * The requesters' record on the statistics page (GET /api/v1/public/stats/requesters): one row per
 * authority, trusted flagger and rights holder, in a table shown as it is (the figures are the
 * point, not the chart), the share acted on as a chart, and the table as a CSV file.
 */
export function RequesterStats() {
  const { t } = useTranslation();
  const headingId = useId();
  const query = useQuery({ queryKey: ['stats', 'requesters'], queryFn: () => requesterStatsApi.get() });
  return (
    <section className="requester-stats" aria-labelledby={headingId}>
      <h2 id={headingId}>{t('requesterStats.title')}</h2>
      <p className="chart-lead">{t('requesterStats.lead')}</p>
      <QueryState query={query}>{(data) => <Figures data={data} />}</QueryState>
    </section>
  );
}

function Figures({ data }: { data: RequesterStatsData }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const figures = useMemo(() => requesterFigures(data, t, lang), [data, t, lang]);
  const href = useObjectUrl(data.requesters.length ? figures.csv : null);
  const title = t('requesterStats.title');
  const period = <p>{t('requesterStats.window', { from: formatMonth(data.from, lang), to: formatMonth(data.to, lang) })}</p>;
  if (data.requesters.length === 0)
    return (
      <>
        {period}
        <p>{t('requesterStats.none')}</p>
      </>
    );
  return (
    <>
      {period}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
        <table>
          <caption>{title}</caption>
          <thead>
            <tr>
              {figures.head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {figures.rows.map((r, i) => (
              <tr key={i}>
                <th scope="row">{r.label}</th>
                {r.cells.map((c, j) => (
                  <td key={j}>{c}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {figures.chart.groups.length > 0 && (
        <>
          <h3>{t('requesterStats.chart')}</h3>
          <PlotFigure chart={figures.chart} />
        </>
      )}
      {href && (
        <p>
          <a href={href} download={`minhbach-${t('requesterStats.file')}.csv`} className="csv-link">
            {t('stats.charts.download')}
            <span className="visually-hidden">: {title}</span>
          </a>
        </p>
      )}
    </>
  );
}

/** The table, the chart and the CSV file, from the same figures, in the page's language. */
export function requesterFigures(data: RequesterStatsData, t: TFunction, lang: string) {
  const n = (v: number | null) => formatNumber(v, lang);
  const h = (v: number | null) => formatNumber(v, lang, 2);
  const pct = (v: number | null) => formatPercent(v, lang);
  const kind = (k: string) => t(`requesterStats.kinds.${k}`);
  const head = ['requester', 'kind', 'notices', 'cases', 'decided', 'acted', 'share', 'median', 'p90', 'appeals', 'won'].map((k) => t(`requesterStats.${k}`));
  const rows = data.requesters.map((r) => ({
    label: r.name,
    cells: [
      kind(r.kind),
      n(r.notices),
      n(r.cases),
      n(r.decided_cases),
      n(r.acted_cases),
      pct(r.acted_share),
      h(r.median_hours),
      h(r.p90_hours),
      n(r.appeals_against),
      n(r.appeals_won_against),
    ],
  }));
  const csv: CsvCell[][] = [
    head,
    ...data.requesters.map((r) => [
      r.name,
      kind(r.kind),
      r.notices,
      r.cases,
      r.decided_cases,
      r.acted_cases,
      r.acted_share,
      r.median_hours,
      r.p90_hours,
      r.appeals_against,
      r.appeals_won_against,
    ]),
  ];
  // One group per kind, a bar per requester with something decided: nothing to share over otherwise.
  const chart: BarChart = {
    sharedScale: true,
    max: 1,
    groups: data.kinds
      .map((k) => ({
        title: kind(k),
        bars: data.requesters.filter((r) => r.kind === k && r.acted_share !== null).map((r) => ({ label: r.name, value: r.acted_share!, text: pct(r.acted_share) })),
      }))
      .filter((g) => g.bars.length > 0),
  };
  return { head, rows, csv, chart };
}
