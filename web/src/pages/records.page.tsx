import { useQuery } from '@tanstack/react-query';
import { useId, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api, type PublicRecord, type RecordQuery } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { categoryLabel, PUBLIC_RECORD_TYPES, STATEMENT_CATEGORIES } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';

const FILTERS = ['q', 'type', 'category', 'platform', 'from', 'to'] as const;

/** The address bar holds the search: a search can be shared, bookmarked and gone back to. */
function queryOf(params: URLSearchParams): RecordQuery {
  const q: Record<string, string> = {};
  for (const k of [...FILTERS, 'cursor'] as const) {
    const v = params.get(k);
    if (v) q[k] = k === 'from' || k === 'to' ? dayBound(v, k) : v;
  }
  return q as RecordQuery;
}

/** A day picked in a date field, as the API's date-time: its start (from) or the next day's (to), Vietnam time. */
function dayBound(day: string, which: 'from' | 'to'): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(day)) return day;
  const start = Date.parse(`${day}T00:00:00+07:00`);
  return new Date(which === 'from' ? start : start + 86_400_000).toISOString();
}

export function RecordsPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('records.title'));
  const [params, setParams] = useSearchParams();
  const query = queryOf(params);
  const records = useQuery({ queryKey: ['records', query], queryFn: () => api.records(query) });
  const id = useId();

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(form.get(k) ?? '').trim();
      if (v) next.set(k, v);
    }
    setParams(next);
  }

  return (
    <>
      <h1>{t('records.title')}</h1>
      <p className="lead">{t('records.intro')}</p>
      <search>
        <form className="filters" onSubmit={submit} aria-label={t('records.search')} key={params.toString()}>
          <div className="field wide">
            <label htmlFor={`${id}-q`}>{t('records.q')}</label>
            <span className="hint" id={`${id}-q-hint`}>
              {t('records.qHint')}
            </span>
            <input id={`${id}-q`} name="q" type="search" maxLength={200} defaultValue={params.get('q') ?? ''} aria-describedby={`${id}-q-hint`} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-type`}>{t('records.type')}</label>
            <select id={`${id}-type`} name="type" defaultValue={params.get('type') ?? ''}>
              <option value="">{t('common.any')}</option>
              {PUBLIC_RECORD_TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`recordTypes.${type}`)}
                </option>
              ))}
            </select>
          </div>
          <div className="field">
            <label htmlFor={`${id}-category`}>{t('records.category')}</label>
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
            <label htmlFor={`${id}-platform`}>{t('records.platform')}</label>
            <span className="hint" id={`${id}-platform-hint`}>
              {t('records.platformHint')}
            </span>
            <input id={`${id}-platform`} name="platform" defaultValue={params.get('platform') ?? ''} aria-describedby={`${id}-platform-hint`} autoCapitalize="none" />
          </div>
          <div className="field">
            <label htmlFor={`${id}-from`}>{t('records.from')}</label>
            <input id={`${id}-from`} name="from" type="date" defaultValue={params.get('from') ?? ''} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-to`}>{t('records.to')}</label>
            <input id={`${id}-to`} name="to" type="date" defaultValue={params.get('to') ?? ''} />
          </div>
          <div className="actions">
            <button type="submit">{t('records.submit')}</button>
            <Link to="/">{t('records.reset')}</Link>
          </div>
        </form>
      </search>
      <section aria-labelledby={`${id}-results`}>
        <h2 id={`${id}-results`}>{t('records.results')}</h2>
        <QueryState query={records}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t('records.none')}</p>
            ) : (
              <>
                <ol className="records">
                  {(data.items as PublicRecord[]).map((r) => (
                    <RecordItem key={r.id} record={r} />
                  ))}
                </ol>
                <nav className="pager" aria-label={t('records.results')}>
                  {params.get('cursor') ? <Link to={`/?${without(params, 'cursor')}`}>{t('records.first')}</Link> : null}
                  {data.next_cursor ? <Link to={`/?${withParam(params, 'cursor', data.next_cursor)}`}>{t('records.more')}</Link> : null}
                </nav>
              </>
            )
          }
        </QueryState>
      </section>
    </>
  );
}

function RecordItem({ record: r }: { record: PublicRecord }) {
  const { t, i18n } = useTranslation();
  const summary = [r.illegal_content_explanation, r.incompatible_content_explanation, r.decision_facts, r.explanation].find((v) => typeof v === 'string' && v !== '') as
    string | undefined;
  return (
    <li>
      <article>
        <h3>
          <Link to={`/records/${r.id}`}>{t(`recordTypes.${r.type}`, { defaultValue: r.type })}</Link>
        </h3>
        <p className="meta">
          <span>{categoryLabel(String(r.category ?? ''), i18n.language)}</span>
          {' · '}
          <span>{String(r.platform ?? '')}</span>
          {' · '}
          <time dateTime={String(r.published_at)}>{formatDateTime(String(r.published_at), i18n.language)}</time>
        </p>
        {r.withdrawn ? <p>{t('records.withdrawn')}</p> : summary ? <p className="summary">{summary.length > 280 ? `${summary.slice(0, 280)}…` : summary}</p> : null}
      </article>
    </li>
  );
}

function without(params: URLSearchParams, key: string): string {
  const next = new URLSearchParams(params);
  next.delete(key);
  return next.toString();
}

function withParam(params: URLSearchParams, key: string, value: string): string {
  const next = new URLSearchParams(params);
  next.set(key, value);
  return next.toString();
}
