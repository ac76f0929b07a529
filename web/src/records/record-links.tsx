import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import type { PublicRecord } from '../api.ts';

/**
 * Where a record that archives something leads: a transparency report to its page (charts,
 * tables, CSV), an open data dump to its files. Records are what the log keeps; these pages are
 * how people read them.
 */
export function RecordLinks({ record: r }: { record: PublicRecord }) {
  const { t } = useTranslation();
  if (r.type === 'transparency_report' && typeof r.report_id === 'string') {
    return (
      <p>
        <Link to={`/transparency-reports/${encodeURIComponent(r.report_id)}`}>{t('record.openReport')}</Link>
      </p>
    );
  }
  if (r.type === 'open_data_dump' && typeof r.dump_id === 'string' && Array.isArray(r.files)) {
    const dumpId = r.dump_id;
    const files = r.files.filter(
      (f): f is { format: string; name: string; bytes: number } => typeof f === 'object' && f !== null && typeof (f as { format?: unknown }).format === 'string',
    );
    return (
      <section aria-labelledby="dump-files">
        <h2 id="dump-files">{t('record.dumpFiles')}</h2>
        <ul>
          {files.map((f) => (
            <li key={f.format}>
              <a href={`/api/v1/public/dumps/${encodeURIComponent(dumpId)}/${encodeURIComponent(f.format)}`} download={f.name}>
                {f.name}
              </a>{' '}
              ({t('record.bytes', { count: f.bytes })})
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return null;
}
