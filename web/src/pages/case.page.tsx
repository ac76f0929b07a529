import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { OPEN_STATUSES } from '../../../src/core/case-state.ts';
import { KIND } from '../../../src/core/glossary.ts';
import { ApiError } from '../http.ts';
import { casesApi, type Case, type Decision } from '../cases.api.ts';
import { Deadline } from '../cases/deadline.tsx';
import { CounterNoticePanel } from '../cases/counter-notice-panel.tsx';
import { AppealsPanel } from '../cases/appeals-panel.tsx';
import { DecidedPanel, DecisionForm } from '../cases/decision-form.tsx';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { SignedInOnly } from '../cases/signed-in-only.tsx';
import { ItemImages } from '../cases/item-images.tsx';
import { HashListMatches } from '../cases/hash-list-matches.tsx';
import { MatchBasis } from '../cases/match-basis.tsx';
import { ShortLinkStatus } from '../cases/short-link-status.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { categoryLabel } from '../labels.ts';
import { QueryState } from '../query-state.tsx';
import type { Session } from '../api.ts';
import { useTitle } from '../title.ts';
import '../cases/case-desk.css';

type Person = Session['person'];

/**
 * One case: the content and its canonical forms, every notice that joined it, its decisions,
 * related cases, the timeline, and what the viewer may do — a platform assigns, reviews and
 * decides; a submitter follows and may appeal a decision.
 */
export function CasePage() {
  const { id = '' } = useParams();
  const { t } = useTranslation();
  useTitle(t('case.title'));
  return <SignedInOnly>{(person) => <CaseView id={id} person={person} />}</SignedInOnly>;
}

