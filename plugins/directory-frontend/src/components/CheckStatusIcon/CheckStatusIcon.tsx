import {
  StatusError,
  StatusOK,
  StatusPending,
  StatusWarning,
} from '@backstage/core-components';
import { CheckStatus } from '@directory-ops/plugin-directory-common';

/** How each status reads next to its icon. */
export const CHECK_STATUS_LABELS: Record<CheckStatus, string> = {
  ok: 'OK',
  warning: 'Warning',
  error: 'Error',
  unknown: 'Unknown',
};

/** The status icon of a check or an instance, with its label. */
export function CheckStatusIcon(props: { status: CheckStatus }) {
  const label = CHECK_STATUS_LABELS[props.status];
  switch (props.status) {
    case 'ok':
      return <StatusOK>{label}</StatusOK>;
    case 'warning':
      return <StatusWarning>{label}</StatusWarning>;
    case 'error':
      return <StatusError>{label}</StatusError>;
    default:
      return <StatusPending>{label}</StatusPending>;
  }
}
