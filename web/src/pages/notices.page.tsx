import { useInfiniteQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { AccessMessage, ButtonLink, useNoticeAccess } from '../notices/notice-ui.tsx';
import { noticesApi, type Notice } from '../notices.api.ts';
import { useTitle } from '../title.ts';
import '../notices/notices.css';

/** Explanations are cut here in the list; the notice's page has all of it. */
const EXCERPT = 240;

/** /notices: the organization's notices, newest first, a page at a time, each linking to its cases. */
export function NoticesPage() {
  const { t } = useTranslation();
  useTitle(t('notices.list.title'));
  const { status, person } = useNoticeAccess();
  return (
    <>
      <h1>{t('notices.list.title')}</h1>
      {status === 'read' || status === 'file' ? (
        <>
          <p className="lead">{t('notices.list.intro', { org: person!.org_name })}</p>
          {status === 'file' ? (
            <p className="button-row">
              <ButtonLink to="/notices/new">{t('notices.list.new')}</ButtonLink>
              <ButtonLink to="/notices/bulk" secondary>
                {t('notices.list.bulk')}
              </ButtonLink>
            </p>
          ) : (
            <AccessMessage status="read" />
          )}
          <NoticeList />
        </>
      ) : (
        <AccessMessage status={status} />
      )}
    </>
  );
}

function NoticeList() {
  const { t } = useTranslation();
  const pages = useInfiniteQuery({
    queryKey: ['notices', 'list'],
    queryFn: ({ pageParam }) => noticesApi.list(pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.next_cursor ?? undefined,
  });
  if (pages.isPending) return <p role="status">{t('common.loading')}</p>;
  if (pages.isError)
    return (
      <div role="alert" className="error">
        <p>{t('common.error')}</p>
        <button type="button" onClick={() => void pages.refetch()}>
          {t('common.retry')}
        </button>
      </div>
    );
  const notices = pages.data.pages.flatMap((p) => p.items);
  if (notices.length === 0) return <p>{t('notices.list.none')}</p>;
  return (
    <>
      <ol className="records notice-list">
        {notices.map((n) => (
          <NoticeEntry key={n.id} notice={n} />
        ))}
      </ol>
      <p role="status" className="meta">
        {pages.hasNextPage ? t('notices.list.shown', { count: notices.length }) : t('notices.list.all', { count: notices.length })}
      </p>
      {pages.hasNextPage ? (
        <div className="pager">
          <button type="button" className="secondary" onClick={() => void pages.fetchNextPage()} disabled={pages.isFetchingNextPage}>
            {pages.isFetchingNextPage ? t('common.loading') : t('notices.list.more')}
          </button>
        </div>
      ) : null}
    </>
  );
}

function NoticeEntry({ notice }: { notice: Notice }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const excerpt = notice.explanation.length > EXCERPT ? `${notice.explanation.slice(0, EXCERPT)}…` : notice.explanation;
  return (
    <li>
      <h2 className="entry-title">
        <Link to={`/notices/${notice.id}`}>{categoryLabel(notice.category, lang)}</Link>
      </h2>
      <p className="meta">
        {t('notices.list.received', { time: formatDateTime(notice.received_at, lang) })} · {t('notices.list.due', { time: formatDateTime(notice.due_at, lang) })} ·{' '}
        {t('notices.list.items', { count: notice.items.length })}
        {notice.urgency === 'urgent' ? (
          <>
            {' · '}
            <strong>{t('notices.urgency.urgent')}</strong>
          </>
        ) : null}
      </p>
      <p className="summary">{excerpt}</p>
      <ul className="notice-cases">
        {notice.items.map((item) => (
          <li key={item.position}>
            <Link to={`/cases/${item.case_id}`}>
              {t('notices.list.caseOf')}
              <span className="visually-hidden"> {t('notices.list.caseOfHidden', { url: item.url })}</span>
            </Link>{' '}
            ({t(`caseStatus.${item.case_status}`)}): <span className="url">{item.url}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}
