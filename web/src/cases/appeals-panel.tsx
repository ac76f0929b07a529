import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { appealApi } from '../appeal.api.ts';
import { casesApi, type Case } from '../cases.api.ts';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';

/**
 * The case's appeals (issue 14): who appealed, what they wrote and linked (the platform reads the
 * affected user's text here and nowhere else), the deadline, and how each ended. The platform
 * gives an open appeal to a reviewer; the server refuses one who decided the decision appealed,
 * and its message is shown as it came (appeal-decision.ts).
 */
export function AppealsPanel({ c, mayAssign }: { c: Case; mayAssign: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  return (
    <section aria-labelledby={`${id}-h`} className="appeals-panel">
      <h2 id={`${id}-h`}>{t('appeal.panelTitle')}</h2>
      <ol className="plain">
        {c.appeals.map((a) => (
          <li key={a.id}>
            <dl className="summary-list">
              <div>
                <dt>{t('appeal.appellant.' + a.appellant)}</dt>
                <dd>
                  {a.appellant_org ? `${a.appellant_org.name} · ` : ''}
                  {t(`appeal.status.${a.status}`)}
                  {a.outcome ? ` · ${t(`appeal.outcomeShort.${a.outcome}`)}` : ''}
                  {a.outcome_record_id ? (
                    <>
                      {' · '}
                      <Link to={`/records/${a.outcome_record_id}`}>{a.outcome_record_id.slice(0, 8)}</Link>
                    </>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('appeal.filedAt')}</dt>
                <dd>{at(a.created_at)}</dd>
              </div>
              <div>
                <dt>{t('appeal.dueAt')}</dt>
                <dd>{at(a.due_at)}</dd>
              </div>
            </dl>
            {a.text ? <blockquote className="appeal-text">{a.text}</blockquote> : null}
            {a.urls.length > 0 ? (
              <ul>
                {a.urls.map((u) => (
                  <li key={u} className="url">
                    {u}
                  </li>
                ))}
              </ul>
            ) : null}
            {a.assignee !== undefined ? <Reviewer caseId={c.id} appealId={a.id} assignee={a.assignee} open={a.status === 'open' && mayAssign} /> : null}
          </li>
        ))}
      </ol>
    </section>
  );
}

function Reviewer({ caseId, appealId, assignee, open }: { caseId: string; appealId: string; assignee: { id: string; display_name: string } | null; open: boolean }) {
  const { t } = useTranslation();
  const id = useId();
  const queries = useQueryClient();
  const assignees = useQuery({ queryKey: ['assignees'], queryFn: casesApi.assignees, staleTime: 60_000, enabled: open });
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  if (!open) {
    return (
      <p>
        {t('appeal.reviewer')}: {assignee ? assignee.display_name : t('appeal.nobody')}
      </p>
    );
  }
  /** A refusal the page knows is said in the page's language; any other as the server wrote it. */
  function refusal(e: unknown): string {
    if (!(e instanceof ApiError)) return t('common.error');
    const { reason, appealed_decision_id: decision } = e.problem as { reason?: string; appealed_decision_id?: string };
    return reason === 'reviewer_took_part' || reason === 'appeal_assigned_to_another' ? t(`appeal.refusal.${reason}`, { decision }) : e.message;
  }
  async function assign(personId: string) {
    setBusy(true);
    try {
      await appealApi.assign(appealId, personId);
      setMessage({ text: t('appeal.assigned') });
      await queries.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (e) {
      setMessage({ text: refusal(e), error: true });
    } finally {
      setBusy(false);
    }
  }
  return (
    <form
      className="inline"
      onSubmit={(e) => {
        e.preventDefault();
        const chosen = String(new FormData(e.currentTarget).get('person') ?? '');
        if (chosen) void assign(chosen);
      }}
    >
      <div className="field">
        <label htmlFor={`${id}-person`}>{t('appeal.reviewer')}</label>
        <span className="hint" id={`${id}-hint`}>
          {t('appeal.reviewerHint')}
        </span>
        <select id={`${id}-person`} name="person" defaultValue={assignee?.id ?? ''} key={assignee?.id ?? 'nobody'} aria-describedby={`${id}-hint`}>
          <option value="">{t('appeal.nobody')}</option>
          {(assignees.data?.items ?? []).map((p) => (
            <option key={p.id} value={p.id}>
              {p.display_name}
            </option>
          ))}
        </select>
      </div>
      <button type="submit" className="secondary" disabled={busy}>
        {t('appeal.assign')}
      </button>
      <p role="status" className={message?.error ? 'field-error' : undefined}>
        {message?.text ?? ''}
      </p>
    </form>
  );
}
