import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { KIND } from '../../../src/core/glossary.ts';
import type { OrgKind } from '../../../src/core/organization.ts';
import { formatDateTime, formatNumber, formatPercent } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import { settingsApi, type Sla } from '../settings.api.ts';
import { useWord } from './settings-ui.tsx';

type Policy = Sla['policies'][number];

// Notices before appeals; within each, catch-alls first, then by kind of submitter as the glossary lists them.
const KIND_ORDER = Object.keys(KIND);
const order = (p: Policy) => [p.applies_to === 'notice' ? 0 : 1, p.submitter_kind ? 1 + KIND_ORDER.indexOf(p.submitter_kind) : 0, p.urgency ? 1 : 0, p.category ? 1 : 0];
function byOrder(a: Policy, b: Policy): number {
  const [x, y] = [order(a), order(b)];
  for (let i = 0; i < x.length; i++) if (x[i] !== y[i]) return x[i]! - y[i]!;
  return a.hours - b.hours;
}

/** The glossary's words are written to sit inside a sentence; a table cell starts with a capital. */
const capitalized = (s: string) => s.charAt(0).toLocaleUpperCase() + s.slice(1);

/**
 * The deadlines platforms are held to, as a table (set by the operator; the same for everyone, so
 * read from the public route). Read-only here.
 */
export function SlaSection() {
  const { t, i18n } = useTranslation();
  const word = useWord();
  const sla = useQuery({ queryKey: ['settings', 'sla'], queryFn: settingsApi.sla });
  const any = t('settings.sla.any');
  return (
    <>
      <h2>{t('settings.sla.title')}</h2>
      <p className="lead">{t('settings.sla.intro')}</p>
      <QueryState query={sla}>
        {(doc) => (
          <>
            <div className="table-wrap">
              <table>
                <caption>{t('settings.sla.caption')}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t('settings.sla.appliesTo')}</th>
                    <th scope="col">{t('settings.sla.submitter')}</th>
                    <th scope="col">{t('settings.sla.urgency')}</th>
                    <th scope="col">{t('settings.sla.category')}</th>
                    <th scope="col" className="number">
                      {t('settings.sla.hours')}
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {[...doc.policies].sort(byOrder).map((p, i) => (
                    <tr key={i}>
                      <td>{p.applies_to === 'appeal' ? t('settings.sla.appeal') : t('settings.sla.notice')}</td>
                      <td>{p.submitter_kind && p.submitter_kind in KIND ? capitalized(word(KIND[p.submitter_kind as OrgKind])) : any}</td>
                      <td>{p.urgency === 'urgent' ? t('settings.sla.urgent') : p.urgency === 'normal' ? t('settings.sla.normal') : any}</td>
                      <td>{p.category ? capitalized(categoryLabel(p.category, i18n.language)) : any}</td>
                      <td className="number">{formatNumber(p.hours, i18n.language)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <p>{t('settings.sla.dueSoon', { percent: formatPercent(doc.due_soon_remaining_percent / 100, i18n.language) })}</p>
            <p className="meta">
              {doc.source === 'deployment' ? t('settings.sla.source.deployment', { at: formatDateTime(doc.updated_at, i18n.language) }) : t('settings.sla.source.default')}
            </p>
          </>
        )}
      </QueryState>
    </>
  );
}
