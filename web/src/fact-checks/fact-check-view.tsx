import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicRecord } from '../api.ts';
import { factCheckApi, type FactCheckRecord } from '../fact-check.api.ts';

/** How a verdict looks: its words always; the border's colour only repeats them. */
const TONE: Record<FactCheckRecord['verdict'], string> = { false: 'bad', misleading: 'bad', missing_context: 'neutral', true: 'good', unverifiable: 'neutral' };

export function VerdictBadge({ verdict }: { verdict: FactCheckRecord['verdict'] }) {
  const { t } = useTranslation();
  return <strong className={`badge ${TONE[verdict] ?? 'neutral'}`}>{t(`factCheck.verdict.${verdict}`, { defaultValue: verdict })}</strong>;
}

/** A published fact-check as people read it: the verdict in words, the claim, why, the sources and who checked. */
export function FactCheckSummary({ record }: { record: PublicRecord }) {
  const { t } = useTranslation();
  const r = record as FactCheckRecord;
  return (
    <section aria-labelledby="fact-check-h" className="fact-check">
      <h2 id="fact-check-h">{t('factCheck.verdictHeading')}</h2>
      <p>
        <VerdictBadge verdict={r.verdict} />
      </p>
      <dl className="summary-list">
        {r.claim ? (
          <div>
            <dt>{t('factCheck.claim')}</dt>
            <dd>{r.claim}</dd>
          </div>
        ) : null}
        <div>
          <dt>{t('factCheck.explanation')}</dt>
          <dd>{r.explanation}</dd>
        </div>
        <div>
          <dt>{t('factCheck.factChecker')}</dt>
          <dd>{r.fact_checker?.name}</dd>
        </div>
        <div>
          <dt>{t('factCheck.content')}</dt>
          <dd>{r.content_url}</dd>
        </div>
        <div>
          <dt>{t('factCheck.sources')}</dt>
          <dd>
            <ul>
              {(r.sources ?? []).map((s) => (
                <li key={s}>
                  {/^https?:\/\//.test(s) ? (
                    <a href={s} rel="noopener noreferrer nofollow">
                      {s}
                    </a>
                  ) : (
                    s
                  )}
                </li>
              ))}
            </ul>
          </dd>
        </div>
      </dl>
    </section>
  );
}

/** On a statement of reasons whose label points to a fact-check: a link to the verdict's record. */
export function FactCheckLink({ factCheckId }: { factCheckId: string }) {
  const { t } = useTranslation();
  const target = useQuery({ queryKey: ['fact-check-record', factCheckId], queryFn: () => factCheckApi.recordOf(factCheckId), retry: false });
  if (!target.data) return null;
  return (
    <p>
      <Link to={`/records/${target.data}`}>{t('factCheck.labelLink')}</Link>
    </p>
  );
}
