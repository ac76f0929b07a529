import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicRecord } from '../api.ts';
import { correctionApi, type CorrectionNote } from '../correction.api.ts';
import { formatDateTime } from '../format.ts';

/**
 * Corrections, never silent: on a record a correction superseded, a notice that says so and
 * links the current version; on a correction, what changed (field, before → after) and why; on
 * both, every version of the record, the original first. Nothing shows for other records.
 */
export function CorrectionSection({ record }: { record: PublicRecord }) {
  const { t } = useTranslation();
  const supersededBy = typeof record.superseded_by === 'string' ? record.superseded_by : null;
  const note = record.type === 'correction' && typeof record.correction === 'object' && record.correction !== null ? (record.correction as CorrectionNote) : null;
  const corrected = supersededBy !== null || note !== null;
  const history = useQuery({ queryKey: ['record-history', record.id, supersededBy], queryFn: () => correctionApi.history(record.id), enabled: corrected });
  if (!corrected) return null;
  const current = history.data?.current_record_id ?? supersededBy;
  return (
    <>
      {supersededBy !== null ? (
        <section className="warning correction-notice" aria-labelledby="correction-notice">
          <h2 id="correction-notice">{t('correction.notice')}</h2>
          <p>{t('correction.noticeBody')}</p>
          {current ? (
            <p>
              <Link to={`/records/${current}`}>{t('correction.current')}</Link>
            </p>
          ) : null}
        </section>
      ) : null}
      {note ? <WhatChanged note={note} /> : null}
      {history.data && history.data.versions.length > 1 ? <Versions versions={history.data.versions} viewing={record.id} current={history.data.current_record_id} /> : null}
    </>
  );
}

function WhatChanged({ note }: { note: CorrectionNote }) {
  const { t } = useTranslation();
  return (
    <section className="correction" aria-labelledby="correction-h">
      <h2 id="correction-h">{t('correction.heading')}</h2>
      <p>{t('correction.intro')}</p>
      <table className="fields">
        <caption>{t('correction.changed')}</caption>
        <thead>
          <tr>
            <th scope="col">{t('correction.field')}</th>
            <th scope="col">{t('correction.from')}</th>
            <th scope="col">{t('correction.to')}</th>
          </tr>
        </thead>
        <tbody>
          {note.changed_fields.map((c) => (
            <tr key={c.field}>
              <th scope="row">
                <code>{c.field}</code>
              </th>
              <td>
                <del>{show(c.from, t('correction.empty'))}</del>
              </td>
              <td>
                <ins>{show(c.to, t('correction.empty'))}</ins>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <dl className="summary-list">
        <div>
          <dt>{t('correction.kind')}</dt>
          <dd>{t(`recordTypes.${note.original_type}`, { defaultValue: note.original_type })}</dd>
        </div>
        <div>
          <dt>{t('correction.reason')}</dt>
          <dd>{note.reason}</dd>
        </div>
        <div>
          <dt>{t('correction.corrects')}</dt>
          <dd>
            <Link to={`/records/${note.corrects_record_id}`}>
              <code>{note.corrects_record_id}</code>
            </Link>
          </dd>
        </div>
        {note.original_record_id !== note.corrects_record_id ? (
          <div>
            <dt>{t('correction.original')}</dt>
            <dd>
              <Link to={`/records/${note.original_record_id}`}>
                <code>{note.original_record_id}</code>
              </Link>
            </dd>
          </div>
        ) : null}
      </dl>
    </section>
  );
}

function Versions({ versions, viewing, current }: { versions: PublicRecord[]; viewing: string; current: string }) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="versions-h">
      <h2 id="versions-h">{t('correction.history')}</h2>
      <ol>
        {versions.map((v, i) => {
          const label = `${t('correction.version', { n: i + 1 })} · ${formatDateTime(String(v.published_at), i18n.language)}`;
          const marks = [v.id === current ? t('correction.currentMark') : null, v.id === viewing ? t('correction.viewingMark') : null].filter(Boolean).join(', ');
          return (
            <li key={v.id}>
              {v.id === viewing ? <span aria-current="page">{label}</span> : <Link to={`/records/${v.id}`}>{label}</Link>}
              {marks ? ` (${marks})` : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

function show(v: unknown, empty: string): string {
  if (v === null || v === undefined || (Array.isArray(v) && v.length === 0)) return empty;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.every((x) => typeof x === 'string')) return v.join(', ');
  return JSON.stringify(v);
}
