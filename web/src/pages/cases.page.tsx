import { useQuery } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { CASE_STATUSES, OPEN_STATUSES } from '../../../src/core/case-state.ts';
import { api } from '../api.ts';
import { casesApi, type CaseQuery, type CaseSummary, type Counts } from '../cases.api.ts';
import { Deadline } from '../cases/deadline.tsx';
import { SignedInOnly } from '../cases/signed-in-only.tsx';
import { formatNumber } from '../format.ts';
import { categoryLabel, STATEMENT_CATEGORIES } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';
import '../cases/case-desk.css';

const FILTERS = ['queue', 'status', 'category', 'platform', 'overdue', 'assigned_to', 'sort'] as const;
/** One screen of cases: the queue pages with a cursor, so page 2,000 costs what page 1 does. */
const PAGE_SIZE = 50;

/** The address bar holds the queue's filters and page, so a reviewer can share or bookmark a view. */
function queryOf(params: URLSearchParams): CaseQuery {
  const q: Record<string, string | number | boolean> = { limit: PAGE_SIZE };
  for (const k of [...FILTERS, 'cursor'] as const) {
    const v = params.get(k);
    if (v) q[k] = k === 'overdue' ? v === 'true' : v;
  }
  return q as CaseQuery;
}

/**
 * The case desk's queue: every case the organization answers or follows, with counts, filters,
 * deadlines that count down, and who has each case.
 */
export function CasesPage() {
  const { t } = useTranslation();
  useTitle(t('desk.title'));
  return (
    <>
      <h1>{t('desk.title')}</h1>
      <SignedInOnly>{(person) => <Queue orgKind={person.org_kind} orgName={person.org_name} />}</SignedInOnly>
    </>
  );
}

