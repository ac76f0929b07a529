import { useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { factCheckApi } from '../fact-check.api.ts';
import { VerdictBadge } from '../fact-checks/fact-check-view.tsx';
import { formatDateTime } from '../format.ts';
import { QueryState } from '../query-state.tsx';
import { useTitle } from '../title.ts';

/** Recent verdicts of fact-checkers, newest first; each opens its published record. */
export function FactChecksPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('factCheck.title'));
  const [params] = useSearchParams();
  const cursor = params.get('cursor') ?? undefined;
  const list = useQuery({ queryKey: ['fact-checks', cursor], queryFn: () => factCheckApi.recent(cursor) });
  const id = useId();
  return (
    <>
      <h1>{t('factCheck.title')}</h1>
      <p className="lead">{t('factCheck.intro')}</p>
      <p>
        {t('factCheck.machines')} <a href="/api/v1/public/fact-checks">/api/v1/public/fact-checks</a>
      </p>
      <section aria-labelledby={`${id}-h`}>
        <h2 id={`${id}-h`}>{t('factCheck.recent')}</h2>
        <QueryState query={list}>
          {(data) =>
            data.items.length === 0 ? (
              <p>{t('factCheck.none')}</p>
            ) : (
              <>
                <ol className="records">
                  {data.items.map((r) => (
                    <li key={r.id}>
                      <article>
                        <h3>
                          <Link to={`/records/${r.id}`}>{r.claim ?? t('factCheck.noClaim', { content: r.content_url })}</Link>
                        </h3>
                        <p>
                          <VerdictBadge verdict={r.verdict} />
                        </p>
                        <p>
                          {t('factCheck.by', { name: r.fact_checker?.name ?? '' })} · <time dateTime={r.published_at}>{formatDateTime(r.published_at, i18n.language)}</time>
                        </p>
                      </article>
                    </li>
                  ))}
                </ol>
                <nav className="pager" aria-label={t('factCheck.recent')}>
                  {cursor ? <Link to="/fact-checks">{t('factCheck.first')}</Link> : null}
                  {data.next_cursor ? <Link to={`/fact-checks?cursor=${encodeURIComponent(data.next_cursor)}`}>{t('factCheck.more')}</Link> : null}
                </nav>
              </>
            )
          }
        </QueryState>
      </section>
    </>
  );
}
