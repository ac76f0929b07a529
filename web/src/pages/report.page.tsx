import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { PUBLIC_REPORT_LIMITS } from '../../../src/core/public-report-limits.ts';
import { REPORT_CHOICES } from '../../../src/core/report-choices.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { ApiError } from '../http.ts';
import { solveChallenge } from '../pow.ts';
import { reportApi, type Match, type ReportInput } from '../report.api.ts';
import { TrackingCodeForm } from '../tracking-code-form.tsx';
import { useTitle } from '../title.ts';
import './report.css';

const FIRST_CHOICE = `choice-${REPORT_CHOICES[0].id}`;
// A simple check before sending; the server is the judge (src/core/email-address.ts).
const EMAIL = /^[^\s@]+@[^\s@.]+(?:\.[^\s@.]+)+$/;

type UrlMatch = { url: string; state: 'checking' } | { url: string; state: 'done'; result: Match };
type Proof = { challenge: string; solution: string; expiresAt: number };

/** Where each of the server's fields is on the form, for the error summary's links. */
function onTheForm(field: string): string {
  const url = /^urls\[(\d+)\]$/.exec(field);
  if (url) return `urls-${url[1]}`;
  if (field === 'urls') return 'urls-0';
  if (field === 'choice') return FIRST_CHOICE;
  if (field === 'description' || field === 'contact_email' || field === 'evidence') return field;
  // The proof of work is the page's, not the person's: its problems point at the button.
  return 'report-submit';
}

/**
 * The public report form (issue 13): no account. The links (each checked against what is already
 * known when it loses focus), what is wrong in plain words (src/core/report-choices.ts), a
 * description, and optionally a contact address and evidence, which the platform never sees. On
 * sending, the browser first solves the server's proof of work (web/src/pow.ts), then shows the
 * tracking code, once.
 */
