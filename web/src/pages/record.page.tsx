import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, type PublicRecord } from '../api.ts';
import { formatDateTime } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';

/** Shown above the table; the rest of the document follows under its DSA field names. */
const HEAD = new Set(['id', 'type', 'published_at', 'category', 'platform', 'log_index']);

export function RecordPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  useTitle(t('record.title'));
  const record = useQuery({ queryKey: ['record', id], queryFn: () => api.record(id), retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 1 });
  return (
    <>
      <p>
        <Link to="/">{t('record.back')}</Link>
      </p>
      {record.error instanceof ApiError && record.error.status === 404 ? (
        <>
          <h1>{t('record.title')}</h1>
          <p>{t('record.notFound')}</p>
        </>
      ) : (
        <QueryState query={record}>{(r) => <RecordView record={r} />}</QueryState>
      )}
    </>
  );
}

function RecordView({ record: r }: { record: PublicRecord }) {
  const { t, i18n } = useTranslation();
  const rest = Object.entries(r).filter(([k]) => !HEAD.has(k));
  return (
    <article>
      <h1>{t(`recordTypes.${r.type}`, { defaultValue: r.type })}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('records.category')}</dt>
          <dd>{categoryLabel(String(r.category ?? ''), i18n.language)}</dd>
        </div>
        <div>
          <dt>{t('records.platform')}</dt>
          <dd>{String(r.platform ?? '')}</dd>
        </div>
        <div>
          <dt>{t('records.published')}</dt>
          <dd>
            <time dateTime={String(r.published_at)}>{formatDateTime(String(r.published_at), i18n.language)}</time>
          </dd>
        </div>
        <div>
          <dt>{t('records.logIndex')}</dt>
          <dd>{typeof r.log_index === 'number' ? r.log_index : t('records.pending')}</dd>
        </div>
      </dl>
      <h2>{t('record.fields')}</h2>
      <table className="fields">
        <thead>
          <tr>
            <th scope="col">{t('record.field')}</th>
            <th scope="col">{t('record.value')}</th>
          </tr>
        </thead>
        <tbody>
          {rest.map(([k, v]) => (
            <tr key={k}>
              <th scope="row">
                <code>{k}</code>
              </th>
              <td>{show(v)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </article>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v, null, 1);
}
