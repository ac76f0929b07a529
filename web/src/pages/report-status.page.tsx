import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { REPORT_CHOICES } from '../../../src/core/report-choices.ts';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';
import { QueryState } from '../query-state.tsx';
import { reportApi, type ReportStatus } from '../report.api.ts';
import { TrackingCodeForm } from '../tracking-code-form.tsx';
import { useTitle } from '../title.ts';
import './report.css';

type Item = ReportStatus['items'][number];

/**
 * What a tracking code opens: for each reported link, the steps it has passed with their dates,
 * the deadline while an answer is owed, and the outcome with its public record. Anyone with the
 * code may open it; it shows nothing of the reporter (src/core/public-report-status.ts).
 */
export function ReportStatusPage() {
  const { code = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle(t('reportStatus.title'));
  const status = useQuery({ queryKey: ['report-status', code], queryFn: () => reportApi.status(code), retry: false, refetchOnWindowFocus: true });
  const notFound = status.error instanceof ApiError && status.error.status === 404;
  const lang = i18n.language;
  return (
    <>
      <h1>{t('reportStatus.title')}</h1>
      {notFound ? (
        <p className="warning" role="alert">
          {t('reportStatus.notFound')}
        </p>
      ) : (
        <QueryState query={status}>
          {(s) => {
            const choice = REPORT_CHOICES.find((c) => c.id === s.choice);
            return (
              <>
                <dl className="summary-list">
                  <div>
                    <dt>{t('reportStatus.code')}</dt>
                    <dd>
                      <code className="code-inline">{s.tracking_code}</code>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('reportStatus.received')}</dt>
                    <dd>
                      <time dateTime={s.received_at}>{formatDateTime(s.received_at, lang)}</time>
                    </dd>
                  </div>
                  <div>
                    <dt>{t('reportStatus.choice')}</dt>
                    <dd>{choice ? (lang === 'en' ? choice.en : choice.vi) : s.choice}</dd>
                  </div>
                </dl>
                {s.items.map((item) => (
                  <ItemStatus key={item.position} item={item} />
                ))}
              </>
            );
          }}
        </QueryState>
      )}
      <TrackingCodeForm key={code} />
      <p>
        <Link to="/report">{t('reportStatus.newReport')}</Link>
      </p>
    </>
  );
}

function ItemStatus({ item }: { item: Item }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const heading = `item-${item.position}`;
  return (
    <section className="report-item" aria-labelledby={heading}>
      <h2 id={heading}>
        {t('reportStatus.item', { n: item.position + 1 })}: <span className="url">{item.url}</span>
      </h2>
      <dl className="summary-list">
        <div>
          <dt>{t('reportStatus.platform')}</dt>
          <dd>{item.platform}</dd>
        </div>
        {item.due_at ? (
          <div>
            <dt>{t('reportStatus.deadline')}</dt>
            <dd>
              <time dateTime={item.due_at}>{formatDateTime(item.due_at, lang)}</time>
              {item.overdue ? <strong className="badge bad overdue">{t('reportStatus.overdue')}</strong> : null}
            </dd>
          </div>
        ) : null}
        {item.outcome ? (
          <div>
            <dt>{t('reportStatus.outcome')}</dt>
            <dd>
              <p className="outcome">{t(`reportStatus.outcome_${item.outcome.outcome}`)}</p>
              <p className="outcome">
                <time dateTime={item.outcome.decided_at}>{formatDateTime(item.outcome.decided_at, lang)}</time>
              </p>
              {item.outcome.public_record_id ? (
                <p className="outcome">
                  <Link to={`/records/${item.outcome.public_record_id}`}>{t('reportStatus.record')}</Link>
                </p>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      {item.platform_onboarded ? null : <p className="hint">{t('reportStatus.notOnboarded')}</p>}
      <h3>{t('reportStatus.progress')}</h3>
      <ol className="progress">
        {item.steps.map((step) => {
          const current = step.stage === item.stage;
          const state = current ? 'current' : step.done ? 'done' : 'pending';
          return (
            <li key={step.stage} className={state} aria-current={current ? 'step' : undefined}>
              <span className="step-name">{t(`reportStatus.stage_${step.stage}`)}</span> <span className="step-state">({t(`reportStatus.${state}`)})</span>
              {step.at ? (
                <>
                  {' '}
                  <time dateTime={step.at}>{formatDateTime(step.at, lang)}</time>
                </>
              ) : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}
