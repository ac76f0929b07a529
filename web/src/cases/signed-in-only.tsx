import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Session } from '../api.ts';
import { useSession } from '../session.ts';

/** A page for people of an organization: a sign-in link for anyone else, the page for them. */
export function SignedInOnly({ children }: { children: (person: Session['person']) => ReactNode }) {
  const { t } = useTranslation();
  const session = useSession();
  if (session.isPending) return <p role="status">{t('common.loading')}</p>;
  if (!session.data)
    return (
      <p>
        {t('desk.signInFirst')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    );
  return <>{children(session.data.person)}</>;
}