function CaseView({ id, person }: { id: string; person: Person }) {
  const { t, i18n } = useTranslation();
  // The decision just made: its confirmation stays while the case reloads as decided.
  const [decided, setDecided] = useState<Decision | null>(null);
  const theCase = useQuery({ queryKey: ['case', id], queryFn: () => casesApi.get(id), retry: (n, e) => !(e instanceof ApiError && e.status === 404) && n < 1 });
  if (theCase.error instanceof ApiError && theCase.error.status === 404)
    return (
      <>
        <h1>{t('case.title')}</h1>
        <p>{t('case.notFound')}</p>
        <Link to="/cases">{t('case.back')}</Link>
      </>
    );
  return (
    <QueryState query={theCase}>
      {(c) => {
        const open = (OPEN_STATUSES as readonly string[]).includes(c.status);
        const isPlatform = person.org_kind === 'platform';
        const mayAct = person.role !== 'viewer';
        return (
          <>
            <p>
              <Link to="/cases">{t('case.back')}</Link>
            </p>
            <h1>
              {t('case.title')}: <span className="url">{c.canonical_url.replace(/^https?:\/\//, '')}</span>
            </h1>
            <dl className="summary-list">
              <div>
                <dt>{t('case.status')}</dt>
                <dd>
                  {t(`caseStatus.${c.status}`)}
                  {c.merged_into ? (
                    <>
                      {' '}
                      · {t('case.mergedInto')} <Link to={`/cases/${c.merged_into}`}>{c.merged_into.slice(0, 8)}</Link>
                    </>
                  ) : null}
                </dd>
              </div>
              <div>
                <dt>{t('case.deadline')}</dt>
                <dd>
                  <Deadline c={c} open={open} />
                </dd>
              </div>
              <div>
                <dt>{t('case.platform')}</dt>
                <dd>{c.platform}</dd>
              </div>
              <div>
                <dt>{t('case.category')}</dt>
                <dd>{categoryLabel(c.category, i18n.language)}</dd>
              </div>
              {c.authority_request !== undefined ? (
                <div>
                  <dt>{t('case.authorityRequest')}</dt>
                  <dd>{c.authority_request ? t('case.yes') : t('case.no')}</dd>
                </div>
              ) : null}
              <div>
                <dt>{t('case.received')}</dt>
                <dd>{formatDateTime(c.created_at, i18n.language)}</dd>
              </div>
              <div>
                <dt>{t('case.assignee')}</dt>
                <dd>{c.assignee ? c.assignee.display_name : t('case.nobody')}</dd>
              </div>
            </dl>
            {mayAct && c.status !== 'merged' ? <Actions c={c} person={person} isPlatform={isPlatform} open={open} /> : null}
            <Locations c={c} />
            <ShortLinkStatus c={c} />
            <Notices c={c} person={person} />
            <HashListMatches c={c} />
            {c.related_cases ? <Related c={c} mayReview={isPlatform && mayAct} /> : null}
            <Decisions c={c} />
            {c.appeals.length > 0 ? <AppealsPanel c={c} mayAssign={isPlatform && mayAct} /> : null}
            {c.decisions.some((d) => d.outcome === 'restriction') ? <CounterNoticePanel caseId={c.id} mayAct={mayAct} /> : null}
            {/* After what it decides on: the reviewer reads the notices first. */}
            {decided ? <DecidedPanel decision={decided} /> : isPlatform && mayAct && open ? <DecisionForm c={c} onDecided={setDecided} /> : null}
            {c.timeline ? <Timeline c={c} /> : null}
          </>
        );
      }}
    </QueryState>
  );
}

/** What the viewer may do now: assign, and move the case through its states. */
function Actions({ c, person, isPlatform, open }: { c: Case; person: Person; isPlatform: boolean; open: boolean }) {
  const { t } = useTranslation();
  const queries = useQueryClient();
  const id = useId();
  const assignees = useQuery({ queryKey: ['assignees'], queryFn: casesApi.assignees, staleTime: 60_000 });
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  async function run(work: () => Promise<string>) {
    setBusy(true);
    try {
      setMessage({ text: await work() });
      await queries.invalidateQueries({ queryKey: ['case', c.id] });
      await queries.invalidateQueries({ queryKey: ['cases'] });
      await queries.invalidateQueries({ queryKey: ['case-counts'] });
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? (e.problem.errors?.map((f) => f.message).join('; ') ?? e.message) : t('common.error'), error: true });
    } finally {
      setBusy(false);
    }
  }
  const assign = (personId: string | null) =>
    run(async () => {
      const r = await casesApi.assign(c.id, personId);
      return r.assignee ? t('case.assigned', { name: r.assignee.display_name }) : t('case.unassigned');
    });
  const act = (action: 'start_review' | 'close' | 'reopen' | 'appeal') =>
    run(async () => {
      const r = await casesApi.act(c.id, { action });
      return t('case.actionDone', { status: t(`caseStatus.${r.status}`) });
    });

  const moves: ('start_review' | 'close' | 'reopen' | 'appeal')[] = isPlatform
    ? [
        ...(c.status === 'received' ? (['start_review'] as const) : []),
        ...(c.status === 'decided' ? (['close'] as const) : []),
        ...(c.status === 'closed' ? (['reopen'] as const) : []),
      ]
    : c.status === 'decided'
      ? ['appeal']
      : [];
  return (
    <section aria-labelledby={`${id}-h`} className="case-actions">
      <h2 id={`${id}-h`}>{t('case.actions')}</h2>
      <p role="status" className={message?.error ? 'field-error' : undefined}>
        {message?.text ?? ''}
      </p>
      {open || c.assignee ? (
        <form
          className="inline"
          onSubmit={(e) => {
            e.preventDefault();
            const chosen = String(new FormData(e.currentTarget).get('person') ?? '');
            void assign(chosen === '' ? null : chosen);
          }}
        >
          <div className="field">
            <label htmlFor={`${id}-person`}>{t('case.assignTo')}</label>
            <select id={`${id}-person`} name="person" defaultValue={c.assignee?.id ?? ''} key={c.assignee?.id ?? 'nobody'}>
              <option value="">{t('case.nobody')}</option>
              {(assignees.data?.items ?? []).map((p) => (
                <option key={p.id} value={p.id}>
                  {p.display_name}
                </option>
              ))}
            </select>
          </div>
          <button type="submit" className="secondary" disabled={busy}>
            {t('case.assign')}
          </button>
          {c.assignee?.id !== person.id ? (
            <button type="button" className="secondary" disabled={busy} onClick={() => void assign(person.id)}>
              {t('case.takeIt')}
            </button>
          ) : null}
        </form>
      ) : null}
      {moves.length > 0 ? (
        <div className="actions">
          {moves.map((m) => (
            <button key={m} type="button" className="secondary" disabled={busy} onClick={() => void act(m)}>
              {t(`case.action.${m}`)}
            </button>
          ))}
        </div>
      ) : null}
    </section>
  );
}

