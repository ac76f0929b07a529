import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { Case } from '../cases.api.ts';
import { formatDateTime } from '../format.ts';

/** A short or share link of the case and what the background resolver made of it (case.schemas.ts `short_links`). */
export type ShortLinkView = NonNullable<Case['short_links']>[number];

/**
 * fb.watch/…, vt.tiktok.com/…: links only the platform can expand, resolved in the background.
 * The reviewer sees whether that is still under way, where the link leads, or why it could not
 * be told (then they open it themselves).
 */
export function ShortLinkStatus({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const links = c.short_links ?? [];
  if (links.length === 0) return null;
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('images.shortLink.title')}</h2>
      <ul className="plain">
        {links.map((l) => {
          const other = l.joined_case_id && l.joined_case_id !== c.id ? l.joined_case_id : null;
          return (
            <li key={l.url}>
              <span className="url">{l.url}</span> · <strong>{t(`images.shortLink.status.${l.status}`)}</strong>
              {l.status === 'resolved' && l.target_url ? (
                <>
                  {' '}
                  → <span className="url">{l.target_url}</span>
                </>
              ) : null}
              {l.reason ? <> · {t(`images.shortLink.reason.${l.reason}`, { defaultValue: l.reason })}</> : null}
              {l.outcome ? <> · {t(`images.shortLink.outcome.${l.outcome}`)}</> : null}
              {other ? (
                <>
                  {' '}
                  <Link to={`/cases/${other}`}>{other.slice(0, 8)}</Link>
                </>
              ) : null}
              {l.resolved_at ? <small> · {formatDateTime(l.resolved_at, i18n.language)}</small> : null}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
