import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { KIND, ROLE } from '../../../src/core/glossary.ts';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';

const FIELDS = ['display_name', 'password'] as const;

/**
 * The page an invitation link opens: what it is for, then a name and a password. The server's own
 * messages say what is wrong with a password (length, a common one, the e-mail inside it).
 */
export function InvitationPage() {
  const { token = '' } = useParams();
  const { t, i18n } = useTranslation();
  useTitle(t('invitation.title'));
  const invitation = useQuery({ queryKey: ['invitation', token], queryFn: () => api.invitation(token), retry: false });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  const navigate = useNavigate();
  const queries = useQueryClient();
  const word = (pair: readonly [string, string]) => (i18n.language === 'en' ? pair[1] : pair[0]);

  async function submit(e: FormEvent<HTMLFormElement>, email: string) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const input = { display_name: String(form.get('display_name') ?? '').trim(), password: String(form.get('password') ?? '') };
    const missing: FieldProblem[] = [];
    if (!input.display_name) missing.push({ field: 'display_name', message: t('invitation.nameMissing') });
    if (!input.password) missing.push({ field: 'password', message: t('signIn.passwordMissing') });
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      await api.acceptInvitation(token, input);
      const session = await api.signIn({ email, password: input.password });
      queries.setQueryData(['session'], session);
      await navigate(session.totp_enrolment_required ? '/account/totp' : '/account');
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      setProblems(
        fields.length > 0
          ? fields.map((f) => ({ field: (FIELDS as readonly string[]).includes(f.field) ? f.field : 'display_name', message: f.message }))
          : [{ field: 'display_name', message: err instanceof ApiError && err.status === 409 ? t('invitation.used') : t('common.error') }],
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <h1>{t('invitation.title')}</h1>
      {invitation.error instanceof ApiError && invitation.error.status === 404 ? (
        <p>{t('invitation.unknown')}</p>
      ) : (
        <QueryState query={invitation}>
          {(inv) =>
            inv.expired || inv.accepted ? (
              <p>{inv.accepted ? t('invitation.used') : t('invitation.expired')}</p>
            ) : (
              <>
                <p className="lead">{t('invitation.intro', { org: inv.org_name, kind: word(KIND[inv.org_kind]), role: word(ROLE[inv.role]) })}</p>
                <dl className="summary-list">
                  <div>
                    <dt>{t('account.email')}</dt>
                    <dd>{inv.email}</dd>
                  </div>
                  <div>
                    <dt>{t('invitation.expires')}</dt>
                    <dd>{formatDateTime(inv.expires_at, i18n.language)}</dd>
                  </div>
                </dl>
                <ErrorSummary problems={problems} />
                <form className="stack" onSubmit={(e) => void submit(e, inv.email)} noValidate>
                  <Field name="display_name" label={t('invitation.name')} problems={problems} input={{ autoComplete: 'name' }} />
                  <Field
                    name="password"
                    label={t('signIn.password')}
                    hint={t('invitation.passwordHint')}
                    problems={problems}
                    input={{ type: 'password', autoComplete: 'new-password' }}
                  />
                  <div className="actions">
                    <button type="submit" disabled={busy}>
                      {t('invitation.submit')}
                    </button>
                  </div>
                </form>
              </>
            )
          }
        </QueryState>
      )}
    </>
  );
}

/** A labelled input with its hint and, when there is one, its error (GOV.UK pattern). */
export function Field({ name, label, hint, problems, input }: { name: string; label: string; hint?: string; problems: readonly FieldProblem[]; input: Record<string, string> }) {
  const { t } = useTranslation();
  const error = problems.find((p) => p.field === name)?.message;
  const described = [hint ? `${name}-hint` : null, error ? `${name}-error` : null].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      {hint ? (
        <span className="hint" id={`${name}-hint`}>
          {hint}
        </span>
      ) : null}
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
        </p>
      ) : null}
      <input id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={described} {...input} />
    </div>
  );
}
