import { useQuery } from '@tanstack/react-query';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../api.ts';
import { ChartSection } from '../charts/chart-section.tsx';
import { RequesterStats } from '../charts/requester-stats.tsx';
import { statsSections } from '../charts/stats-sections.ts';
import '../charts/charts.css';
import { formatNumber, formatPercent } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { statsApi, type StatsCharts } from '../stats.api.ts';
import { useTitle } from '../title.ts';

export function StatsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('stats.title'));
  const stats = useQuery({ queryKey: ['stats'], queryFn: api.stats });
  const charts = useQuery({ queryKey: ['stats', 'charts'], queryFn: statsApi.charts });
  const n = (v: number | null | undefined, digits = 0) => formatNumber(v, i18n.language, digits);
  return (
    <>
      <h1>{t('stats.title')}</h1>
      <p className="lead">{t('stats.intro')}</p>
      <QueryState query={stats}>
        {(s) => (
          <>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('stats.caption')}>
              <table>
                <caption>{t('stats.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('stats.platform')}</th>
                    <th scope="col">{t('stats.onboarded')}</th>
                    <th scope="col">{t('stats.cases')}</th>
                    <th scope="col">{t('stats.answered')}</th>
                    <th scope="col">{t('stats.late')}</th>
                    <th scope="col">{t('stats.median')}</th>
                    <th scope="col">{t('stats.p90')}</th>
                    <th scope="col">{t('stats.overdue')}</th>
                    <th scope="col">{t('stats.within24')}</th>
                  </tr>
                </thead>
                <tbody>
                  {s.platforms.map((p) => (
                    <tr key={p.platform}>
                      <th scope="row">{p.name}</th>
                      <td>{p.onboarded ? t('stats.yes') : t('stats.no')}</td>
                      <td>{n(p.cases)}</td>
                      <td>{n(p.deadlines.answered)}</td>
                      <td>{n(p.deadlines.answered_late)}</td>
                      <td>{n(p.deadlines.median_hours_to_decision, 1)}</td>
                      <td>{n(p.deadlines.p90_hours_to_decision, 1)}</td>
                      <td>{n(p.deadlines.open_overdue)}</td>
                      <td>{formatPercent(p.authority_requests.answered_within_24h_share, i18n.language)}</td>
                    </tr>
                  ))}
                  <tr>
                    <th scope="row">{t('stats.unregistered', { sites: s.unregistered_websites.sites })}</th>
                    <td>{t('stats.no')}</td>
                    <td>{n(s.unregistered_websites.cases)}</td>
                    <td colSpan={6}>—</td>
                  </tr>
                </tbody>
              </table>
            </div>
            <p>
              {t('stats.notOnboarded')}: <strong>{n(s.cases_on_platforms_not_onboarded)}</strong>
            </p>
            <h2>{t('stats.records')}</h2>
            <dl className="summary-list">
              {Object.entries(s.public_records_by_type as Record<string, number>).map(([type, count]) => (
                <div key={type}>
                  <dt>{t(`recordTypes.${type}`, { defaultValue: type })}</dt>
                  <dd>{n(count)}</dd>
                </div>
              ))}
            </dl>
          </>
        )}
      </QueryState>
      <QueryState query={charts}>{(c) => <Charts data={c} />}</QueryState>
      <RequesterStats />
    </>
  );
}

/** The charts, each with its data table and CSV file (charts/chart-section.tsx). */
function Charts({ data }: { data: StatsCharts }) {
  const { t, i18n } = useTranslation();
  // Made once per figures and language: each section's CSV file is a blob: URL made from these.
  const sections = useMemo(() => statsSections(data, t, i18n.language), [data, t, i18n.language]);
  return (
    <>
      <p className="chart-lead">{t('stats.charts.note')}</p>
      {sections.map((s) => (
        <ChartSection key={s.id} {...s} />
      ))}
    </>
  );
}
