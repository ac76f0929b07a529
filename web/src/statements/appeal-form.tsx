import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { MAX_APPEAL_TEXT } from '../../../src/core/appeal.ts';
import { MAX_EVIDENCE_URLS } from '../../../src/core/notice-addition.ts';
import { appealApi, type LinkAppeal } from '../appeal.api.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime } from '../format.ts';
import { ApiError } from '../http.ts';
import type { StatementView } from '../statements.api.ts';
import { SectionHeading } from './section-heading.tsx';

const TEXT_ID = 'appeal-text';
const urlId = (i: number) => `appeal-url-${i}`;

/**
 * The affected user's appeal, on the statement page (issue 14, DSA Art. 20): why the decision is
 * wrong and up to 10 links, without an account. Once made (now, or earlier through this link)
 * the page shows where it stands: its deadline, then its outcome and the new statement's record.
 * What is typed here goes to the platform only.
 */
export function AppealSection({ token, statement }: { token: string; statement: StatementView }) {
  const [filed, setFiled] = useState<LinkAppeal | null>(null);
  const existing = filed ?? (statement.appeals[0] as LinkAppeal | undefined) ?? null;
  if (existing) return <AppealProgress appeal={existing} focus={filed !== null} />;
  // Open while the window runs and the decision still stands (the case decided or closed).
  if (!statement.appeal.open || statement.newer_decision || (statement.case_status !== 'decided' && statement.case_status !== 'closed')) return null;
  return <AppealForm token={token} onFiled={setFiled} />;
}

