import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { Case } from '../cases.api.ts';
import { formatNumber } from '../format.ts';
import './item-images.css';

/** One image of the case whose PDQ hash is on an imported hash list (src/http/routes/hash-list.schemas.ts). */
export type HashListMatch = NonNullable<Case['hash_list_matches']>[number];

/**
 * Images of this case that are on a hash list another program shared (ThreatExchange, HMA): the
 * list, its labels, and how close the hash is. Only the image's SHA-256 names it, so a reviewer
 * finds it among the notices' images.
 */
export function HashListMatches({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const matches = c.hash_list_matches ?? [];
  if (matches.length === 0) return null;
  const lang = i18n.language;
  return (
    <section aria-labelledby={`${id}-h`} className="hash-list-matches">
      <h2 id={`${id}-h`}>
        {t('images.hashLists.title')} ({formatNumber(matches.length, lang)})
      </h2>
      <p className="hint">{t('images.hashLists.hint')}</p>
      <ul className="plain">
        {matches.map((m) => (
          <li key={`${m.list_id}:${m.image_sha256}`}>
            <strong>{m.list_name}</strong> · {m.labels.length > 0 ? t('images.hashLists.labels', { labels: m.labels.join(', ') }) : t('images.hashLists.noLabels')} ·{' '}
            {m.distance === 0 ? t('images.hashLists.exact') : t('images.hashLists.distance', { distance: formatNumber(m.distance, lang) })} · {t('images.hashLists.image')}{' '}
            <a href={`/api/v1/images/${m.image_sha256}`} target="_blank" rel="noopener noreferrer">
              <code title={m.image_sha256}>{m.image_sha256.slice(0, 12)}…</code>
              <span className="visually-hidden"> {t('images.case.newTab')}</span>
            </a>
          </li>
        ))}
      </ul>
    </section>
  );
}
