import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { FieldProblem } from '../error-summary.tsx';
import type { Session } from '../api.ts';
import { useSession } from '../session.ts';

/** What the notice screens share: who may use them, a labelled field with its hint and error, a file to download. */

export type Person = Session['person'];

/**
 * Whether the signed-in person may see (`read`) or also file (`file`) their organization's
 * notices: platforms answer notices and file none, and viewers read only (policy.ts: notice.submit
 * is for reviewers and admins).
 */
export function useNoticeAccess(): { status: 'loading' | 'signed-out' | 'platform' | 'read' | 'file'; person: Person | null } {
  const session = useSession();
  if (session.isPending) return { status: 'loading', person: null };
  const person = session.data?.person ?? null;
  if (!person) return { status: 'signed-out', person };
  if (person.org_kind === 'platform') return { status: 'platform', person };
  return { status: person.role === 'viewer' ? 'read' : 'file', person };
}

/** Said instead of a screen the person may not use, with the way forward. */
export function AccessMessage({ status }: { status: 'loading' | 'signed-out' | 'platform' | 'read' }) {
  const { t } = useTranslation();
  if (status === 'loading') return <p role="status">{t('common.loading')}</p>;
  if (status === 'signed-out')
    return (
      <p>
        {t('notices.access.signIn')} <Link to="/sign-in">{t('nav.signIn')}</Link>
      </p>
    );
  if (status === 'platform')
    return (
      <p>
        {t('notices.access.platform')} <Link to="/cases">{t('nav.cases')}</Link>
      </p>
    );
  return (
    <p className="warning">
      {t('notices.access.viewer')} <Link to="/notices">{t('nav.notices')}</Link>
    </p>
  );
}

/** The attributes that tie an input to its hint and its error. */
function described(id: string, hint: boolean, error: boolean) {
  const ids = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(' ');
  return { 'aria-invalid': error ? true : undefined, 'aria-describedby': ids || undefined };
}

export function FieldError({ id, problems }: { id: string; problems: readonly FieldProblem[] }) {
  const { t } = useTranslation();
  const errors = problems.filter((p) => p.field === id);
  if (errors.length === 0) return null;
  return (
    <p className="field-error" id={`${id}-error`}>
      <span className="visually-hidden">{t('form.errorPrefix')}</span> {errors.map((e) => e.message).join('; ')}
    </p>
  );
}

/** A labelled input or text area with its hint and, when there is one, its error (GOV.UK pattern). */
export function TextField({
  id,
  label,
  hint,
  problems,
  value,
  onChange,
  multiline,
  input = {},
}: {
  id: string;
  label: string;
  hint?: string;
  problems: readonly FieldProblem[];
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  input?: Record<string, string | number>;
}) {
  const error = problems.some((p) => p.field === id);
  const attributes = { id, name: id, value, ...described(id, Boolean(hint), error), ...input };
  return (
    <div className={`field${error ? ' has-error' : ''}`}>
      <label htmlFor={id}>{label}</label>
      {hint ? (
        <span className="hint" id={`${id}-hint`}>
          {hint}
        </span>
      ) : null}
      <FieldError id={id} problems={problems} />
      {multiline ? (
        <textarea rows={4} {...attributes} onChange={(e) => onChange(e.target.value)} />
      ) : (
        <input type="text" {...attributes} onChange={(e) => onChange(e.target.value)} />
      )}
    </div>
  );
}

/**
 * A download made in the browser (a template, an error report): an object URL for the link,
 * revoked when the content changes or the page goes.
 */
export function useDownload(content: string | null, type = 'text/csv;charset=utf-8'): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (content === null) {
      setUrl(null);
      return;
    }
    const made = URL.createObjectURL(new Blob([content], { type }));
    setUrl(made);
    return () => URL.revokeObjectURL(made);
  }, [content, type]);
  return url;
}

/** A link that looks like a button: for going to another screen where GOV.UK would show a start button. */
export function ButtonLink({ to, children, secondary }: { to: string; children: ReactNode; secondary?: boolean }) {
  return (
    <Link to={to} className={secondary ? 'button-link secondary' : 'button-link'}>
      {children}
    </Link>
  );
}
