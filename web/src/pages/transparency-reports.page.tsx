import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime, formatNumber } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';
import { transparencyReportApi } from '../transparency-report.api.ts';
import { periodLabel } from '../transparency-report.labels.ts';

/** Every transparency report, latest period first, each a link to its figures. */
export function TransparencyReportsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('transparencyReport.listTitle'));
  const list = useQuery({ queryKey: ['transparency-reports'], queryFn: transparencyReportApi.list });
  return (
    <>
      <h1>{t('transparencyReport.listTitle')}</h1>
      <p className="lead">{t('transparencyReport.listIntro')}</p>
      <QueryState query={list}>
        {({ items }) =>
          items.length === 0 ? (
            <p>{t('transparencyReport.none')}</p>
          ) : (
            <div className="table-wrap" tabIndex={0} role="region" aria-label={t('transparencyReport.listCaption')}>
              <table>
                <caption>{t('transparencyReport.listCaption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('transparencyReport.period')}</th>
                    <th scope="col">{t('transparencyReport.kind')}</th>
                    <th scope="col">{t('transparencyReport.created')}</th>
                    <th scope="col">{t('transparencyReport.logIndex')}</th>
                  </tr>
                </thead>
                <tbody>
                  {items.map((r) => (
                    <tr key={r.id}>
                      <th scope="row">
                        <Link to={`/transparency-reports/${r.id}`}>{periodLabel(r.period, t, i18n.language)}</Link>
                      </th>
                      <td>{t(`transparencyReport.kinds.${r.kind}`)}</td>
                      <td>{formatDateTime(r.created_at, i18n.language)}</td>
                      <td>{r.log_index === null ? t('transparencyReport.notLogged') : formatNumber(r.log_index, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )
        }
      </QueryState>
    </>
  );
}
