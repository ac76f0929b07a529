import type { TFunction } from 'i18next';
import type { TransparencyReportSummary } from './transparency-report.api.ts';

/** Days as the page's language writes them; the period's days are Vietnamese days already. */
export function formatDay(day: string, lang: string): string {
  const [y, m, d] = day.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { timeZone: 'UTC', dateStyle: 'long' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/** "6 tháng đầu năm 2026" / "First half of 2026", or the first and last days of another period. */
export function periodLabel(period: TransparencyReportSummary['period'], t: TFunction, lang: string): string {
  const half = period.half_year ? /^(\d{4})-H([12])$/.exec(period.half_year) : null;
  if (half) return t('transparencyReport.halfYear', { year: half[1], half: t(`transparencyReport.halves.${half[2]}`) });
  return t('transparencyReport.range', { first: formatDay(period.first_day, lang), last: formatDay(period.last_day, lang) });
}
