export {
  formatAbsolute,
  formatClock,
  formatDuration,
  RelativeTime,
  SinceTime,
  useNow,
} from './RelativeTime';
