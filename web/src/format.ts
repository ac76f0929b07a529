/** Dates and numbers as each language writes them, in Vietnam's time zone. */
const TIME_ZONE = 'Asia/Ho_Chi_Minh';
const locale = (lang: string) => (lang === 'en' ? 'en-GB' : 'vi-VN');

// Building an Intl formatter costs far more than using one: a queue of 50 rows would build hundreds.
const formatters = new Map<string, Intl.DateTimeFormat | Intl.NumberFormat>();
function cached<F extends Intl.DateTimeFormat | Intl.NumberFormat>(key: string, make: () => F): F {
  let f = formatters.get(key) as F | undefined;
  if (!f) {
    f = make();
    formatters.set(key, f);
  }
  return f;
}

export function formatDateTime(iso: string | null | undefined, lang: string): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  return cached(`dt:${lang}`, () => new Intl.DateTimeFormat(locale(lang), { timeZone: TIME_ZONE, dateStyle: 'medium', timeStyle: 'short' })).format(d);
}

export function formatNumber(n: number | null | undefined, lang: string, digits = 0): string {
  if (n === null || n === undefined) return '—';
  return cached(`n:${lang}:${digits}`, () => new Intl.NumberFormat(locale(lang), { maximumFractionDigits: digits })).format(n);
}

export function formatPercent(share: number | null | undefined, lang: string): string {
  if (share === null || share === undefined) return '—';
  return cached(`p:${lang}`, () => new Intl.NumberFormat(locale(lang), { style: 'percent', maximumFractionDigits: 1 })).format(share);
}

/** "3 giờ", "2 ngày": a count of a unit, in words of the language. */
export function formatUnit(n: number, unit: 'day' | 'hour' | 'minute', lang: string): string {
  return cached(`u:${lang}:${unit}`, () => new Intl.NumberFormat(locale(lang), { style: 'unit', unit, unitDisplay: 'long' })).format(n);
}