function Locations({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('case.locations')}</h2>
      <p className="hint">{t('case.locationsHint')}</p>
      <ul className="plain">
        {c.locations.map((l) => (
          <li key={l.content_key}>
            <a href={l.canonical_url} rel="noopener noreferrer nofollow" target="_blank" className="url">
              {l.canonical_url}
            </a>
            <br />
            <small>
              {t('case.contentKey')}: <code>{l.content_key}</code>
              {l.merged_case_id ? <> · {t('case.mergedFrom', { id: l.merged_case_id.slice(0, 8), score: formatNumber(l.score, i18n.language, 3) })}</> : null}
            </small>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Notices({ c, person }: { c: Case; person: Person }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const kind = (k: string) => {
    const pair = KIND[k as keyof typeof KIND];
    return pair ? (i18n.language === 'en' ? pair[1] : pair[0]) : k;
  };
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>
        {t('case.notices')} ({formatNumber(c.notices.length, i18n.language)})
      </h2>
      <ol className="cards">
        {c.notices.map((n) => {
          const basis = n.legal_basis as { instrument?: string; provision?: string } | null;
          return (
            <li key={n.id} className="card">
              <h3>{t('case.submittedBy', { org: n.submitter.name, kind: kind(n.submitter.kind), at: formatDateTime(n.received_at, i18n.language) })}</h3>
              <dl className="summary-list compact">
                <div>
                  <dt>{t('case.category')}</dt>
                  <dd>{categoryLabel(n.category, i18n.language)}</dd>
                </div>
                {basis ? (
                  <div>
                    <dt>{t('case.legalBasis')}</dt>
                    <dd>{[basis.instrument, basis.provision].filter(Boolean).join(', ')}</dd>
                  </div>
                ) : null}
                {n.explanation ? (
                  <div>
                    <dt>{t('case.explanation')}</dt>
                    <dd className="prose">{n.explanation}</dd>
                  </div>
                ) : null}
              </dl>
              {n.withdrawal ? (
                <p className="withdrawn">
                  <strong>{t('case.withdrawn', { at: formatDateTime(n.withdrawal.withdrawn_at, i18n.language) })}</strong> {n.withdrawal.reason}
                </p>
              ) : null}
              {n.items.length > 0 ? (
                <>
                  <h4>{t('case.items')}</h4>
                  <ul className="plain">
                    {n.items.map((item) => (
                      <li key={item.position}>
                        <span className="url">{item.url}</span>
                        {item.text ? <blockquote>{item.text.length > 400 ? `${item.text.slice(0, 400)}…` : item.text}</blockquote> : null}
                        <ItemImages item={item} itemNumber={item.position + 1} />
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {n.additions.length > 0 ? (
                <>
                  <h4>{t('case.additions')}</h4>
                  <ul className="plain">
                    {n.additions.map((a) => (
                      <li key={a.id}>
                        <small>{formatDateTime(a.added_at, i18n.language)}</small>
                        <p className="prose">{a.text}</p>
                        {a.urls.length > 0 ? (
                          <ul>
                            {a.urls.map((u) => (
                              <li key={u} className="url">
                                {u}
                              </li>
                            ))}
                          </ul>
                        ) : null}
                      </li>
                    ))}
                  </ul>
                </>
              ) : null}
              {n.submitter.id === person.org_id && !n.withdrawal && person.role !== 'viewer' ? <NoticeFollowUp caseId={c.id} noticeId={n.id} /> : null}
            </li>
          );
        })}
      </ol>
    </section>
  );
}

/** A submitter's own notice: add information the platform should see, or withdraw it with a reason. */
function NoticeFollowUp({ caseId, noticeId }: { caseId: string; noticeId: string }) {
  const { t } = useTranslation();
  const id = useId();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [message, setMessage] = useState('');
  const [busy, setBusy] = useState(false);

  async function run(e: FormEvent<HTMLFormElement>, kind: 'add' | 'withdraw') {
    e.preventDefault();
    const formEl = e.currentTarget;
    const form = new FormData(formEl);
    setBusy(true);
    try {
      if (kind === 'add') {
        const urls = String(form.get('urls') ?? '')
          .split(/\s+/)
          .filter(Boolean);
        await casesApi.addInformation(noticeId, { text: String(form.get('text') ?? ''), ...(urls.length > 0 ? { urls } : {}) });
        setMessage(t('case.added'));
      } else {
        await casesApi.withdraw(noticeId, { reason: String(form.get('reason') ?? '') });
        setMessage(t('case.withdrawDone'));
      }
      setProblems([]);
      formEl.reset();
      await queries.invalidateQueries({ queryKey: ['case', caseId] });
    } catch (err) {
      const prefix = kind === 'add' ? `${id}-add` : `${id}-withdraw`;
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      const target = (f: string) => (kind === 'withdraw' ? `${prefix}-reason` : f.startsWith('urls') ? `${prefix}-urls` : `${prefix}-text`);
      setProblems(
        fields.length > 0
          ? fields.map((f) => ({ field: target(f.field), message: f.message }))
          : [{ field: target(''), message: err instanceof ApiError ? err.message : t('common.error') }],
      );
    } finally {
      setBusy(false);
    }
  }

  return (
    <div className="follow-up">
      <p role="status">{message}</p>
      <ErrorSummary problems={problems} />
      <details>
        <summary>{t('case.addInformation')}</summary>
        <form className="stack" onSubmit={(e) => void run(e, 'add')} noValidate>
          <div className="field">
            <label htmlFor={`${id}-add-text`}>{t('case.additionText')}</label>
            <textarea id={`${id}-add-text`} name="text" rows={3} maxLength={5000} />
          </div>
          <div className="field">
            <label htmlFor={`${id}-add-urls`}>{t('case.additionUrls')}</label>
            <span className="hint" id={`${id}-add-urls-hint`}>
              {t('case.additionUrlsHint')}
            </span>
            <textarea id={`${id}-add-urls`} name="urls" rows={2} aria-describedby={`${id}-add-urls-hint`} />
          </div>
          <div className="actions">
            <button type="submit" disabled={busy}>
              {t('case.addInformation')}
            </button>
          </div>
        </form>
      </details>
      <details>
        <summary>{t('case.withdraw')}</summary>
        <form className="stack" onSubmit={(e) => void run(e, 'withdraw')} noValidate>
          <p className="hint">{t('case.withdrawHint')}</p>
          <div className="field">
            <label htmlFor={`${id}-withdraw-reason`}>{t('case.withdrawReason')}</label>
            <textarea id={`${id}-withdraw-reason`} name="reason" rows={2} maxLength={2000} />
          </div>
          <div className="actions">
            <button type="submit" className="warning" disabled={busy}>
              {t('case.withdraw')}
            </button>
          </div>
        </form>
      </details>
    </div>
  );
}

function Decisions({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('case.decisions')}</h2>
      {c.decisions.length === 0 ? (
        <p>{t('case.noDecision')}</p>
      ) : (
        <ol className="plain">
          {c.decisions.map((d) => (
            <li key={d.id}>
              <strong>{t(`case.outcome.${d.outcome}`, { defaultValue: d.outcome })}</strong> · {formatDateTime(d.created_at, i18n.language)}
              {d.public_record_id ? (
                <>
                  {' '}
                  · <Link to={`/records/${d.public_record_id}`}>{t('case.publicRecord')}</Link>
                </>
              ) : null}
              {typeof (d.statement as Record<string, unknown>).decision_facts === 'string' ? (
                <p className="prose">{String((d.statement as Record<string, unknown>).decision_facts)}</p>
              ) : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}

function Related({ c, mayReview }: { c: Case; mayReview: boolean }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  const queries = useQueryClient();
  const navigate = useNavigate();
  const [message, setMessage] = useState<{ text: string; error?: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const related = c.related_cases ?? [];

  async function review(relatedId: string, decision: 'duplicate' | 'not_duplicate') {
    setBusy(true);
    try {
      const r = await casesApi.reviewRelated(c.id, relatedId, { decision });
      await queries.invalidateQueries({ queryKey: ['case'] });
      await queries.invalidateQueries({ queryKey: ['cases'] });
      if (r.merge && r.merge.into !== c.id) {
        await navigate(`/cases/${r.merge.into}`);
        return;
      }
      setMessage({ text: decision === 'duplicate' ? t('case.mergedDone') : t('case.dismissedDone') });
    } catch (e) {
      setMessage({ text: e instanceof ApiError ? e.message : t('common.error'), error: true });
    } finally {
      setBusy(false);
    }
  }

  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('case.related')}</h2>
      <p role="status" className={message?.error ? 'field-error' : undefined}>
        {message?.text ?? ''}
      </p>
      {related.length === 0 ? (
        <p>{t('case.relatedNone')}</p>
      ) : (
        <ul className="plain">
          {related.map((r) => {
            const label = `${r.case_id.slice(0, 8)} (${t(`case.level.${r.level}`, { defaultValue: r.level })})`;
            return (
              <li key={r.case_id}>
                <Link to={`/cases/${r.case_id}`}>{r.case_id.slice(0, 8)}</Link> · {t(`case.level.${r.level}`, { defaultValue: r.level })} ·{' '}
                {t('case.score', { score: formatNumber(r.score, i18n.language, 3) })}
                <MatchBasis related={r} /> · {r.platform} · {t(`caseStatus.${r.status}`, { defaultValue: r.status })}
                {r.dismissed_at ? (
                  <>
                    {' '}
                    · <em>{t('case.dismissedAt', { at: formatDateTime(r.dismissed_at, i18n.language) })}</em>
                  </>
                ) : mayReview ? (
                  <span className="row-actions">
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      aria-label={t('case.confirmDuplicateOf', { case: label })}
                      onClick={() => void review(r.case_id, 'duplicate')}
                    >
                      {t('case.confirmDuplicate')}
                    </button>
                    <button
                      type="button"
                      className="secondary"
                      disabled={busy}
                      aria-label={t('case.rejectDuplicateOf', { case: label })}
                      onClick={() => void review(r.case_id, 'not_duplicate')}
                    >
                      {t('case.rejectDuplicate')}
                    </button>
                  </span>
                ) : null}
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function Timeline({ c }: { c: Case }) {
  const { t, i18n } = useTranslation();
  const id = useId();
  return (
    <section aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>{t('case.timeline')}</h2>
      <p className="hint">{t('case.timelineHint')}</p>
      <ol className="timeline">
        {(c.timeline ?? []).map((e) => {
          const data = e.data as Record<string, unknown>;
          const who = e.actor
            ? [e.actor.name, e.actor.person?.display_name, e.actor.key ? `${e.actor.key.name ?? ''} (${e.actor.key.prefix})` : null].filter(Boolean).join(' · ')
            : t('case.system');
          const detail =
            typeof data.note === 'string' && e.type !== 'status_changed'
              ? `: ${data.note}`
              : e.type === 'status_changed' && typeof data.to === 'string'
                ? `→ ${t(`caseStatus.${data.to}`, { defaultValue: data.to })}${typeof data.note === 'string' ? `: ${data.note}` : ''}`
                : e.type === 'assigned'
                  ? typeof data.display_name === 'string'
                    ? `→ ${data.display_name}`
                    : `→ ${t('case.nobody')}`
                  : '';
          return (
            <li key={e.id}>
              <time dateTime={e.at}>{formatDateTime(e.at, i18n.language)}</time>
              <span>
                <strong>{t(`case.event.${e.type}`, { defaultValue: t(`shortLinks.event.${e.type}`, { defaultValue: e.type }) })}</strong> {detail} <small>— {who}</small>
              </span>
            </li>
          );
        })}
      </ol>
    </section>
  );
}
