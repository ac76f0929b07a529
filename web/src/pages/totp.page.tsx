import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api, ApiError } from '../api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { QueryState } from '../query-state.tsx';
import { useSession } from '../session.ts';
import { useTitle } from '../title.ts';
import { Field } from './invitation.page.tsx';

/** Turning on the second factor: the secret for the authenticator app, then one code from it. */
export function TotpPage() {
  const { t } = useTranslation();
  useTitle(t('totp.title'));
  const session = useSession();
  const enrolling = session.data && !session.data.person.totp_enabled;
  const enrolment = useQuery({ queryKey: ['totp-enrolment'], queryFn: api.startTotp, enabled: Boolean(enrolling), staleTime: Infinity, retry: false });
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const navigate = useNavigate();
  const queries = useQueryClient();

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const code = String(new FormData(e.currentTarget).get('code') ?? '').trim();
    if (!/^\d{6}$/.test(code)) {
      setProblems([{ field: 'code', message: t('signIn.codeFormat') }]);
      return;
    }
    try {
      await api.confirmTotp(code);
      await queries.invalidateQueries({ queryKey: ['session'] });
      await navigate('/account');
    } catch (err) {
      // The server's own words for a wrong code (422 naming the field).
      const said = err instanceof ApiError ? err.problem.errors?.find((f) => f.field === 'code')?.message : undefined;
      setProblems([{ field: 'code', message: said ?? t('common.error') }]);
    }
  }

  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  if (!session.data)
    return (
      <>
        <h1>{t('totp.title')}</h1>
        <p>
          <Link to="/sign-in">{t('signIn.title')}</Link>
        </p>
      </>
    );
  if (!enrolling)
    return (
      <>
        <h1>{t('totp.title')}</h1>
        <p>{t('totp.already')}</p>
      </>
    );
  return (
    <>
      <h1>{t('totp.title')}</h1>
      <QueryState query={enrolment}>
        {(en) => (
          <>
            <ol className="steps">
              <li>{t('totp.step1')}</li>
              <li>
                {t('totp.step2')}
                <p className="secret" aria-label={t('totp.secret')}>
                  <code>{en.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
                </p>
                <p>
                  <a href={en.otpauth_uri}>{t('totp.link')}</a>
                </p>
              </li>
              <li>{t('totp.step3')}</li>
            </ol>
            <ErrorSummary problems={problems} />
            <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
              <Field name="code" label={t('signIn.code')} problems={problems} input={{ inputMode: 'numeric', autoComplete: 'one-time-code', maxLength: '6' }} />
              <div className="actions">
                <button type="submit">{t('totp.submit')}</button>
              </div>
            </form>
          </>
        )}
      </QueryState>
    </>
  );
}
