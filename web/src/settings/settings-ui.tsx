import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../http.ts';
import type { FieldProblem } from '../error-summary.tsx';

/** What the settings sections share: a secret shown once, an inline confirmation, fields, and the server's field errors. */

/** Picks the glossary's word for the page's language (src/core/glossary.ts pairs are [vi, en]). */
export function useWord(): (pair: readonly [string, string]) => string {
  const { i18n } = useTranslation();
  return (pair) => (i18n.language === 'en' ? pair[1] : pair[0]);
}

/** Moves focus to an element when it appears, so keyboard and screen reader users land on what just opened. */
function useFocusOnMount<T extends HTMLElement>() {
  const ref = useRef<T>(null);
  useEffect(() => ref.current?.focus(), []);
  return ref;
}

/**
 * A secret the server shows once (an API key, a webhook signing secret, an invitation link): a
 * warning, the value in a read-only box, a copy button that says what it did, and a button to close.
 */
export function SecretOnce({ title, label, value, hint, onDone, id }: { title: string; label: string; value: string; hint?: string; onDone: () => void; id: string }) {
  const { t } = useTranslation();
  const heading = useFocusOnMount<HTMLHeadingElement>();
  const [said, setSaid] = useState('');
  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setSaid(t('settings.copied'));
    } catch {
      (document.getElementById(id) as HTMLInputElement | null)?.select();
      setSaid(t('settings.copyFailed'));
    }
  }
  return (
    <div className="once" role="region" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} tabIndex={-1} ref={heading}>
        {title}
      </h3>
      <p className="warning">{t('settings.shownOnce')}</p>
      {hint ? <p>{hint}</p> : null}
      <div className="field">
        <label htmlFor={id}>{label}</label>
        <div className="copy-row">
          <input id={id} readOnly value={value} spellCheck={false} onFocus={(e) => e.currentTarget.select()} />
          <button type="button" className="secondary" onClick={() => void copy()}>
            {t('settings.copy')}
          </button>
        </div>
      </div>
      <p role="status" className="said">
        {said}
      </p>
      <div className="actions">
        <button type="button" onClick={onDone}>
          {t('settings.done')}
        </button>
      </div>
    </div>
  );
}

/** An inline confirmation of something that cannot be undone; focus goes to the question, and back on cancel. */
export function Confirm({ question, yes, onYes, onCancel, busy }: { question: string; yes: string; onYes: () => void; onCancel: () => void; busy?: boolean }) {
  const { t } = useTranslation();
  const text = useFocusOnMount<HTMLParagraphElement>();
  return (
    <div className="confirm">
      <p tabIndex={-1} ref={text}>
        {question}
      </p>
      <div className="actions">
        <button type="button" className="danger" onClick={onYes} disabled={busy}>
          {yes}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          {t('settings.cancel')}
        </button>
      </div>
    </div>
  );
}

/** Where a field's error is said: next to it, and linked from the summary (GOV.UK pattern). */
export function FieldError({ id, problems }: { id: string; problems: readonly FieldProblem[] }) {
  const { t } = useTranslation();
  const error = problems.find((p) => p.field === id)?.message;
  if (!error) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
    </p>
  );
}

/** The attributes that tie an input to its hint and error. */
export function describedBy(id: string, problems: readonly FieldProblem[], hint = false) {
  const error = problems.some((p) => p.field === id);
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

export function fieldClass(id: string, problems: readonly FieldProblem[]): string {
  return problems.some((p) => p.field === id) ? 'field has-error' : 'field';
}

/** A labelled <select> with its error. */
export function SelectField({
  id,
  label,
  value,
  options,
  problems,
  onChange,
}: {
  id: string;
  label: string;
  value: string;
  options: readonly { value: string; label: string }[];
  problems: readonly FieldProblem[];
  onChange: (value: string) => void;
}) {
  return (
    <div className={fieldClass(id, problems)}>
      <label htmlFor={id}>{label}</label>
      <FieldError id={id} problems={problems} />
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)} {...describedBy(id, problems)}>
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * The server's refusal as problems for the error summary: each field it names (422) tied to the
 * input that holds it (`fieldId`) and prefixed with that input's label; anything else said against
 * `fallback`, in the server's words when it has some, or `known` for reasons the page words itself.
 */
export function problemsFrom(
  err: unknown,
  fallback: string,
  messages: { error: string; known?: Record<string, string>; fieldId?: (field: string) => { id: string; label: string } | null },
): FieldProblem[] {
  if (!(err instanceof ApiError)) return [{ field: fallback, message: messages.error }];
  const reason = (err.problem as { reason?: string }).reason;
  if (reason && messages.known?.[reason]) return [{ field: fallback, message: messages.known[reason] }];
  const fields = err.problem.errors ?? [];
  if (fields.length > 0) {
    return fields.map((f) => {
      const target = messages.fieldId?.(f.field);
      return target ? { field: target.id, message: `${target.label}: ${f.message}` } : { field: fallback, message: f.message };
    });
  }
  return [{ field: fallback, message: err.status >= 500 || !err.problem.detail ? messages.error : err.problem.detail }];
}

/** A success said once, in a live region (announced without moving focus). */
export function Said({ children }: { children: ReactNode }) {
  return (
    <p role="status" className="said">
      {children}
    </p>
  );
}
