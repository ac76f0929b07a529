import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';

export interface FieldProblem {
  /** The id of the input it is about: the summary links to it. */
  field: string;
  message: string;
}

/**
 * The GOV.UK Design System's error summary: at the top of the form, announced and focused when
 * it appears, each problem a link to its field.
 */
export function ErrorSummary({ problems }: { problems: readonly FieldProblem[] }) {
  const { t } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (problems.length > 0) box.current?.focus();
  }, [problems]);
  if (problems.length === 0) return null;
  return (
    <div className="error-summary" role="alert" aria-labelledby="error-summary-title" tabIndex={-1} ref={box}>
      <h2 id="error-summary-title">{t('form.problem')}</h2>
      <ul>
        {problems.map((p) => (
          <li key={`${p.field}:${p.message}`}>
            <a
              href={`#${p.field}`}
              onClick={(e) => {
                e.preventDefault();
                document.getElementById(p.field)?.focus();
              }}
            >
              {p.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}
