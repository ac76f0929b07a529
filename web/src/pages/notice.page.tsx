import { useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useLocation, useParams } from 'react-router';
import { ApiError } from '../http.ts';
import { formatDateTime } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { ItemOutcome } from '../notices/item-outcome.tsx';
import { ItemImages } from '../cases/item-images.tsx';
import { AccessMessage, ButtonLink, useNoticeAccess } from '../notices/notice-ui.tsx';
import { noticesApi, type Accepted, type Notice } from '../notices.api.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';
import '../notices/notices.css';

/**
 * /notices/:id: one of the organization's notices as it was sent, each content item with the
 * case it joined and that case's status now. Just after filing, the answer of the filing (passed
 * in the navigation's state) is confirmed on top: the deadline and what became of each case.
 */
export function NoticePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  useTitle(t('notices.notice.title'));
  const { status } = useNoticeAccess();
  const location = useLocation();
  const accepted = (location.state as { accepted?: Accepted } | null)?.accepted;
  const notice = useQuery({ queryKey: ['notices', 'one', id], queryFn: () => noticesApi.one(id), enabled: status === 'read' || status === 'file', retry: false });
  return (
    <>
      <p>
        <Link to="/notices">{t('notices.notice.back')}</Link>
      </p>
      <h1>{t('notices.notice.title')}</h1>
      {accepted && accepted.id === id ? <Confirmation accepted={accepted} /> : null}
      {status === 'read' || status === 'file' ? (
        notice.error instanceof ApiError && notice.error.status === 404 ? (
          <p>{t('notices.notice.notFound')}</p>
        ) : (
          <QueryState query={notice}>{(n) => <NoticeDetails notice={n} mayFile={status === 'file'} />}</QueryState>
        )
      ) : (
        <AccessMessage status={status} />
      )}
    </>
  );
}

/** The GOV.UK confirmation panel, with the deadline and each case the content went into. */
function Confirmation({ accepted }: { accepted: Accepted }) {
  const { t, i18n } = useTranslation();
  return (
    <section className="panel" aria-labelledby="sent-title">
      <h2 id="sent-title">{t('notices.notice.sent')}</h2>
      <p className="panel-due">{t('notices.notice.sentDue', { time: formatDateTime(accepted.due_at, i18n.language) })}</p>
      <p>{t('notices.notice.sentCases')}</p>
      <ul>
        {accepted.cases.map((c) => (
          <li key={c.id}>
            <Link to={`/cases/${c.id}`}>
              <span className="url">{c.canonical_url}</span>
            </Link>{' '}
            ({c.platform}): {c.created ? t('notices.notice.caseCreated') : t('notices.notice.caseJoined')} · {t('notices.notice.status', { status: t(`caseStatus.${c.status}`) })}
            {c.reopened ? `; ${t('notices.notice.reopened')}` : ''}
            {c.existing_decision ? `; ${t('notices.notice.existingDecision')}` : ''}
            {c.platform_onboarded ? '' : `; ${t('notices.notice.notOnboarded')}`}
          </li>
        ))}
      </ul>
    </section>
  );
}

function NoticeDetails({ notice, mayFile }: { notice: Notice; mayFile: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const basis = notice.legal_basis as { instrument?: string; provision?: string; reference_url?: string } | null;
  const language = notice.content_language
    ? (new Intl.DisplayNames([lang === 'en' ? 'en' : 'vi'], { type: 'language' }).of(notice.content_language) ?? notice.content_language)
    : null;
  const rows: [string, ReactNode][] = [
    [t('notices.notice.received'), formatDateTime(notice.received_at, lang)],
    [t('notices.notice.due'), formatDateTime(notice.due_at, lang)],
    [t('notices.notice.category'), categoryLabel(notice.category, lang)],
    ...(notice.category_specification.length > 0 ? [[t('notices.notice.keywords'), notice.category_specification.join(', ')] as [string, string]] : []),
    [t('notices.notice.urgency'), notice.urgency === 'urgent' ? t('notices.urgency.urgent') : t('notices.urgency.normal')],
    [t('notices.notice.legalBasis'), basis?.instrument ? [basis.instrument, basis.provision, basis.reference_url].filter(Boolean).join(', ') : t('notices.notice.noLegalBasis')],
    ...(language ? [[t('notices.notice.language'), language] as [string, string]] : []),
    [t('notices.notice.explanation'), <span className="pre">{notice.explanation}</span>],
  ];
  return (
    <>
      <dl className="summary-list">
        {rows.map(([term, value]) => (
          <div key={term}>
            <dt>{term}</dt>
            <dd>{value}</dd>
          </div>
        ))}
      </dl>
      <h2>{t('notices.notice.items')}</h2>
      <ol className="notice-items">
        {notice.items.map((item) => (
          <li key={item.position}>
            <h3>{t('notices.notice.item', { n: item.position + 1 })}</h3>
            <p className="url">{item.url}</p>
            {item.text ? (
              <details>
                <summary>{t('notices.notice.copy')}</summary>
                <p className="pre">{item.text}</p>
              </details>
            ) : null}
            <ItemImages item={item} itemNumber={item.position + 1} />
            <p>
              <Link to={`/cases/${item.case_id}`}>{t('notices.notice.caseLink', { n: item.position + 1 })}</Link>
              {' · '}
              {t('notices.notice.status', { status: t(`caseStatus.${item.case_status}`) })}
            </p>
            <ItemOutcome outcome={item.outcome} />
          </li>
        ))}
      </ol>
      {mayFile ? (
        <p>
          <ButtonLink to="/notices/new" secondary>
            {t('notices.notice.new')}
          </ButtonLink>
        </p>
      ) : null}
    </>
  );
}
