/**
 * The signal channel on which the backend announces new health results, so
 * the card and the fleet page reload without waiting for their next poll.
 * @public
 */
export const DIRECTORY_HEALTH_SIGNAL_CHANNEL = 'directory:health';

/**
 * A message on {@link DIRECTORY_HEALTH_SIGNAL_CHANNEL}: which instance has a
 * new result. It carries no status; clients read the result through the API,
 * which applies the permissions.
 * @public
 */
export type DirectoryHealthSignal = {
  entityRef: string;
  /** ISO 8601 time of the new result. */
  checkedAt: string;
};
