import { Badge, Flex, Text } from '@backstage/ui';
import {
  ANNOTATION_ROUTE53_HOSTED_ZONE_ID,
  CheckResult,
  compareStatusSeverity,
  DirectoryInstance,
  HealthTransition,
} from '@directory-ops/plugin-directory-common';
import { CheckStatusIcon } from '../CheckStatusIcon';
import { SinceTime } from '../RelativeTime';
import { ArgoCdApps, argoCdAppsOf } from './ArgoCdApps';
import { CheckDetails } from './CheckDetails';
import { FederationPeers, federationPeersOf } from './FederationPeers';
import { Remediation } from './Remediation';
import {
  changeCount,
  FLAPPING_THRESHOLD,
  timelineSegments,
  TimelineStrip,
} from './Timeline';

/** A check that needs someone to act. */
export function isFailing(check: { status: string }): boolean {
  return check.status === 'error' || check.status === 'warning';
}

/** The history a check row draws its strip and flapping mark from. */
export interface CheckHistory {
  transitions: HealthTransition[];
  window: { from: number; to: number };
}

function CheckRow(props: {
  check: CheckResult;
  history?: CheckHistory;
  now: Date;
}) {
  const { check, history, now } = props;
  const failing = isFailing(check);
  const changes = history ? changeCount(history.transitions, check.id) : 0;
  const flapping = changes > FLAPPING_THRESHOLD;
  const peers =
    check.id === 'federation' ? federationPeersOf(check.details) : undefined;
  const argoCdApps =
    check.id === 'argocd' ? argoCdAppsOf(check.details) : undefined;
  return (
    <details
      open={failing}
      data-testid={`directory-check-${check.id}`}
      data-status={check.status}
      style={{
        borderBottom: '1px solid var(--bui-border, #e0e0e0)',
        paddingBlock: 'var(--bui-space-2, 8px)',
      }}
    >
      <summary style={{ cursor: 'pointer', listStyle: 'revert' }}>
        <span
          style={{
            display: 'inline-flex',
            width: 'calc(100% - 1.5rem)',
            gap: 12,
            alignItems: 'baseline',
            flexWrap: 'wrap',
          }}
        >
          <span style={{ minWidth: '6.5rem' }}>
            <CheckStatusIcon status={check.status} />
          </span>
          <Text variant="body-medium" weight="bold">
            {check.title}
          </Text>
          {flapping && (
            <Badge size="small" data-testid={`directory-flapping-${check.id}`}>
              flapping: {changes} changes
            </Badge>
          )}
          {check.since && (
            <Text
              variant="body-x-small"
              color="secondary"
              data-testid={`directory-check-since-${check.id}`}
            >
              since <SinceTime iso={check.since} now={now} />
            </Text>
          )}
          {history && (
            <span style={{ marginLeft: 'auto', width: 160, alignSelf: 'center' }}>
              <TimelineStrip
                testId={`directory-timeline-${check.id}`}
                window={history.window}
                segments={timelineSegments(
                  history.transitions,
                  check.id,
                  history.window,
                  check.status,
                )}
              />
            </span>
          )}
        </span>
        <div style={{ paddingLeft: '1.5rem' }}>
          <Text
            variant="body-small"
            data-testid={`directory-check-summary-${check.id}`}
          >
            {check.summary}
          </Text>
        </div>
      </summary>
      <Flex direction="column" gap="1" style={{ padding: '4px 0 2px 1.5rem' }}>
        {failing && check.remediation && (
          <Remediation checkId={check.id} text={check.remediation} />
        )}
        {peers && <FederationPeers peers={peers} now={now} />}
        {argoCdApps && <ArgoCdApps apps={argoCdApps} />}
        {!peers &&
          !argoCdApps &&
          check.details &&
          Object.keys(check.details).length > 0 && (
          <details>
            <summary style={{ cursor: 'pointer' }}>
              <Text variant="body-small" color="secondary" as="span">
                Details
              </Text>
            </summary>
            <CheckDetails checkId={check.id} details={check.details} />
          </details>
        )}
      </Flex>
    </details>
  );
}

/** Checks that do not run on this instance, why, and how to turn them on. */
export function offChecks(
  instance: DirectoryInstance,
  checks: CheckResult[],
): Array<{ id: string; title: string; why: string; howToEnable: string }> {
  const off = [];
  if (!instance.route53HostedZoneId && !checks.some(c => c.id === 'dns')) {
    off.push({
      id: 'dns',
      title: 'Route53 DNS records',
      why: 'Off: the entity names no Route53 hosted zone.',
      howToEnable: `Add the annotation ${ANNOTATION_ROUTE53_HOSTED_ZONE_ID}: <hosted zone id> to the entity to check the five DNS records.`,
    });
  }
  return off;
}

/** Failing checks first and open; then unknown, then ok; then the ones that are off. */
export function CheckList(props: {
  instance: DirectoryInstance;
  checks: CheckResult[];
  history?: CheckHistory;
  now: Date;
}) {
  const sorted = [...props.checks].sort((a, b) =>
    compareStatusSeverity(a.status, b.status),
  );
  return (
    <Flex direction="column" gap="0" data-testid="directory-check-list">
      {sorted.map(check => (
        <CheckRow
          key={check.id}
          check={check}
          history={props.history}
          now={props.now}
        />
      ))}
      {offChecks(props.instance, props.checks).map(off => (
        <div
          key={off.id}
          data-testid={`directory-check-off-${off.id}`}
          style={{ paddingBlock: 8, opacity: 0.85 }}
        >
          <Flex gap="3" align="baseline">
            <Text variant="body-medium" weight="bold">
              {off.title}
            </Text>
            <Text variant="body-small" color="secondary">
              {off.why}
            </Text>
          </Flex>
          <Text variant="body-x-small" color="secondary" as="div">
            {off.howToEnable}
          </Text>
        </div>
      ))}
    </Flex>
  );
}
