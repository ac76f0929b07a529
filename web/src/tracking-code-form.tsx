import { useId, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { normalizeTrackingCode } from '../../src/core/tracking-code.ts';

/**
 * "Look up a report": type a tracking code, open its status page. The code is read by the
 * server's own rule (any case, spaces, I/L for 1, O for 0), so what the page opens is what the
 * server will find. One field: its error is shown beside it and it takes the focus.
 */
export function TrackingCodeForm({ defaultCode = '' }: { defaultCode?: string }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [error, setError] = useState<string | null>(null);

  function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const typed = String(new FormData(e.currentTarget).get('code') ?? '').trim();
    const code = normalizeTrackingCode(typed);
    if (code === null) {
      setError(typed === '' ? t('report.codeMissing') : t('report.codeFormat'));
      input.current?.focus();
      return;
    }
    setError(null);
    void navigate(`/report/${code}`);
  }

  const field = `${id}-code`;
  return (
    <form className="stack lookup" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('report.lookupTitle')}</h2>
      <div className={`field${error ? ' has-error' : ''}`}>
        <label htmlFor={field}>{t('report.code')}</label>
        <span className="hint" id={`${field}-hint`}>
          {t('report.codeHint')}
        </span>
        {error ? (
          <p className="field-error" id={`${field}-error`}>
            <span className="visually-hidden">{t('form.errorPrefix')}</span> {error}
          </p>
        ) : null}
        <input
          ref={input}
          id={field}
          name="code"
          defaultValue={defaultCode}
          autoComplete="off"
          autoCapitalize="characters"
          spellCheck={false}
          aria-invalid={error ? true : undefined}
          aria-describedby={`${field}-hint${error ? ` ${field}-error` : ''}`}
        />
      </div>
      <div className="actions">
        <button type="submit" className="secondary">
          {t('report.lookup')}
        </button>
      </div>
    </form>
  );
}
