import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { formatDateTime } from '../format.ts';
import type { Notice } from '../notices.api.ts';

type Outcome = Notice['items'][number]['outcome'];

/**
 * The answer to one item of a notice (src/core/notice-outcome.ts): the platform's decision, what
 * it did, when, and its public record; or that none has come yet.
 */
export function ItemOutcome({ outcome }: { outcome: Outcome }) {
  const { t, i18n } = useTranslation();
  if (!outcome) return <p>{t('noticeOutcome.none')}</p>;
  return (
    <p>
      {t('noticeOutcome.decided', { what: t(`noticeOutcome.kinds.${outcome.kind}`), time: formatDateTime(outcome.decided_at, i18n.language) })}
      {outcome.public_record_id ? (
        <>
          {' · '}
          <Link to={`/records/${outcome.public_record_id}`}>{t('noticeOutcome.record')}</Link>
        </>
      ) : null}
    </p>
  );
}
