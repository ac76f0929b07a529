import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useTitle } from '../title.ts';

export function NotFoundPage() {
  const { t } = useTranslation();
  useTitle(t('common.notFound'));
  return (
    <>
      <h1>{t('common.notFound')}</h1>
      <p>
        <Link to="/">{t('common.home')}</Link>
      </p>
    </>
  );
}
