import { Text } from '@backstage/ui';
import { ReactNode } from 'react';

/** `certificateSubject` → "Certificate subject". */
function labelOf(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function renderValue(value: unknown): ReactNode {
  if (value === null || value === undefined) return '—';
  if (Array.isArray(value)) {
    if (value.length === 0) return 'none';
    if (value.every(v => typeof v !== 'object' || v === null)) {
      return (
        <ul style={{ margin: 0, paddingLeft: '1.2rem' }}>
          {value.map((v, i) => (
            <li key={i}>
              <code style={{ wordBreak: 'break-all' }}>{String(v)}</code>
            </li>
          ))}
        </ul>
      );
    }
    return (
      <div>
        {value.map((v, i) => (
          <div key={i} style={{ borderLeft: '2px solid #ccc', paddingLeft: 8, marginBottom: 4 }}>
            {renderValue(v)}
          </div>
        ))}
      </div>
    );
  }
  if (typeof value === 'object') {
    return <DetailList details={value as Record<string, unknown>} />;
  }
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  return <code style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-all' }}>{String(value)}</code>;
}

function DetailList(props: { details: Record<string, unknown> }) {
  return (
    <dl style={{ margin: 0, display: 'grid', gridTemplateColumns: 'minmax(9rem, max-content) 1fr', gap: '2px 12px' }}>
      {Object.entries(props.details).map(([key, value]) => (
        <div key={key} style={{ display: 'contents' }}>
          <dt>
            <Text variant="body-small" color="secondary">
              {labelOf(key)}
            </Text>
          </dt>
          <dd style={{ margin: 0, fontSize: '0.8125rem' }}>{renderValue(value)}</dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * The details a check returned (pod, log line, certificate subject and SANs,
 * …), rendered from their shape so a check added by any module shows them.
 */
export function CheckDetails(props: {
  checkId: string;
  details?: Record<string, unknown>;
}) {
  if (!props.details || Object.keys(props.details).length === 0) return null;
  return (
    <div data-testid={`directory-check-details-${props.checkId}`}>
      <DetailList details={props.details} />
    </div>
  );
}
