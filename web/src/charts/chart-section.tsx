import { useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { BarChart } from './bar-groups.ts';
import { csvBlob, type CsvCell } from './csv.ts';
import { PlotFigure } from './plot-figure.tsx';

/** A data table: column headings, then rows each named by its first cell (a row header). */
export interface DataTable {
  head: readonly string[];
  rows: readonly { label: string; cells: readonly string[] }[];
  /** A last row of totals, when the figures add up. */
  foot?: { label: string; cells: readonly string[] };
}

interface Props {
  id: string;
  title: string;
  lead: ReactNode;
  chart: BarChart;
  table: DataTable;
  /** The same figures for the CSV file, unformatted (numbers as numbers, months as YYYY-MM). */
  csv: readonly (readonly CsvCell[])[];
  /** The file's name, without `.csv`. */
  file: string;
  /** No figures at all: said in words, with no empty chart or table. */
  empty: boolean;
}

/**
 * One chart of the statistics page, the same way each time: a heading, what it counts, the chart
 * (hidden from screen readers), its data table in a disclosure (the text alternative, for screen
 * readers and anyone who wants the numbers), and the figures as a CSV file made in the browser.
 */
export function ChartSection({ id, title, lead, chart, table, csv, file, empty }: Props) {
  const { t } = useTranslation();
  const headingId = useId();
  const href = useObjectUrl(empty ? null : csv);
  return (
    <section className="chart-section" aria-labelledby={headingId} id={id}>
      <h2 id={headingId}>{title}</h2>
      <p className="chart-lead">{lead}</p>
      {empty ? (
        <p>{t('stats.charts.none')}</p>
      ) : (
        <>
          <PlotFigure chart={chart} />
          <details className="chart-data">
            <summary>
              {t('stats.charts.table')}
              <span className="visually-hidden">: {title}</span>
            </summary>
            <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
              <table>
                <caption>{title}</caption>
                <thead>
                  <tr>
                    {table.head.map((h, i) => (
                      <th key={i} scope="col">
                        {h}
                      </th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {table.rows.map((r, i) => (
                    <tr key={i}>
                      <th scope="row">{r.label}</th>
                      {r.cells.map((c, j) => (
                        <td key={j}>{c}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
                {table.foot && (
                  <tfoot>
                    <tr>
                      <th scope="row">{table.foot.label}</th>
                      {table.foot.cells.map((c, j) => (
                        <td key={j}>{c}</td>
                      ))}
                    </tr>
                  </tfoot>
                )}
              </table>
            </div>
          </details>
          {href && (
            <p>
              <a href={href} download={`minhbach-${file}.csv`} className="csv-link">
                {t('stats.charts.download')}
                <span className="visually-hidden">: {title}</span>
              </a>
            </p>
          )}
        </>
      )}
    </section>
  );
}

/** A blob: URL of the CSV file, made again when the figures change and released when they go. */
export function useObjectUrl(rows: readonly (readonly CsvCell[])[] | null): string | null {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    if (!rows) return;
    const made = URL.createObjectURL(csvBlob(rows));
    setUrl(made);
    return () => {
      URL.revokeObjectURL(made);
      setUrl(null);
    };
  }, [rows]);
  return url;
}
