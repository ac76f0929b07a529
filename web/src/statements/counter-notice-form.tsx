import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MAX_CONTACT_NAME, MAX_COUNTER_NOTICE_STATEMENT } from '../../../src/core/counter-notice.ts';
import { normalizeEmailAddress } from '../../../src/core/email-address.ts';
import { counterNoticeApi, type CounterNoticeProgressView, type StatementCounterNoticeView } from '../counter-notice.api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';
import type { StatementView } from '../statements.api.ts';
import { SectionHeading } from './section-heading.tsx';

/** The form's inputs, by the API's field names: the summary links each problem to its input. */
const FIELD_IDS: Record<string, string> = {
  statement: 'cn-statement',
  contact_name: 'cn-name',
  contact_email: 'cn-email',
  consent_to_forward_contact: 'cn-consent',
};

/**
 * The uploader's counter-notice, on the statement page (issue 14): shown only when the decision
 * may be answered with one (a restriction on a rights holder's notice, src/core/counter-notice.ts,
 * as the server says), or once one was filed, its progress. The contact typed here goes to the
 * rights holder only and is never shown back, not even to the person who typed it.
 */
export function CounterNoticeSection({ token, statement }: { token: string; statement: StatementView }) {
  const restricted = statement.outcome === 'restriction';
  // Focus moves to the progress only when it replaces the form just sent, not on opening the page.
  const [justFiled, setJustFiled] = useState(false);
  const query = useQuery({
    queryKey: ['counter-notice', token],
    queryFn: () => counterNoticeApi.ofStatement(token),
    enabled: restricted,
    retry: false,
    refetchOnWindowFocus: false,
  });
  if (!restricted || !query.data) return null;
  const view = query.data;
  if (view.counter_notice) return <Progress progress={view.counter_notice} focus={justFiled} />;
  if (!view.allowed) return null;
  return <CounterNoticeForm token={token} view={view} onFiled={() => setJustFiled(true)} />;
}

