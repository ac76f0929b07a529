import { useTranslation } from 'react-i18next';
import type { Case } from '../cases.api.ts';
import { formatNumber } from '../format.ts';

type Related = NonNullable<Case['related_cases']>[number];

/**
 * Why a case is suggested as a duplicate: "by image (6 of 256 bits differ)", "by text" or "by
 * short link".
 */
export function MatchBasis({ related }: { related: Related }) {
  const { t, i18n } = useTranslation();
  const { basis, distance } = related;
  if (!basis) return null;
  const lang = i18n.language;
  // The score is already said beside it; an image match adds how many of the 256 bits differ.
  const detail = basis === 'image' && typeof distance === 'number' ? t('images.basis.distance', { distance: formatNumber(distance, lang) }) : '';
  return (
    <span className="match-basis">
      {' '}
      · {t(`images.basis.${basis}`, { defaultValue: basis })}
      {detail ? ` (${detail})` : ''}
    </span>
  );
}
