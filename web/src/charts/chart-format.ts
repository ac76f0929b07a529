/** Months and numbers as the charts and their tables write them, in each language. */
const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'vi-VN');

/** `2026-03` as "thg 3 2026" / "Mar 2026": the month is a calendar month, so no time zone shifts it. */
export function formatMonth(month: string, lang: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return new Intl.DateTimeFormat(locale(lang), { month: 'short', year: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, 1)));
}