function Queue({ orgKind, orgName }: { orgKind: string; orgName: string }) {
  const { t, i18n } = useTranslation();
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const unassigned = query.queue === 'unassigned';
  const cases = useQuery({ queryKey: ['cases', query], queryFn: () => casesApi.list(query), placeholderData: (prev) => prev });
  const counts = useQuery({
    queryKey: ['case-counts', query.platform, query.category],
    queryFn: () => casesApi.counts({ platform: query.platform, category: query.category }),
    enabled: !unassigned,
  });
  const services = useQuery({ queryKey: ['services'], queryFn: api.services, staleTime: 300_000 });
  const id = useId();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    if (unassigned) next.set('queue', 'unassigned');
    for (const k of FILTERS) {
      const v = String(form.get(k) ?? '').trim();
      if (v && k !== 'queue') next.set(k, v);
    }
    setParams(next);
  }

  const link = (changes: Record<string, string | null>) => {
    const next = new URLSearchParams(params);
    next.delete('cursor');
    for (const [k, v] of Object.entries(changes)) {
      if (v === null) next.delete(k);
      else next.set(k, v);
    }
    return `/cases?${next}`;
  };

  return (
    <>
      <p className="lead">{unassigned ? t('desk.unassignedIntro') : t(orgKind === 'platform' ? 'desk.introPlatform' : 'desk.introSubmitter', { org: orgName })}</p>
      {orgKind === 'authority' ? (
        <nav className="tabs" aria-label={t('desk.queues')}>
          <Link to="/cases" aria-current={unassigned ? undefined : 'page'}>
            {t('desk.ownQueue')}
          </Link>
          <Link to="/cases?queue=unassigned" aria-current={unassigned ? 'page' : undefined}>
            {t('desk.unassignedQueue')}
          </Link>
        </nav>
      ) : null}
      {!unassigned && counts.data ? <CountsBar counts={counts.data} link={link} /> : null}
      <search>
        <form className="filters" onSubmit={submit} aria-label={t('desk.filters')} key={params.toString()}>
          <div className="field">
            <label htmlFor={`${id}-status`}>{t('desk.status')}</label>
            <select id={`${id}-status`} name="status" defaultValue={params.get('status') ?? ''}>
              <option value="">{t('desk.anyStatus')}</option>
              {CASE_STATUSES.map((s) => (
                <option key={s} value={s}>
                  {t(`caseStatus.${s}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-category`}>{t('desk.category')}</label>
            <select id={`${id}-category`} name="category" defaultValue={params.get('category') ?? ''}>
              <option value="">{t('common.any')}</option>
              {STATEMENT_CATEGORIES.map((c) => (
                <option key={c} value={c}>
                  {categoryLabel(c, i18n.language)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-platform`}>{t('desk.platform')}</label>
            <select id={`${id}-platform`} name="platform" defaultValue={params.get('platform') ?? ''}>
              <option value="">{t('common.any')}</option>
              {(services.data?.services ?? []).map((s) => (
                <option key={s.slug} value={s.slug}>
                  {s.name}
                </option>
              ))}
            </select>
          </div>
          {unassigned ? null : (
            <div className="field">
              <label htmlFor={`${id}-assigned`}>{t('desk.assignedTo')}</label>
              <select id={`${id}-assigned`} name="assigned_to" defaultValue={params.get('assigned_to') ?? ''}>
                <option value="">{t('desk.anyone')}</option>
                <option value="me">{t('desk.me')}</option>
                <option value="nobody">{t('desk.nobody')}</option>
              </select>
            </div>
          )}
          <div className="field">
            <label htmlFor={`${id}-sort`}>{t('desk.sort')}</label>
            <select id={`${id}-sort`} name="sort" defaultValue={params.get('sort') ?? ''}>
              <option value="">{t('desk.sortNewest')}</option>
              <option value="deadline">{t('desk.sortDeadline')}</option>
            </select>
          </div>
          <div className="field checkbox">
            <input id={`${id}-overdue`} name="overdue" type="checkbox" value="true" defaultChecked={params.get('overdue') === 'true'} />
            <label htmlFor={`${id}-overdue`}>{t('desk.overdueOnly')}</label>
          </div>
          <div className="actions">
            <button type="submit">{t('desk.apply')}</button>
            <Link to={unassigned ? '/cases?queue=unassigned' : '/cases'}>{t('desk.reset')}</Link>
          </div>
        </form>
      </search>
      <section aria-labelledby={`${id}-results`}>
        <h2 id={`${id}-results`}>{t('desk.results')}</h2>
        <QueryState query={cases}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t('desk.none')}</p>
            ) : (
              <>
                <div className="table-wrap" tabIndex={0} role="region" aria-labelledby={`${id}-results`}>
                  <table className="queue">
                    <thead>
                      <tr>
                        <th scope="col">{t('desk.content')}</th>
                        <th scope="col">{t('desk.status')}</th>
                        <th scope="col">{t('desk.deadline')}</th>
                        {unassigned ? null : <th scope="col">{t('desk.assignee')}</th>}
                        <th scope="col">{t('desk.notices')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {data.items.map((c) => (
                        <CaseRow key={c.id} c={c} unassigned={unassigned} />
                      ))}
                    </tbody>
                  </table>
                </div>
                <nav className="pager" aria-label={t('desk.pages')}>
                  {params.get('cursor') ? <Link to={link({ cursor: null })}>{t('desk.first')}</Link> : null}
                  {data.next_cursor ? <Link to={`/cases?${withCursor(params, data.next_cursor)}`}>{t('desk.next')}</Link> : null}
                </nav>
              </>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

function withCursor(params: URLSearchParams, cursor: string): string {
  const next = new URLSearchParams(params);
  next.set('cursor', cursor);
  return next.toString();
}

/** The numbers at the top of the queue, each a link to the cases it counts. */
function CountsBar({ counts, link }: { counts: Counts; link: (changes: Record<string, string | null>) => string }) {
  const { t, i18n } = useTranslation();
  const n = (v: number | null) => formatNumber(v, i18n.language);
  const items: { key: string; value: number | null; to: string; tone?: string }[] = [
    { key: 'open', value: counts.open, to: link({ status: null, overdue: null, assigned_to: null }) },
    { key: 'overdue', value: counts.overdue, to: link({ overdue: 'true', status: null, sort: 'deadline' }), tone: counts.overdue > 0 ? 'overdue' : undefined },
    { key: 'dueSoon', value: counts.due_soon, to: link({ sort: 'deadline', overdue: null, status: null }), tone: counts.due_soon > 0 ? 'due_soon' : undefined },
    ...(counts.assigned_to_me === null ? [] : [{ key: 'mine', value: counts.assigned_to_me, to: link({ assigned_to: 'me' }) }]),
    { key: 'nobody', value: counts.unassigned_open, to: link({ assigned_to: 'nobody' }) },
  ];
  return (
    <ul className="counts" aria-label={t('desk.countsLabel')}>
      {items.map((i) => (
        <li key={i.key} className={i.tone}>
          <Link to={i.to}>
            <span className="count">{n(i.value)}</span> <span className="what">{t(`desk.counts.${i.key}`)}</span>
          </Link>
        </li>
      ))}
    </ul>
  );
}

function CaseRow({ c, unassigned }: { c: CaseSummary; unassigned: boolean }) {
  const { t, i18n } = useTranslation();
  const open = (OPEN_STATUSES as readonly string[]).includes(c.status);
  return (
    <tr>
      <td className="content">
        <Link to={`/cases/${c.id}`}>{shortUrl(c.canonical_url)}</Link>
        <br />
        <small>
          {c.platform} · {categoryLabel(c.category, i18n.language)}
          {c.authority_request ? (
            <>
              {' '}
              · <strong>{t('desk.authorityRequest')}</strong>
            </>
          ) : null}
        </small>
      </td>
      <td data-label={t('desk.status')}>{t(`caseStatus.${c.status}`)}</td>
      <td data-label={t('desk.deadline')}>
        <Deadline c={c} open={open} />
      </td>
      {unassigned ? null : <td data-label={t('desk.assignee')}>{c.assignee ? c.assignee.display_name : <span className="muted">{t('desk.nobodyYet')}</span>}</td>}
      <td className="number" data-label={t('desk.notices')}>
        {c.notice_count === undefined ? '—' : formatNumber(c.notice_count, i18n.language)}
      </td>
    </tr>
  );
}

/** A URL without its scheme, cut in the middle when long: enough to recognise the content. */
export function shortUrl(url: string): string {
  const bare = url.replace(/^https?:\/\//, '');
  return bare.length > 80 ? `${bare.slice(0, 50)}…${bare.slice(-25)}` : bare;
}
