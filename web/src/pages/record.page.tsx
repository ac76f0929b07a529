import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { api, ApiError, type PublicRecord } from '../api.ts';
import { CorrectionSection } from '../corrections/correction-view.tsx';
import { FactCheckLink, FactCheckSummary } from '../fact-checks/fact-check-view.tsx';
import { formatDateTime } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { RecordLinks } from '../records/record-links.tsx';
import { useTitle } from '../title.ts';
import { verifyRecord } from '../verify-record.ts';

/** Shown above the table; the rest of the document follows under its DSA field names. */
const HEAD = new Set(['id', 'type', 'published_at', 'category', 'platform', 'log_index', 'superseded_by', 'correction']);

export function RecordPage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  useTitle(t('record.title'));
  const record = useQuery(recordQuery(id));
  // The proof and the key are fetched beside the record, not after it: the badge waits for one round trip, not two.
  useQuery(proofQuery(id));
  useQuery(logKeyQuery());
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

/** The queries of a record page, shared with main.tsx, which starts them before the app has rendered. */
export const recordQuery = (id: string) => ({
  queryKey: ['record', id],
  queryFn: () => api.record(id),
  retry: (n: number, e: Error) => !(e instanceof ApiError && e.status === 404) && n < 1,
});
export const proofQuery = (id: string) => ({ queryKey: ['proof', id], queryFn: () => api.proof(id), retry: false });
export const logKeyQuery = () => ({ queryKey: ['log-key'], queryFn: api.logKey, staleTime: Infinity });

function RecordView({ record: r }: { record: PublicRecord }) {
  const { t, i18n } = useTranslation();
  const rest = Object.entries(r).filter(([k]) => !HEAD.has(k));
  return (
    <article>
      <h1>{t(`recordTypes.${r.type}`, { defaultValue: r.type })}</h1>
      <CorrectionSection record={r} />
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
      {r.type === 'fact_check' ? <FactCheckSummary record={r} /> : null}
      {r.type !== 'fact_check' && typeof r.fact_check_id === 'string' ? <FactCheckLink factCheckId={r.fact_check_id} /> : null}
      <RecordLinks record={r} />
      <LogBadge record={r} />
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

/**
 * Whether the record is in the transparency log, checked here in the browser from the proof and
 * the log's key (verify-record.ts), with the command that checks the same without this site.
 */
function LogBadge({ record: r }: { record: PublicRecord }) {
  const { t } = useTranslation();
  const inLog = typeof r.log_index === 'number' && r.withdrawn !== true;
  const proof = useQuery({ ...proofQuery(r.id), enabled: inLog });
  const key = useQuery({ ...logKeyQuery(), enabled: inLog });
  const check = useQuery({
    queryKey: ['verify', r.id, r.log_index, proof.data, key.data],
    enabled: inLog && proof.data !== undefined && key.data !== undefined,
    queryFn: async () => ({ ...(await verifyRecord(r, proof.data!, key.data!)), key: key.data!.trim() }),
  });
  const failed = proof.isError || key.isError;
  let badge: { tone: string; text: string; detail?: string };
  if (r.withdrawn === true) badge = { tone: 'neutral', text: t('record.withdrawnLog') };
  else if (!inLog) badge = { tone: 'neutral', text: t('records.pending') };
  else if (failed) badge = { tone: 'bad', text: t('record.notVerified'), detail: t('common.error') };
  else if (check.isPending) badge = { tone: 'neutral', text: t('record.checking') };
  else if (check.isError || !check.data.verified)
    badge = { tone: 'bad', text: t('record.notVerified'), detail: check.data && !check.data.verified ? check.data.reason : t('common.error') };
  else badge = { tone: 'good', text: t('record.verified'), detail: t('record.verifiedDetail', { index: check.data.index, size: check.data.size, key: check.data.keyName }) };
  return (
    <section className="log-check" aria-labelledby="log-check">
      <h2 id="log-check">{t('record.log')}</h2>
      <p role="status" className={`badge ${badge.tone}`}>
        {badge.text}
      </p>
      {badge.detail ? <p>{badge.detail}</p> : null}
      {check.data ? (
        <>
          <p>{t('record.offline')}</p>
          <pre className="command">
            <code>{`minhbach-verify --log ${window.location.origin}/log --key '${check.data.key}' --record ${r.id}`}</code>
          </pre>
        </>
      ) : null}
    </section>
  );
}

function show(v: unknown): string {
  if (v === null || v === undefined) return '—';
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v, null, 1);
}
