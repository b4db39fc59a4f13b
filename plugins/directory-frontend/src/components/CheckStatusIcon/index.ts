export { CheckStatusIcon, CHECK_STATUS_LABELS } from './CheckStatusIcon';
