import { Flex, Text } from '@backstage/ui';
import { CheckResult } from '@directory-ops/plugin-directory-common';
import { CheckStatusIcon } from '../CheckStatusIcon';

function CheckRow(props: { check: CheckResult }) {
  const { check } = props;
  const needsAction = check.status === 'warning' || check.status === 'error';
  return (
    <Flex
      direction="column"
      gap="1"
      data-testid={`directory-check-${check.id}`}
      data-status={check.status}
      style={{ paddingBlock: 'var(--bui-space-2)' }}
    >
      <Flex gap="2" align="center" justify="between">
        <Text variant="body-medium" weight="bold">
          {check.title}
        </Text>
        <CheckStatusIcon status={check.status} />
      </Flex>
      <Text variant="body-small">{check.summary}</Text>
      {needsAction && check.remediation && (
        <Text
          variant="body-small"
          color={check.status === 'error' ? 'danger' : 'warning'}
          data-testid={`directory-remediation-${check.id}`}
        >
          Remediation: {check.remediation}
        </Text>
      )}
    </Flex>
  );
}

/** One row per check: status icon, summary and, when it fails, what to do. */
export function CheckList(props: { checks: CheckResult[] }) {
  return (
    <Flex direction="column" gap="0">
      <Text variant="title-x-small" as="h3">
        Checks
      </Text>
      {props.checks.map(check => (
        <CheckRow key={check.id} check={check} />
      ))}
    </Flex>
  );
}