export function ReportPage() {
  const { t, i18n } = useTranslation();
  useTitle(t('report.title'));
  const [urls, setUrls] = useState<{ key: number; value: string }[]>([{ key: 0, value: '' }]);
  const nextKey = useRef(1);
  const [matches, setMatches] = useState<Record<number, UrlMatch>>({});
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [phase, setPhase] = useState<'idle' | 'solving' | 'sending'>('idle');
  const [sent, setSent] = useState<string | null>(null);
  const proof = useRef<Proof | null>(null);
  const en = i18n.language === 'en';
  // A link added by "add another" takes the focus, so the next keystrokes go into it.
  const added = useRef(false);
  useEffect(() => {
    if (!added.current) return;
    added.current = false;
    document.getElementById(`urls-${urls.length - 1}`)?.focus();
  }, [urls.length]);

  async function checkUrl(key: number, value: string) {
    const url = value.trim();
    if (url === '') {
      setMatches(({ [key]: _gone, ...rest }) => rest);
      return;
    }
    if (matches[key]?.url === url) return;
    setMatches((m) => ({ ...m, [key]: { url, state: 'checking' } }));
    try {
      const result = await reportApi.match(url);
      setMatches((m) => (m[key]?.url === url ? { ...m, [key]: { url, state: 'done', result } } : m));
    } catch {
      // A link the server cannot read is named when the form is sent.
      setMatches(({ [key]: _gone, ...rest }) => rest);
    }
  }

  /** A solved challenge: the one solved for an earlier attempt while it is fresh, else a new one. */
  async function proofOfWork(fresh: boolean): Promise<Proof> {
    if (!fresh && proof.current && proof.current.expiresAt - Date.now() > 60_000) return proof.current;
    setPhase('solving');
    const c = await reportApi.challenge();
    proof.current = { challenge: c.challenge, solution: await solveChallenge(c.challenge), expiresAt: new Date(c.expires_at).getTime() };
    return proof.current;
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (phase !== 'idle') return;
    const form = new FormData(e.currentTarget);
    const text = (name: string) => String(form.get(name) ?? '').trim();
    const input: ReportInput = {
      urls: urls.map((u) => u.value.trim()),
      choice: text('choice') as ReportInput['choice'],
      description: text('description'),
      challenge: '',
      solution: '',
      ...(text('contact_email') ? { contact_email: text('contact_email') } : {}),
      ...(text('evidence') ? { evidence: text('evidence') } : {}),
    };
    const missing: FieldProblem[] = [];
    input.urls.forEach((u, i) => {
      if (u === '') missing.push({ field: `urls-${i}`, message: t('report.missingUrl') });
    });
    if (!input.choice) missing.push({ field: FIRST_CHOICE, message: t('report.missingChoice') });
    if (!input.description) missing.push({ field: 'description', message: t('report.missingDescription') });
    if (input.contact_email && !EMAIL.test(input.contact_email)) missing.push({ field: 'contact_email', message: t('report.badEmail') });
    setProblems(missing);
    if (missing.length > 0) return;
    try {
      let answer;
      try {
        answer = await send(input, await proofOfWork(false));
      } catch (err) {
        // An expired or already used challenge is the page's business: solve a new one, once.
        const fields = err instanceof ApiError ? (err.problem.errors ?? []).map((f) => f.field) : [];
        if (fields.length === 0 || !fields.every((f) => f === 'challenge' || f === 'solution')) throw err;
        answer = await send(input, await proofOfWork(true));
      }
      proof.current = null;
      setSent(answer.tracking_code);
    } catch (err) {
      const fields = err instanceof ApiError ? (err.problem.errors ?? []) : [];
      if (fields.length > 0) setProblems(fields.map((f) => ({ field: onTheForm(f.field), message: f.message })));
      else if (err instanceof ApiError && err.status === 429) setProblems([{ field: 'report-submit', message: t('report.tooMany') }]);
      else if (err instanceof ApiError && err.status === 503) setProblems([{ field: 'report-submit', message: t('report.closed') }]);
      else setProblems([{ field: 'report-submit', message: t('report.failed') }]);
    } finally {
      setPhase('idle');
    }
  }

  async function send(input: ReportInput, p: Proof) {
    setPhase('sending');
    return reportApi.submit({ ...input, challenge: p.challenge, solution: p.solution });
  }

  if (sent) {
    return (
      <Sent
        code={sent}
        onAnother={() => {
          setSent(null);
          setUrls([{ key: nextKey.current++, value: '' }]);
          setMatches({});
        }}
      />
    );
  }

  const errorOf = (field: string) => problems.find((p) => p.field === field)?.message;
  const choiceError = errorOf(FIRST_CHOICE);
  const busy = phase !== 'idle';
  return (
    <>
      <h1>{t('report.title')}</h1>
      <p className="lead">{t('report.intro')}</p>
      <section className="inset" aria-labelledby="report-published">
        <h2 id="report-published">{t('report.publishedTitle')}</h2>
        <ul>
          <li>{t('report.publishedNot')}</li>
          <li>{t('report.publishedPlatform')}</li>
          <li>{t('report.publishedDecision')}</li>
        </ul>
      </section>
      <ErrorSummary problems={problems} />
      <form className="stack report-form" onSubmit={(e) => void submit(e)} noValidate>
        <fieldset>
          <legend>{t('report.urls')}</legend>
          <span className="hint" id="urls-hint">
            {t('report.urlsHint')}
          </span>
          {urls.map((u, i) => {
            const id = `urls-${i}`;
            const error = errorOf(id);
            const m = matches[u.key];
            return (
              <div key={u.key} className={`field${error ? ' has-error' : ''}`}>
                <label htmlFor={id}>{t('report.url', { n: i + 1 })}</label>
                {error ? (
                  <p className="field-error" id={`${id}-error`}>
                    <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
                  </p>
                ) : null}
                <div className="url-row">
                  <input
                    id={id}
                    type="url"
                    inputMode="url"
                    autoComplete="off"
                    spellCheck={false}
                    maxLength={PUBLIC_REPORT_LIMITS.url}
                    value={u.value}
                    aria-invalid={error ? true : undefined}
                    aria-describedby={['urls-hint', error ? `${id}-error` : null, `${id}-match`].filter(Boolean).join(' ')}
                    onChange={(e) => setUrls((list) => list.map((x) => (x.key === u.key ? { ...x, value: e.target.value } : x)))}
                    onBlur={(e) => void checkUrl(u.key, e.target.value)}
                  />
                  {urls.length > 1 ? (
                    <button
                      type="button"
                      className="secondary"
                      onClick={() => {
                        setUrls((list) => list.filter((x) => x.key !== u.key));
                        setMatches(({ [u.key]: _gone, ...rest }) => rest);
                      }}
                    >
                      {t('report.removeUrl', { n: i + 1 })}
                    </button>
                  ) : null}
                </div>
                <p className="match" id={`${id}-match`} role="status">
                  {m ? <MatchNote match={m} /> : null}
                </p>
              </div>
            );
          })}
          {urls.length < PUBLIC_REPORT_LIMITS.urls ? (
            <div>
              <button
                type="button"
                className="secondary"
                onClick={() => {
                  added.current = true;
                  setUrls((list) => [...list, { key: nextKey.current++, value: '' }]);
                }}
              >
                {t('report.addUrl')}
              </button>
            </div>
          ) : null}
        </fieldset>

        <fieldset className={choiceError ? 'has-error' : undefined} aria-describedby={`choice-hint${choiceError ? ' choice-error' : ''}`}>
          <legend>{t('report.choice')}</legend>
          <span className="hint" id="choice-hint">
            {t('report.choiceHint')}
          </span>
          {choiceError ? (
            <p className="field-error" id="choice-error">
              <span className="visually-hidden">{t('form.errorPrefix')}</span> {choiceError}
            </p>
          ) : null}
          <div className="radios">
            {REPORT_CHOICES.map((c) => (
              <div className="radio" key={c.id}>
                <input type="radio" id={`choice-${c.id}`} name="choice" value={c.id} />
                <label htmlFor={`choice-${c.id}`}>{en ? c.en : c.vi}</label>
              </div>
            ))}
          </div>
        </fieldset>

        <TextArea
          name="description"
          label={t('report.description')}
          hint={t('report.descriptionHint')}
          error={errorOf('description')}
          maxLength={PUBLIC_REPORT_LIMITS.description}
          rows={5}
        />

        <fieldset>
          <legend>{t('report.optional')}</legend>
          <div className={`field${errorOf('contact_email') ? ' has-error' : ''}`}>
            <label htmlFor="contact_email">{t('report.contact')}</label>
            <span className="hint" id="contact_email-hint">
              {t('report.contactHint')}
            </span>
            {errorOf('contact_email') ? (
              <p className="field-error" id="contact_email-error">
                <span className="visually-hidden">{t('form.errorPrefix')}</span> {errorOf('contact_email')}
              </p>
            ) : null}
            <input
              id="contact_email"
              name="contact_email"
              type="email"
              autoComplete="email"
              spellCheck={false}
              maxLength={PUBLIC_REPORT_LIMITS.email}
              aria-invalid={errorOf('contact_email') ? true : undefined}
              aria-describedby={`contact_email-hint${errorOf('contact_email') ? ' contact_email-error' : ''}`}
            />
          </div>
          <TextArea name="evidence" label={t('report.evidence')} hint={t('report.evidenceHint')} error={errorOf('evidence')} maxLength={PUBLIC_REPORT_LIMITS.evidence} rows={4} />
        </fieldset>

        <div className="actions">
          <button type="submit" id="report-submit" aria-disabled={busy || undefined}>
            {t('report.submit')}
          </button>
          <p role="status" className="progress-note">
            {phase === 'solving' ? t('report.solving') : phase === 'sending' ? t('report.sending') : ''}
          </p>
        </div>
      </form>
      <TrackingCodeForm />
    </>
  );
}

