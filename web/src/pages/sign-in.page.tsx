import { useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { useTitle } from '../title.ts';

/** Sign in with e-mail and password, and the authenticator's code when the account has one. */
export function SignInPage() {
  const { t } = useTranslation();
  useTitle(t('signIn.title'));
  const navigate = useNavigate();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [needsCode, setNeedsCode] = useState(false);
  const [busy, setBusy] = useState(false);

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const email = String(form.get('email') ?? '').trim();
    const password = String(form.get('password') ?? '');
    const code = String(form.get('totp_code') ?? '').trim();
    const missing: FieldProblem[] = [];
    if (!email) missing.push({ field: 'email', message: t('signIn.emailMissing') });
    if (!password) missing.push({ field: 'password', message: t('signIn.passwordMissing') });
    if (needsCode && !/^\d{6}$/.test(code)) missing.push({ field: 'totp_code', message: t('signIn.codeFormat') });
    setProblems(missing);
    if (missing.length > 0) return;
    setBusy(true);
    try {
      const session = await api.signIn({ email, password, ...(needsCode ? { totp_code: code } : {}) });
      queries.setQueryData(['session'], session);
      await navigate('/account');
    } catch (err) {
      const reason = err instanceof ApiError ? (err.problem as { reason?: string }).reason : undefined;
      if (reason === 'totp_required') {
        setNeedsCode(true);
        setProblems([{ field: 'totp_code', message: t('signIn.codeNeeded') }]);
      } else if (reason === 'totp_invalid') setProblems([{ field: 'totp_code', message: t('signIn.codeWrong') }]);
      else if (err instanceof ApiError && err.status === 429) setProblems([{ field: 'email', message: t('signIn.tooMany') }]);
      else if (err instanceof ApiError && err.status === 401) setProblems([{ field: 'email', message: t('signIn.wrong') }]);
      else setProblems([{ field: 'email', message: t('common.error') }]);
    } finally {
      setBusy(false);
    }
  }

  const errorOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const field = (name: 'email' | 'password' | 'totp_code', label: string, input: Record<string, string>) => {
    const error = errorOf(name);
    return (
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={name}>{label}</label>
        {error ? (
          <p className="field-error" id={`${name}-error`}>
            <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
          </p>
        ) : null}
        <input id={name} name={name} aria-invalid={error ? true : undefined} aria-describedby={error ? `${name}-error` : undefined} {...input} />
      </div>
    );
  };

  return (
    <>
      <h1>{t('signIn.title')}</h1>
      <ErrorSummary problems={problems} />
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        {field('email', t('signIn.email'), { type: 'email', autoComplete: 'username', spellCheck: 'false' })}
        {field('password', t('signIn.password'), { type: 'password', autoComplete: 'current-password' })}
        {needsCode ? field('totp_code', t('signIn.code'), { inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: '6' }) : null}
        <div className="actions">
          <button type="submit" disabled={busy}>
            {t('signIn.submit')}
          </button>
        </div>
      </form>
    </>
  );
}
