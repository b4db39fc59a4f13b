import { Button, Flex, Text } from '@backstage/ui';
import { useState } from 'react';

/** A shell command inside remediation text, up to `)`, `. ` or the end. */
const COMMAND = /(?:kubectl|helm|aws|dirctl|argocd) [^)\n]*?(?=\)|\.\s|\.$|;\s|$)/g;

/** Remediation text cut into prose and commands. */
export function remediationParts(
  text: string,
): Array<{ kind: 'text' | 'command'; value: string }> {
  const parts: Array<{ kind: 'text' | 'command'; value: string }> = [];
  let last = 0;
  for (const match of text.matchAll(COMMAND)) {
    const start = match.index ?? 0;
    if (start > last) parts.push({ kind: 'text', value: text.slice(last, start) });
    parts.push({ kind: 'command', value: match[0].trim() });
    last = start + match[0].length;
  }
  if (last < text.length) parts.push({ kind: 'text', value: text.slice(last) });
  return parts;
}

function CopyableCommand(props: { command: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Flex
      align="center"
      gap="2"
      style={{
        background: 'var(--bui-bg-surface-2, #f3f3f3)',
        borderRadius: 4,
        padding: '4px 8px',
        margin: '4px 0',
      }}
    >
      <code
        data-testid="directory-remediation-command"
        style={{ flex: 1, whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}
      >
        {props.command}
      </code>
      <Button
        size="small"
        variant="tertiary"
        aria-label={`Copy ${props.command}`}
        onPress={() => {
          navigator.clipboard?.writeText(props.command).then(
            () => setCopied(true),
            () => setCopied(false),
          );
        }}
      >
        {copied ? 'Copied' : 'Copy'}
      </Button>
    </Flex>
  );
}

/** What to do about a failing check, its commands as copyable code. */
export function Remediation(props: { checkId: string; text: string }) {
  return (
    <div data-testid={`directory-remediation-${props.checkId}`}>
      <Text variant="body-small" weight="bold" as="span">
        What to do:{' '}
      </Text>
      {remediationParts(props.text).map((part, index) =>
        part.kind === 'command' ? (
          <CopyableCommand key={index} command={part.value} />
        ) : (
          <Text key={index} variant="body-small" as="span">
            {part.value}
          </Text>
        ),
      )}
    </div>
  );
}