function MatchNote({ match }: { match: UrlMatch }) {
  const { t } = useTranslation();
  if (match.state === 'checking') return <>{t('report.checking')}</>;
  const { known, published_decision: decision } = match.result;
  if (!known) return <>{t('report.unknown')}</>;
  return (
    <>
      {decision ? t('report.knownDecided') : t('report.known')} {decision ? <Link to={`/records/${decision.public_record_id}`}>{t('report.seeDecision')}</Link> : null}
    </>
  );
}

function TextArea({ name, label, hint, error, maxLength, rows }: { name: string; label: string; hint: string; error?: string; maxLength: number; rows: number }) {
  const { t } = useTranslation();
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={name}>{label}</label>
      <span className="hint" id={`${name}-hint`}>
        {hint}
      </span>
      {error ? (
        <p className="field-error" id={`${name}-error`}>
          <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
        </p>
      ) : null}
      <textarea id={name} name={name} rows={rows} maxLength={maxLength} aria-invalid={error ? true : undefined} aria-describedby={`${name}-hint${error ? ` ${name}-error` : ''}`} />
    </div>
  );
}

/** The tracking code, shown this once, prominently, with the way to its status page. */
function Sent({ code, onAnother }: { code: string; onAnother: () => void }) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <>
      <div className="panel">
        <h1 ref={heading} tabIndex={-1}>
          {t('report.sentTitle')}
        </h1>
        <p>{t('report.yourCode')}</p>
        <p className="tracking-code">
          <code>{code}</code>
        </p>
      </div>
      <p className="warning">{t('report.keepCode')}</p>
      <p>
        <Link to={`/report/${code}`}>{t('report.openStatus')}</Link>
      </p>
      <p>
        <button type="button" className="secondary" onClick={onAnother}>
          {t('report.another')}
        </button>
      </p>
    </>
  );
}
