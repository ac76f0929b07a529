import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { counterNoticeApi, type CaseCounterNotice } from '../counter-notice.api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';

/**
 * The counter-notices on a case (issue 14): where each stands, for whoever sees the case; to the
 * case's rights holders also the uploader's contact and statement (the server sends them to no one
 * else), and, while the waiting period runs, the form to show a court filing.
 */
export function CounterNoticePanel({ caseId, mayAct }: { caseId: string; mayAct: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const list = useQuery({ queryKey: ['case', caseId, 'counter-notices'], queryFn: () => counterNoticeApi.ofCase(caseId) });
  const items = list.data?.items ?? [];
  if (items.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('counterNotice.caseTitle')}</h2>
      <ol className="plain">
        {items.map((k) => (
          <li key={k.id}>
            <Item k={k} caseId={caseId} mayAct={mayAct} />
          </li>
        ))}
      </ol>
    </section>
  );
}

function Item({ k, caseId, mayAct }: { k: CaseCounterNotice; caseId: string; mayAct: boolean }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  // The rights holders of the case are those the server shows the uploader to.
  const isRightsHolder = k.uploader !== null;
  return (
    <>
      <p>
        <strong>{t(`counterNotice.status.${k.status}`)}</strong> · {t('counterNotice.filedAt', { at: at(k.filed_at) })} · {t('counterNotice.waitUntil', { at: at(k.wait_until) })} ·{' '}
        <Link to={`/records/${k.outcome_record_id ?? k.public_record_id}`}>{t('counterNotice.record')}</Link>
      </p>
      {k.uploader ? (
        <dl className="summary-list">
          <div>
            <dt>{t('counterNotice.uploader')}</dt>
            <dd>
              {k.uploader.name} · <a href={`mailto:${k.uploader.email}`}>{k.uploader.email}</a>
            </dd>
          </div>
          <div>
            <dt>{t('counterNotice.uploaderStatement')}</dt>
            <dd className="prose">{k.uploader.statement}</dd>
          </div>
        </dl>
      ) : null}
      {k.court_filing ? (
        <p>
          {t('counterNotice.courtShown', { at: at(k.court_filing.shown_at) })}
          {k.court_filing.court ? ` ${k.court_filing.court}, ${k.court_filing.reference ?? ''}` : ''}
        </p>
      ) : null}
      {isRightsHolder && mayAct && k.status === 'forwarded' ? <CourtFilingForm k={k} caseId={caseId} /> : null}
    </>
  );
}

function CourtFilingForm({ k, caseId }: { k: CaseCounterNotice; caseId: string }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const prefix = `court-${k.id}`;
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (f: string) => problems.find((p) => p.field === `${prefix}-${f}`)?.message;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const body = { reference: String(form.get('reference') ?? ''), court: String(form.get('court') ?? ''), filed_at: String(form.get('filed_at') ?? '') };
    const missing = (['reference', 'court', 'filed_at'] as const).flatMap((f) =>
      body[f].trim() ? [] : [{ field: `${prefix}-${f}`, message: t(`counterNotice.court.${f}Missing`) }],
    );
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      await counterNoticeApi.courtFiling(k.id, body);
      await queries.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      setProblems(
        fields.length > 0
          ? fields.map((f) => ({ field: `${prefix}-${['reference', 'court', 'filed_at'].includes(f.field) ? f.field : 'reference'}`, message: f.message }))
          : [{ field: `${prefix}-reference`, message: err instanceof ApiError && err.problem.detail ? err.problem.detail : t('counterNotice.error') }],
      );
    } finally {
      setBusy(false);
    }
  }

  const field = (f: 'reference' | 'court' | 'filed_at', type: string) => (
    <div className={`field${errorOf(f) ? ' has-error' : ''}`}>
      <label htmlFor={`${prefix}-${f}`}>{t(`counterNotice.court.${f}`)}</label>
      {errorOf(f) ? (
        <p className="field-error" id={`${prefix}-${f}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span> {errorOf(f)}
        </p>
      ) : null}
      <input id={`${prefix}-${f}`} name={f} type={type} aria-invalid={errorOf(f) ? true : undefined} aria-describedby={errorOf(f) ? `${prefix}-${f}-error` : undefined} />
    </div>
  );

  return (
    <form className="stack" onSubmit={(e) => void submit(e)} noValidate aria-label={t('counterNotice.court.title')}>
      <h3>{t('counterNotice.court.title')}</h3>
      <p className="hint">{t('counterNotice.court.hint')}</p>
      <ErrorSummary problems={problems} />
      {field('reference', 'text')}
      {field('court', 'text')}
      {field('filed_at', 'date')}
      <div className="actions">
        <button type="submit" aria-disabled={busy || undefined}>
          {t('counterNotice.court.submit')}
        </button>
      </div>
    </form>
  );
}
