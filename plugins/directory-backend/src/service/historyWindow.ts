import { InputError } from '@backstage/errors';

/** The window of `GET /health/history` when `from` is not given. */
const DEFAULT_HISTORY_WINDOW_MS = 24 * 60 * 60 * 1000;

function timeParameter(
  query: Record<string, unknown>,
  name: 'from' | 'to',
): Date | undefined {
  const value = query[name];
  if (value === undefined || value === '') {
    return undefined;
  }
  const date = typeof value === 'string' ? new Date(value) : undefined;
  if (!date || Number.isNaN(date.getTime())) {
    throw new InputError(
      `Query parameter ${name} must be an ISO 8601 time, e.g. 2026-11-30T03:46:00Z`,
    );
  }
  return date;
}

/**
 * The `from` and `to` of `GET /health/history`: by default the 24 hours up
 * to now; `from` after `to` is an `InputError`.
 */
export function parseHistoryWindow(
  query: Record<string, unknown>,
  now: Date,
): { from: string; to: string } {
  const to = timeParameter(query, 'to') ?? now;
  const from =
    timeParameter(query, 'from') ??
    new Date(to.getTime() - DEFAULT_HISTORY_WINDOW_MS);
  if (from.getTime() > to.getTime()) {
    throw new InputError('Query parameter from must not be after to');
  }
  return { from: from.toISOString(), to: to.toISOString() };
}
