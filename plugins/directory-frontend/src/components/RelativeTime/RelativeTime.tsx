import { useEffect, useState } from 'react';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** A duration as people say it: "45 s", "12 min", "2 h 10 min", "3 d 4 h". */
export function formatDuration(ms: number): string {
  const abs = Math.max(0, ms);
  if (abs < MINUTE) return `${Math.floor(abs / 1000)} s`;
  if (abs < HOUR) return `${Math.floor(abs / MINUTE)} min`;
  if (abs < DAY) {
    const h = Math.floor(abs / HOUR);
    const m = Math.floor((abs % HOUR) / MINUTE);
    return m ? `${h} h ${m} min` : `${h} h`;
  }
  const d = Math.floor(abs / DAY);
  const h = Math.floor((abs % DAY) / HOUR);
  return h ? `${d} d ${h} h` : `${d} d`;
}

/** The absolute time with its zone, for tooltips: "30/11/2026, 03:46:12 UTC". */
export function formatAbsolute(iso: string): string {
  return new Date(iso).toLocaleString(undefined, { timeZoneName: 'short' });
}

/** A clock time, with the date when it is not today: "03:46" or "28 Nov, 03:46". */
export function formatClock(iso: string, now: Date = new Date()): string {
  const date = new Date(iso);
  const time = date.toLocaleTimeString(undefined, {
    hour: '2-digit',
    minute: '2-digit',
  });
  if (date.toDateString() === now.toDateString()) return time;
  return `${date.toLocaleDateString(undefined, {
    day: 'numeric',
    month: 'short',
  })}, ${time}`;
}

/** The current time, updated every `intervalMs` so relative times stay true. */
export function useNow(intervalMs = 30_000): Date {
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = setInterval(() => setNow(new Date()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

/** "5 min ago", with the absolute time and zone on hover. */
export function RelativeTime(props: { iso: string; now?: Date }) {
  const fallbackNow = useNow();
  const now = props.now ?? fallbackNow;
  const ms = now.getTime() - new Date(props.iso).getTime();
  return (
    <time dateTime={props.iso} title={formatAbsolute(props.iso)}>
      {ms < 10_000 ? 'just now' : `${formatDuration(ms)} ago`}
    </time>
  );
}

/** "Error since 03:46 (2 h 10 min)", the clock time's full date and zone on hover. */
export function SinceTime(props: { iso: string; now?: Date }) {
  const fallbackNow = useNow();
  const now = props.now ?? fallbackNow;
  return (
    <time dateTime={props.iso} title={formatAbsolute(props.iso)}>
      {formatClock(props.iso, now)} (
      {formatDuration(now.getTime() - new Date(props.iso).getTime())})
    </time>
  );
}