function AppealForm({ token, onFiled }: { token: string; onFiled: (a: LinkAppeal) => void }) {
  const { t } = useTranslation();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [busy, setBusy] = useState(false);
  // Each link input has a stable key, so removing one keeps the others' text and focus order.
  const [links, setLinks] = useState<{ key: number; value: string }[]>([]);
  const nextKey = useRef(0);
  const focusAfter = useRef<string | null>(null);
  useEffect(() => {
    if (focusAfter.current) document.getElementById(focusAfter.current)?.focus();
    focusAfter.current = null;
  }, [links]);
  const errorOf = (id: string) => problems.find((p) => p.field === id)?.message;

  function addLink() {
    focusAfter.current = urlId(links.length);
    setLinks([...links, { key: nextKey.current++, value: '' }]);
  }
  function removeLink(i: number) {
    // Focus stays in the list: on the link now in that place, else the button that adds one.
    focusAfter.current = links.length > 1 ? urlId(Math.min(i, links.length - 2)) : 'appeal-add-link';
    setLinks(links.filter((_, j) => j !== i));
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (busy) return;
    const text = String(new FormData(e.currentTarget).get('text') ?? '');
    const urls = links.map((l) => l.value.trim()).filter((u) => u !== '');
    // The server's first check, said at once and in the page's language.
    if (!text.trim()) {
      setProblems([{ field: TEXT_ID, message: t('appeal.textMissing') }]);
      return;
    }
    setProblems([]);
    setBusy(true);
    try {
      onFiled(await appealApi.file(token, { text, urls }));
    } catch (err) {
      setProblems(problemsOf(err, t, links));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section className="appeal" aria-labelledby="appeal-h">
      <SectionHeading id="appeal-h">{t('appeal.title')}</SectionHeading>
      <p>{t('appeal.intro')}</p>
      <p className="hint">{t('appeal.private')}</p>
      <ErrorSummary problems={problems} />
      <form className="stack" onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${errorOf(TEXT_ID) ? ' has-error' : ''}`}>
          <label htmlFor={TEXT_ID}>{t('appeal.text')}</label>
          <span className="hint" id={`${TEXT_ID}-hint`}>
            {t('appeal.textHint', { max: MAX_APPEAL_TEXT })}
          </span>
          {errorOf(TEXT_ID) ? (
            <p className="field-error" id={`${TEXT_ID}-error`}>
              <span className="visually-hidden">{t('form.errorPrefix')}</span> {errorOf(TEXT_ID)}
            </p>
          ) : null}
          <textarea
            id={TEXT_ID}
            name="text"
            rows={6}
            maxLength={MAX_APPEAL_TEXT}
            aria-invalid={errorOf(TEXT_ID) ? true : undefined}
            aria-describedby={[`${TEXT_ID}-hint`, errorOf(TEXT_ID) ? `${TEXT_ID}-error` : null].filter(Boolean).join(' ')}
          />
        </div>
        <fieldset className="appeal-links">
          <legend>{t('appeal.links')}</legend>
          <p className="hint">{t('appeal.linksHint', { max: MAX_EVIDENCE_URLS })}</p>
          {links.map((l, i) => {
            const id = urlId(i);
            const error = errorOf(id);
            return (
              <div key={l.key} className={`field appeal-link${error ? ' has-error' : ''}`}>
                <label htmlFor={id}>{t('appeal.link', { n: i + 1 })}</label>
                {error ? (
                  <p className="field-error" id={`${id}-error`}>
                    <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
                  </p>
                ) : null}
                <input
                  id={id}
                  type="url"
                  inputMode="url"
                  spellCheck={false}
                  value={l.value}
                  onChange={(e) => setLinks(links.map((x, j) => (j === i ? { ...x, value: e.target.value } : x)))}
                  aria-invalid={error ? true : undefined}
                  aria-describedby={error ? `${id}-error` : undefined}
                />
                <button type="button" className="secondary" onClick={() => removeLink(i)}>
                  {t('appeal.removeLink', { n: i + 1 })}
                </button>
              </div>
            );
          })}
          {links.length < MAX_EVIDENCE_URLS ? (
            <button type="button" id="appeal-add-link" className="secondary" onClick={addLink}>
              {t('appeal.addLink')}
            </button>
          ) : null}
        </fieldset>
        <div className="actions">
          <button type="submit" id="appeal-submit" aria-disabled={busy || undefined}>
            {t('appeal.submit')}
          </button>
        </div>
      </form>
    </section>
  );
}

/** The server's refusal, each named field tied to its input (`urls[2]` to the third link); a refusal of the whole in the page's words. */
function problemsOf(err: unknown, t: (key: string) => string, links: readonly { value: string }[]): FieldProblem[] {
  if (!(err instanceof ApiError)) return [{ field: TEXT_ID, message: t('appeal.error') }];
  const reason = (err.problem as { reason?: string }).reason;
  if (reason) return [{ field: TEXT_ID, message: t(`appeal.refusal.${reason}`) }];
  if (err.status === 429) return [{ field: TEXT_ID, message: t('appeal.tooMany') }];
  const fields = err.problem.errors ?? [];
  if (fields.length === 0) return [{ field: TEXT_ID, message: err.problem.detail ?? t('appeal.error') }];
  // The links sent skip blank inputs: map the server's index back to the input it came from.
  const sent = links.map((l, i) => ({ i, v: l.value.trim() })).filter((x) => x.v !== '');
  return fields.map((f) => {
    const m = /^urls\[(\d+)\]$/.exec(f.field);
    const input = m ? sent[Number(m[1])]?.i : undefined;
    return { field: input !== undefined ? urlId(input) : f.field === 'urls' && links.length > 0 ? urlId(0) : TEXT_ID, message: f.message };
  });
}

/** Where the appeal stands: awaiting the platform's answer by its deadline, or answered. */
function AppealProgress({ appeal, focus }: { appeal: LinkAppeal; focus: boolean }) {
  const { t, i18n } = useTranslation();
  const at = (iso: string | null) => formatDateTime(iso, i18n.language);
  return (
    <section className="appeal" aria-labelledby="appeal-h">
      <SectionHeading id="appeal-h" focus={focus}>
        {t('appeal.statusTitle')}
      </SectionHeading>
      <p className="outcome" role="status">
        {appeal.status === 'decided' && appeal.outcome
          ? t(`appeal.outcome.${appeal.outcome}`, { at: at(appeal.decided_at) })
          : t('appeal.waiting', { filed: at(appeal.created_at), due: at(appeal.due_at) })}
      </p>
      {appeal.outcome_record_id ? (
        <p>
          <Link to={`/records/${appeal.outcome_record_id}`}>{t('appeal.record')}</Link>
        </p>
      ) : null}
    </section>
  );
}
