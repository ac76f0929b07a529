import { useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { decodeUtf8 } from '../../../src/core/csv.ts';
import { CATEGORY_VI, categoryCode, categoryEn } from '../../../src/core/glossary.ts';
import {
  batchesOf,
  errorReport,
  NOTICE_BATCH_MAX,
  NOTICE_CSV_COLUMNS,
  NOTICE_CSV_MAX_BYTES,
  NOTICE_CSV_MAX_ROWS,
  noticeCsvTemplate,
  readNoticeCsv,
  rowOutcomes,
  type CsvNotice,
  type CsvProblem,
  type NoticeCsvColumn,
  type NoticeTable,
  type NoticeTableError,
  type RowOutcome,
} from '../../../src/core/notice-csv.ts';
import { ErrorSummary, type FieldProblem } from '../error-summary.tsx';
import { formatDateTime, formatNumber } from '../format.ts';
import { ApiError } from '../http.ts';
import { STATEMENT_CATEGORIES } from '../labels.ts';
import { AccessMessage, FieldError, useDownload, useNoticeAccess } from '../notices/notice-ui.tsx';
import { idempotencyKey, noticesApi, type Batch } from '../notices.api.ts';
import { useTitle } from '../title.ts';
import '../notices/notices.css';

const FILE_INPUT = 'csv-file';
const MB = NOTICE_CSV_MAX_BYTES / 1024 / 1024;

/** An upload in progress or done: the file as read, what is left to send, and every line's outcome so far. */
interface Upload {
  table: NoticeTable;
  batches: CsvNotice[][];
  /** Prefix of each batch's Idempotency-Key: a batch sent again (Continue) replays instead of filing twice. */
  key: string;
  /** The first batch not sent yet. */
  next: number;
  total: number;
  sent: number;
  outcomes: RowOutcome[];
  waiting: number | null;
  stopped: string | null;
  done: boolean;
}

/**
 * /notices/bulk: many notices from one CSV file (layout: src/core/notice-csv.ts, documented on the
 * page with a template), read in the browser, sent in batches the batch route takes, then each
 * line's result and a downloadable report of the rejected lines.
 */
export function NoticeBulkPage() {
  const { t } = useTranslation();
  useTitle(t('notices.bulk.title'));
  const { status } = useNoticeAccess();
  return (
    <>
      <h1>{t('notices.bulk.title')}</h1>
      {status === 'file' ? <Bulk /> : <AccessMessage status={status} />}
    </>
  );
}

function Bulk() {
  const { t, i18n } = useTranslation();
  const queries = useQueryClient();
  const [problems, setProblems] = useState<FieldProblem[]>([]);
  const [upload, setUpload] = useState<Upload | null>(null);
  const sending = useRef(false);
  const alive = useRef(true);
  const resultsHeading = useRef<HTMLHeadingElement>(null);
  const template = useDownload(useMemo(noticeCsvTemplate, []));

  useEffect(() => {
    alive.current = true;
    return () => {
      alive.current = false;
    };
  }, []);
  // Leaving mid-upload would stop it: the browser asks first.
  const inFlight = upload !== null && !upload.done && upload.stopped === null;
  useEffect(() => {
    if (!inFlight) return;
    const warn = (e: BeforeUnloadEvent) => e.preventDefault();
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [inFlight]);

  function tableError(e: NoticeTableError): string {
    switch (e.code) {
      case 'empty':
        return t('notices.bulk.empty');
      case 'no_rows':
        return t('notices.bulk.noRows');
      case 'unknown_columns':
        return t('notices.bulk.unknownColumns', { columns: e.columns.join(', ') });
      case 'missing_columns':
        return t('notices.bulk.missingColumns', { columns: e.columns.join(', ') });
      case 'duplicate_column':
        return t('notices.bulk.duplicateColumn', { column: e.column });
      case 'too_many_rows':
        return t('notices.bulk.tooManyRows', { max: formatNumber(e.max, i18n.language) });
      case 'unterminated_quote':
        return t('notices.bulk.unterminatedQuote', { line: e.row });
      case 'text_after_quote':
        return t('notices.bulk.textAfterQuote', { line: e.row });
    }
  }

  async function submit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (sending.current) return;
    const file = (e.currentTarget.elements.namedItem(FILE_INPUT) as HTMLInputElement).files?.[0];
    const refuse = (message: string) => {
      setProblems([{ field: FILE_INPUT, message }]);
      setUpload(null);
    };
    if (!file) return refuse(t('notices.bulk.fileMissing'));
    if (file.size > NOTICE_CSV_MAX_BYTES) return refuse(t('notices.bulk.tooBig', { mb: MB }));
    const decoded = decodeUtf8(new Uint8Array(await file.arrayBuffer()));
    if (!decoded.ok) return refuse(t('notices.bulk.notUtf8'));
    const read = readNoticeCsv(decoded.text);
    if (!read.ok) return refuse(tableError(read.error));
    setProblems([]);
    const { table } = read;
    // Notices with a problem found here are not sent: their lines are answered at once.
    const local = table.notices.filter((n) => n.problems.length > 0);
    const toSend = table.notices.filter((n) => n.problems.length === 0);
    const start: Upload = {
      table,
      batches: batchesOf(toSend),
      key: idempotencyKey(),
      next: 0,
      total: toSend.length,
      sent: 0,
      outcomes: local.flatMap((n) => rowOutcomes(n)),
      waiting: null,
      stopped: null,
      done: false,
    };
    setUpload(start);
    await send(start);
  }

  /** Sends the batches from `from.next` on, one at a time, saying how far it got. */
  async function send(from: Upload) {
    sending.current = true;
    let state: Upload = { ...from, stopped: null };
    const show = (next: Upload) => {
      state = next;
      if (alive.current) setUpload(next);
    };
    show(state);
    try {
      for (let b = from.next; b < from.batches.length; b++) {
        if (!alive.current) return;
        const batch = from.batches[b]!;
        let answer: Batch | null = null;
        for (let attempt = 0; answer === null; attempt++) {
          try {
            answer = await noticesApi.batch(
              batch.map((n) => n.body),
              `${from.key}-${b}`,
            );
          } catch (err) {
            const retryAfter = err instanceof ApiError && err.status === 429 ? Number((err.problem as { retry_after?: number }).retry_after) : NaN;
            if (attempt < 5 && retryAfter > 0) {
              const seconds = Math.min(60, Math.ceil(retryAfter));
              show({ ...state, waiting: seconds });
              await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
              show({ ...state, waiting: null });
              continue;
            }
            show({ ...state, next: b, stopped: reasonOf(err) });
            return;
          }
        }
        const results = answer.results;
        show({ ...state, next: b + 1, sent: state.sent + batch.length, outcomes: [...state.outcomes, ...batch.flatMap((n, i) => rowOutcomes(n, results[i]))] });
      }
      show({ ...state, done: true });
      requestAnimationFrame(() => resultsHeading.current?.focus());
    } finally {
      sending.current = false;
      await queries.invalidateQueries({ queryKey: ['notices'] });
    }
  }

  function reasonOf(err: unknown): string {
    if (!(err instanceof ApiError)) return t('common.error');
    return err.problem.detail ?? err.problem.title ?? `HTTP ${err.status}`;
  }

  function describeProblem(p: CsvProblem): string {
    const column = p.column ?? '';
    switch (p.code) {
      case 'required':
        return t('notices.bulk.problem.required', { column });
      case 'conflict':
        return t('notices.bulk.problem.conflict', { column, first: p.first_line });
      case 'extra_cells':
        return t('notices.bulk.problem.extra_cells');
      case 'server':
        return t('notices.bulk.problem.server', { column: p.column ?? p.field, message: p.message });
    }
  }

  const describeRejection = (o: Extract<RowOutcome, { status: 'rejected' }>) =>
    o.problems.length > 0 ? o.problems.map(describeProblem).join('; ') : t('notices.bulk.withLine', { line: o.with_line ?? o.line });

  const report = useMemo(() => {
    if (!upload?.done || !upload.outcomes.some((o) => o.status === 'rejected')) return null;
    return errorReport(upload.table, upload.outcomes, (o) => t('notices.bulk.reportLine', { line: o.line, problems: describeRejection(o) }));
  }, [upload, t]);
  const reportUrl = useDownload(report);

  return (
    <>
      <Instructions templateUrl={template} />
      <h2>{t('notices.bulk.upload')}</h2>
      <ErrorSummary problems={problems} />
      <form className="notice-form" onSubmit={(e) => void submit(e)} noValidate>
        <div className={`field${problems.length > 0 ? ' has-error' : ''}`}>
          <label htmlFor={FILE_INPUT}>{t('notices.bulk.file')}</label>
          <span className="hint" id={`${FILE_INPUT}-hint`}>
            {t('notices.bulk.fileHint', { batch: NOTICE_BATCH_MAX })}
          </span>
          <FieldError id={FILE_INPUT} problems={problems} />
          <input
            type="file"
            id={FILE_INPUT}
            name={FILE_INPUT}
            accept=".csv,text/csv"
            aria-describedby={problems.length > 0 ? `${FILE_INPUT}-hint ${FILE_INPUT}-error` : `${FILE_INPUT}-hint`}
            aria-invalid={problems.length > 0 || undefined}
          />
        </div>
        <div className="actions">
          <button type="submit" disabled={inFlight}>
            {t('notices.bulk.submit')}
          </button>
        </div>
      </form>
      {upload ? <Progress upload={upload} onContinue={() => void send(upload)} /> : null}
      {upload?.done ? (
        <section aria-labelledby="bulk-results">
          <h2 id="bulk-results" tabIndex={-1} ref={resultsHeading}>
            {t('notices.bulk.results')}
          </h2>
          <Results upload={upload} describeRejection={describeRejection} />
          {reportUrl ? (
            <>
              <p>
                <a className="button-link" href={reportUrl} download={t('notices.bulk.reportFile')}>
                  {t('notices.bulk.report')}
                </a>
              </p>
              <p className="hint">{t('notices.bulk.reportHint')}</p>
            </>
          ) : null}
        </section>
      ) : null}
    </>
  );
}

function Progress({ upload, onContinue }: { upload: Upload; onContinue: () => void }) {
  const { t, i18n } = useTranslation();
  return (
    <div className="bulk-progress">
      <label htmlFor="bulk-progress">{t('notices.bulk.progressLabel')}</label>
      <progress id="bulk-progress" max={Math.max(1, upload.total)} value={upload.total === 0 ? 1 : upload.sent} />
      <p role="status">
        {upload.waiting !== null
          ? t('notices.bulk.waiting', { seconds: upload.waiting })
          : t(upload.done ? 'notices.bulk.sent' : 'notices.bulk.progress', { done: formatNumber(upload.sent, i18n.language), total: formatNumber(upload.total, i18n.language) })}
      </p>
      {upload.stopped !== null ? (
        <div role="alert" className="error">
          <p>{t('notices.bulk.stopped', { n: upload.next + 1, reason: upload.stopped })}</p>
          <button type="button" onClick={onContinue}>
            {t('notices.bulk.continue')}
          </button>
        </div>
      ) : null}
    </div>
  );
}

function Results({ upload, describeRejection }: { upload: Upload; describeRejection: (o: Extract<RowOutcome, { status: 'rejected' }>) => string }) {
  const { t, i18n } = useTranslation();
  const urls = useMemo(() => {
    const m = new Map<number, string>();
    for (const n of upload.table.notices) n.lines.forEach((line, i) => m.set(line, n.body.items[i]?.url ?? ''));
    return m;
  }, [upload.table]);
  const outcomes = [...upload.outcomes].sort((a, b) => a.line - b.line);
  const count = (s: RowOutcome['status']) => outcomes.filter((o) => o.status === s).length;
  return (
    <>
      <p>{t('notices.bulk.summary', { rows: outcomes.length, accepted: count('accepted'), repeats: count('repeat'), rejected: count('rejected') })}</p>
      <div className="table-wrap">
        <table className="bulk-results">
          <caption>{t('notices.bulk.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.bulk.line')}</th>
              <th scope="col">{t('notices.bulk.url')}</th>
              <th scope="col">{t('notices.bulk.result')}</th>
              <th scope="col">{t('notices.bulk.details')}</th>
            </tr>
          </thead>
          <tbody>
            {outcomes.map((o) => (
              <tr key={o.line} className={`outcome-${o.status}`}>
                <th scope="row">{o.line}</th>
                <td className="url">{urls.get(o.line)}</td>
                <td>
                  <strong className={`result ${o.status}`}>{t(`notices.bulk.${o.status}`)}</strong>
                </td>
                <td>
                  {o.status === 'accepted' ? (
                    <>
                      {o.case ? (
                        <>
                          <Link to={`/cases/${o.case.id}`}>
                            {t('notices.bulk.caseLink')}
                            <span className="visually-hidden"> {t('notices.bulk.caseLinkHidden', { line: o.line })}</span>
                          </Link>{' '}
                          ({t(`caseStatus.${o.case.status}`)}) ·{' '}
                        </>
                      ) : null}
                      {t('notices.bulk.due', { time: formatDateTime(o.due_at, i18n.language) })} ·{' '}
                      <Link to={`/notices/${o.notice_id}`}>
                        {t('notices.bulk.noticeLink')}
                        <span className="visually-hidden"> {t('notices.bulk.caseLinkHidden', { line: o.line })}</span>
                      </Link>
                    </>
                  ) : o.status === 'repeat' ? (
                    <>
                      {t('notices.bulk.repeatOf')}:{' '}
                      <Link to={`/notices/${o.existing_id}`}>
                        {t('notices.bulk.noticeLink')}
                        <span className="visually-hidden"> {t('notices.bulk.caseLinkHidden', { line: o.line })}</span>
                      </Link>
                    </>
                  ) : (
                    describeRejection(o)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}

/** The layout of the file, as a table and a template to download, and the values of the category column. */
function Instructions({ templateUrl }: { templateUrl: string | null }) {
  const { t, i18n } = useTranslation();
  const required = (c: NoticeCsvColumn) => (c === 'url' ? t('notices.bulk.yes') : c === 'category' || c === 'explanation' ? t('notices.bulk.requiredOnce') : t('notices.bulk.no'));
  return (
    <>
      <p className="lead">{t('notices.bulk.intro')}</p>
      <p>{t('notices.bulk.format', { rows: formatNumber(NOTICE_CSV_MAX_ROWS, i18n.language), mb: MB })}</p>
      <p>{t('notices.bulk.sameNotice')}</p>
      {templateUrl ? (
        <p>
          <a className="button-link secondary" href={templateUrl} download={t('notices.bulk.templateFile')}>
            {t('notices.bulk.template')}
          </a>
        </p>
      ) : null}
      <div className="table-wrap">
        <table className="csv-columns">
          <caption>{t('notices.bulk.columns')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('notices.bulk.column')}</th>
              <th scope="col">{t('notices.bulk.required')}</th>
              <th scope="col">{t('notices.bulk.meaning')}</th>
            </tr>
          </thead>
          <tbody>
            {NOTICE_CSV_COLUMNS.map((c) => (
              <tr key={c}>
                <th scope="row">
                  <code>{c}</code>
                </th>
                <td>{required(c)}</td>
                <td>{t(`notices.bulk.col.${c}`)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <details className="categories">
        <summary>{t('notices.bulk.categories')}</summary>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">{t('notices.bulk.code')}</th>
                <th scope="col">{t('notices.bulk.vi')}</th>
                <th scope="col">{t('notices.bulk.en')}</th>
              </tr>
            </thead>
            <tbody>
              {STATEMENT_CATEGORIES.map((c) => (
                <tr key={c}>
                  <th scope="row">
                    <code>{categoryCode(c)}</code>
                  </th>
                  <td lang="vi">{CATEGORY_VI[categoryCode(c)]}</td>
                  <td lang="en">{categoryEn(c)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </>
  );
}
