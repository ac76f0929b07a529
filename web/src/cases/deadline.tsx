import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatUnit } from '../format.ts';

/** The time now, ticking every `everyMs`: countdowns stay true while a queue is left open. */
export function useNow(everyMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs]);
  return now;
}

export type DeadlineState = 'on_time' | 'due_soon' | 'overdue';

/**
 * Where a case stands against its deadline, as the server reckons it: overdue past `due_at`, due
 * soon from `due_soon_at` (the SLA policy's last share of the window).
 */
export function deadlineState(c: { due_at: string | null; due_soon_at?: string | null; overdue: boolean }, now: number): DeadlineState | null {
  if (!c.due_at) return null;
  if (c.overdue || Date.parse(c.due_at) < now) return 'overdue';
  if (c.due_soon_at && Date.parse(c.due_soon_at) <= now) return 'due_soon';
  return 'on_time';
}

/** "3 giờ 20 phút" / "2 ngày 4 giờ": two units, enough to act on. */
export function duration(ms: number, lang: string): string {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60_000));
  const days = Math.floor(minutes / 1440);
  const hours = Math.floor((minutes % 1440) / 60);
  const mins = minutes % 60;
  const unit = (n: number, u: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(lang === 'en' ? 'en-GB' : 'vi-VN', { style: 'unit', unit: u, unitDisplay: 'long' }).format(n);
  // Under two days, hours: a 24-hour deadline reads "23 giờ 10 phút", not "1 ngày".
  if (minutes >= 2880) return [unit(days, 'day'), hours > 0 ? unit(hours, 'hour') : ''].filter(Boolean).join(' ');
  if (minutes >= 60) return [unit(Math.floor(minutes / 60), 'hour'), mins > 0 ? unit(mins, 'minute') : ''].filter(Boolean).join(' ');
  return unit(mins, 'minute');
}

/**
 * A case's deadline as a countdown that turns amber when due soon and red when overdue — in words
 * too ("Quá hạn 2 giờ"), never by colour alone — with the exact time beside it.
 */
export function Deadline({ c, open }: { c: { due_at: string | null; due_soon_at?: string | null; overdue: boolean }; open: boolean }) {
  const { t, i18n } = useTranslation();
  const now = useNow();
  if (!c.due_at) return <span className="muted">{t('desk.noDeadline')}</span>;
  const at = <time dateTime={c.due_at}>{formatDateTime(c.due_at, i18n.language)}</time>;
  if (!open) return <span className="deadline">{at}</span>;
  const state = deadlineState(c, now)!;
  const left = Date.parse(c.due_at) - now;
  return (
    <span className={`deadline ${state}`}>
      <strong>{state === 'overdue' ? t('desk.overdueBy', { time: duration(left, i18n.language) }) : t('desk.timeLeft', { time: duration(left, i18n.language) })}</strong>
      {state === 'due_soon' ? <span className="deadline-word"> · {t('desk.dueSoon')}</span> : null}
      <br />
      <small>{at}</small>
    </span>
  );
}
