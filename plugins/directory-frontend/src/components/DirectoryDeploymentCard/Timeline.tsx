import {
  CheckStatus,
  HealthTransition,
} from '@directory-ops/plugin-directory-common';
import { formatAbsolute, formatDuration } from '../RelativeTime';

/** A check that changed status more often than this in the window flaps. */
export const FLAPPING_THRESHOLD = 4;

/** One stretch of time in one status. */
export interface TimelineSegment {
  status: CheckStatus | 'none';
  from: number;
  to: number;
}

const COLORS: Record<TimelineSegment['status'], string> = {
  ok: '#2e7d32',
  warning: '#ed6c02',
  error: '#d32f2f',
  unknown: '#9e9e9e',
  none: 'transparent',
};

/**
 * The stretches of one check (or of the instance, `checkId` undefined)
 * between `from` and `to`, from its transitions (newest first) and its
 * current status.
 */
export function timelineSegments(
  transitions: HealthTransition[],
  checkId: string | undefined,
  window: { from: number; to: number },
  current: CheckStatus,
): TimelineSegment[] {
  const own = transitions
    .filter(t => t.checkId === checkId)
    .map(t => ({ ...t, time: new Date(t.at).getTime() }))
    .sort((a, b) => a.time - b.time);
  if (own.length === 0) {
    return [{ status: current, from: window.from, to: window.to }];
  }
  const segments: TimelineSegment[] = [];
  let status: TimelineSegment['status'] = own[0].previousStatus ?? 'none';
  let start = window.from;
  for (const t of own) {
    const at = Math.max(window.from, Math.min(window.to, t.time));
    if (at > start) segments.push({ status, from: start, to: at });
    status = t.status;
    start = at;
  }
  if (window.to > start) segments.push({ status, from: start, to: window.to });
  return segments;
}

/** How many times a check changed status in the window (its first record aside). */
export function changeCount(
  transitions: HealthTransition[],
  checkId: string | undefined,
): number {
  return transitions.filter(t => t.checkId === checkId && t.previousStatus)
    .length;
}

/** A thin strip of the check's statuses over the window, oldest on the left. */
export function TimelineStrip(props: {
  testId: string;
  segments: TimelineSegment[];
  window: { from: number; to: number };
}) {
  const span = props.window.to - props.window.from;
  return (
    <div
      data-testid={props.testId}
      role="img"
      aria-label={`Status over the last ${formatDuration(span)}`}
      style={{
        display: 'flex',
        height: 8,
        borderRadius: 2,
        overflow: 'hidden',
        background: '#eee',
        width: '100%',
      }}
    >
      {props.segments.map(segment => (
        <div
          key={segment.from}
          data-status={segment.status}
          title={
            segment.status === 'none'
              ? 'No record'
              : `${segment.status} from ${formatAbsolute(
                  new Date(segment.from).toISOString(),
                )} to ${formatAbsolute(new Date(segment.to).toISOString())}`
          }
          style={{
            width: `${((segment.to - segment.from) / span) * 100}%`,
            background: COLORS[segment.status],
          }}
        />
      ))}
    </div>
  );
}
