import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { KIND, ROLE } from '../../../src/core/glossary.ts';
import { api } from '../api.ts';
import { useSession } from '../session.ts';
import { useTitle } from '../title.ts';

/** Who is signed in, and signing out here or on every device. */
export function AccountPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('account.title'));
  const session = useSession();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const word = (pair: readonly [string, string]) => (i18n.language === 'en' ? pair[1] : pair[0]);

  async function signOut(everywhere: boolean) {
    if (everywhere) await api.signOutEverywhere();
    else await api.signOut();
    queries.setQueryData(['session'], null);
    await navigate('/');
  }

  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  const s = session.data;
  if (!s)
    return (
      <>
        <h1>{t('account.title')}</h1>
        <p>
          <Link to="/sign-in">{t('signIn.title')}</Link>
        </p>
      </>
    );
  return (
    <>
      <h1>{s.person.display_name}</h1>
      <dl className="summary-list">
        <div>
          <dt>{t('account.email')}</dt>
          <dd>{s.person.email}</dd>
        </div>
        <div>
          <dt>{t('account.organization')}</dt>
          <dd>
            {s.person.org_name} ({word(KIND[s.person.org_kind])})
          </dd>
        </div>
        <div>
          <dt>{t('account.role')}</dt>
          <dd>{word(ROLE[s.person.role])}</dd>
        </div>
        <div>
          <dt>{t('account.totp')}</dt>
          <dd>{s.person.totp_enabled ? t('account.totpOn') : t('account.totpOff')}</dd>
        </div>
      </dl>
      {s.totp_enrolment_required ? <p className="warning">{t('account.totpRequired')}</p> : null}
      {s.person.totp_enabled ? null : (
        <p>
          <Link to="/account/totp">{t('account.totpSetup')}</Link>
        </p>
      )}
      <p>
        <Link to="/account/sessions">{t('sessions.link')}</Link>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void signOut(false)}>
          {t('account.signOut')}
        </button>
        <button type="button" className="secondary" onClick={() => void signOut(true)}>
          {t('account.signOutEverywhere')}
        </button>
      </div>
    </>
  );
}