function CounterNoticeForm({ token, view, onFiled }: { token: string; view: StatementCounterNoticeView; onFiled: () => void }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const errorOf = (id: string) => problems.find((p) => p.field === id)?.message;

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const form = new FormData(e.currentTarget);
    const body = {
      statement: String(form.get('statement') ?? ''),
      contact_name: String(form.get('contact_name') ?? ''),
      contact_email: String(form.get('contact_email') ?? ''),
      consent_to_forward_contact: form.get('consent') === 'yes',
    };
    // The same checks as the server's, said at once and in the page's language.
    const missing: FieldProblem[] = [];
    if (!body.statement.trim()) missing.push({ field: FIELD_IDS.statement!, message: t('counterNotice.statementMissing') });
    if (!body.contact_name.trim()) missing.push({ field: FIELD_IDS.contact_name!, message: t('counterNotice.nameMissing') });
    if (!normalizeEmailAddress(body.contact_email)) missing.push({ field: FIELD_IDS.contact_email!, message: t('counterNotice.emailInvalid') });
    if (!body.consent_to_forward_contact) missing.push({ field: FIELD_IDS.consent_to_forward_contact!, message: t('counterNotice.consentMissing') });
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const progress = await counterNoticeApi.file(token, body);
      onFiled();
      queries.setQueryData<StatementCounterNoticeView>(['counter-notice', token], { ...view, allowed: false, refusal: 'already_filed', counter_notice: progress });
    } catch (err) {
      setProblems(problemsOf(err, t));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="counter-notice" aria-labelledby="counter-notice-h">
      <SectionHeading id="counter-notice-h">{t('counterNotice.title')}</SectionHeading>
      <p>{t('counterNotice.intro', { days: view.waiting_period_days })}</p>
      <p className="hint">{t('counterNotice.notAppeal')}</p>
      <ErrorSummary problems={problems} />
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <Field id={FIELD_IDS.statement!} label={t('counterNotice.statement')} hint={t('counterNotice.statementHint')} error={errorOf(FIELD_IDS.statement!)}>
          {(aria) => <textarea id={FIELD_IDS.statement} name="statement" rows={6} maxLength={MAX_COUNTER_NOTICE_STATEMENT} {...aria} />}
        </Field>
        <Field id={FIELD_IDS.contact_name!} label={t('counterNotice.name')} hint={t('counterNotice.contactHint')} error={errorOf(FIELD_IDS.contact_name!)}>
          {(aria) => <input id={FIELD_IDS.contact_name} name="contact_name" autoComplete="name" maxLength={MAX_CONTACT_NAME} {...aria} />}
        </Field>
        <Field id={FIELD_IDS.contact_email!} label={t('counterNotice.email')} error={errorOf(FIELD_IDS.contact_email!)}>
          {(aria) => <input id={FIELD_IDS.contact_email} name="contact_email" type="email" autoComplete="email" spellCheck={false} maxLength={254} {...aria} />}
        </Field>
        <div className={`field checkbox${errorOf(FIELD_IDS.consent_to_forward_contact!) ? ' has-error' : ''}`}>
          {errorOf(FIELD_IDS.consent_to_forward_contact!) ? (
            <p className="field-error" id="cn-consent-error">
              <span className="visually-hidden">{t('form.errorPrefix')}</span> {errorOf(FIELD_IDS.consent_to_forward_contact!)}
            </p>
          ) : null}
          <input
            id={FIELD_IDS.consent_to_forward_contact}
            name="consent"
            type="checkbox"
            value="yes"
            aria-invalid={errorOf(FIELD_IDS.consent_to_forward_contact!) ? true : undefined}
            aria-describedby={errorOf(FIELD_IDS.consent_to_forward_contact!) ? 'cn-consent-error' : undefined}
          />{' '}
          <label htmlFor={FIELD_IDS.consent_to_forward_contact}>{t('counterNotice.consent')}</label>
        </div>
        <div className="actions">
          <button type="submit" id="cn-submit" aria-disabled={busy || undefined}>
            {t('counterNotice.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

function Field({
  id,
  label,
  hint,
  error,
  children,
}: {
  id: string;
  label: string;
  hint?: string;
  error?: string | undefined;
  children: (aria: { 'aria-invalid'?: true; 'aria-describedby'?: string }) => ReactNode;
}) {
  const { t } = useTranslation();
  const described = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <p className="field-error" id={`${id}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
        </p>
      ) : null}
      {children({ ...(error ? { 'aria-invalid': true as const } : {}), ...(described ? { 'aria-describedby': described } : {}) })}
    </div>
  );
}

/** The server's refusal, each named field tied to its input; a refusal of the whole (409) in the page's words. */
function problemsOf(err: unknown, t: (key: string) => string): FieldProblem[] {
  if (!(err instanceof ApiError)) return [{ field: FIELD_IDS.statement!, message: t('counterNotice.error') }];
  const reason = (err.problem as { reason?: string }).reason;
  if (reason) return [{ field: FIELD_IDS.statement!, message: t(`counterNotice.refusal.${reason}`) }];
  if (err.status === 429) return [{ field: FIELD_IDS.statement!, message: t('counterNotice.tooMany') }];
  const fields = err.problem.errors ?? [];
  if (fields.length === 0) return [{ field: FIELD_IDS.statement!, message: err.problem.detail ?? t('counterNotice.error') }];
  return fields.map((f) => ({ field: FIELD_IDS[f.field] ?? FIELD_IDS.statement!, message: f.message }));
}

/** Where the counter-notice stands: waiting until a date, ended by a court filing, or the content due back. */
function Progress({ progress, focus }: { progress: CounterNoticeProgressView; focus: boolean }) {
  const { t, i18n } = useTranslation();
  const lang = i18n.language;
  const at = (iso: string | null) => formatDateTime(iso, lang);
  const text =
    progress.status === 'forwarded'
      ? t('counterNotice.waiting', { filed: at(progress.filed_at), until: at(progress.wait_until) })
      : progress.status === 'court_action'
        ? t('counterNotice.courtAction', { at: at(progress.resolved_at) })
        : t('counterNotice.restored', { at: at(progress.resolved_at) });
  return (
    <section className="counter-notice" aria-labelledby="counter-notice-h">
      <SectionHeading id="counter-notice-h" focus={focus}>
        {t('counterNotice.statusTitle')}
      </SectionHeading>
      <p className="outcome" role="status">
        {text}
      </p>
      <p>
        <Link to={`/records/${progress.outcome_record_id ?? progress.public_record_id}`}>{t('counterNotice.record')}</Link>
      </p>
    </section>
  );
}
