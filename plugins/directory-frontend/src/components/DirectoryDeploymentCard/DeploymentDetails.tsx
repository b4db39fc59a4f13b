import { configApiRef, useApi } from '@backstage/core-plugin-api';
import { Flex, Link, Tag, TagGroup, Text } from '@backstage/ui';
import {
  DirectoryHosts,
  DirectoryInstance,
  isHttpsHost,
} from '@directory-ops/plugin-directory-common';
import { ReactNode } from 'react';
import { ReleaseVersion } from './ReleaseVersion';

const HOST_LABELS: Record<keyof DirectoryHosts, string> = {
  api: 'API (gRPC, SSL passthrough)',
  zot: 'Zot registry',
  routing: 'Routing (TCP 5555)',
  spire: 'SPIRE bundle endpoint',
  oidcDiscovery: 'SPIRE OIDC discovery',
};

/** Hosts a browser can open; the gRPC API and TCP routing are not links. */
const BROWSABLE_HOSTS: Array<keyof DirectoryHosts> = [
  'zot',
  'spire',
  'oidcDiscovery',
];

const HOST_ORDER: Array<keyof DirectoryHosts> = [
  'api',
  'zot',
  'routing',
  'spire',
  'oidcDiscovery',
];

/** A label and its value on one line. */
export function Field(props: { label: string; children: ReactNode }) {
  return (
    <Flex gap="2" align="baseline">
      <Text
        variant="body-small"
        color="secondary"
        style={{ minWidth: '12rem' }}
      >
        {props.label}
      </Text>
      <Text variant="body-small" as="div">
        {props.children}
      </Text>
    </Flex>
  );
}

function ArgoCdApp(props: { appName: string }) {
  const baseUrl = useApi(configApiRef).getOptionalString(
    'directory.argocd.baseUrl',
  );
  if (!baseUrl) {
    return <>{props.appName}</>;
  }
  const href = `${baseUrl.replace(
    /\/+$/,
    '',
  )}/applications/${encodeURIComponent(props.appName)}`;
  return (
    <Link href={href} target="_blank" rel="noopener noreferrer">
      {props.appName}
    </Link>
  );
}

/** Where the instance runs: cluster, namespaces, hosts, release and Argo CD. */
export function DeploymentDetails(props: { instance: DirectoryInstance }) {
  const { instance } = props;
  return (
    <Flex direction="column" gap="1">
      <Text variant="title-x-small" as="h3">
        Deployment
      </Text>
      <Field label="Cluster">{instance.cluster}</Field>
      <Field label="Namespace">{instance.namespace}</Field>
      {instance.adminNamespace && (
        <Field label="dir-admin namespace">{instance.adminNamespace}</Field>
      )}
      <Field label="Release">{instance.release}</Field>
      <Field label="Chart version">
        <ReleaseVersion
          entityRef={instance.entityRef}
          releaseVersion={instance.releaseVersion}
        />
      </Field>
      {instance.argocdAppName && (
        <Field label="Argo CD application">
          <ArgoCdApp appName={instance.argocdAppName} />
        </Field>
      )}
      {HOST_ORDER.map(kind => (
        <Field key={kind} label={HOST_LABELS[kind]}>
          {BROWSABLE_HOSTS.includes(kind) ? (
            <Link
              href={`https://${instance.hosts[kind]}`}
              target="_blank"
              rel="noopener noreferrer"
            >
              {instance.hosts[kind]}
            </Link>
          ) : (
            <Flex gap="1" align="center">
              <code data-testid={`directory-host-${kind}`}>
                {instance.hosts[kind]}
              </code>
              <TagGroup aria-label="protocol">
                <Tag size="small">{isHttpsHost(kind) ? 'gRPC' : 'TCP'}</Tag>
              </TagGroup>
            </Flex>
          )}
        </Field>
      ))}
    </Flex>
  );
}
