/*
 * Test fixtures: a Directory instance, the Kubernetes objects its chart
 * renders, and a check context wired to a FakeKubernetesApi through the real
 * ClusterConnector and client-node.
 */
import type { DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import type { Entity } from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import {
  directoryHosts,
  DirectoryInstance,
  toDirectoryInstanceEntity,
} from '@directory-ops/plugin-directory-common';
import {
  ClusterConnector,
  DirectoryCheckContext,
  DirectoryDnsReader,
} from '@directory-ops/plugin-directory-node';
import {
  FakeKubernetesApi,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import type { Knex } from 'knex';
import { ClusterSnapshot } from '../cluster/ClusterSnapshot';
import {
  ContainerLogState,
  ContainerLogStateStore,
  SvidLogTracker,
} from '../cluster/SvidLogTracker';
import type { ProbeSettings } from '../config';
import { Route53RecordReader } from '../dns/Route53RecordReader';
import { TlsProbe } from '../probe/TlsProbe';

export const NAMESPACE = 'dir-prod';
export const ADMIN_NAMESPACE = 'dir-prod-admin';
export const RELEASE = 'dir';
export const TRUST_DOMAIN = 'dir.acme.com';
export const BASE_DOMAIN = 'acme.com';

/** A Directory instance on cluster `cluster` (default `eks-prod`). */
export function testInstance(
  overrides: Partial<DirectoryInstance> = {},
): DirectoryInstance {
  const baseDomain = overrides.baseDomain ?? BASE_DOMAIN;
  return {
    entityRef: 'resource:default/dir-prod',
    title: 'Directory prod',
    trustDomain: TRUST_DOMAIN,
    federationProfile: 'https_web',
    baseDomain,
    hosts: directoryHosts(baseDomain),
    cluster: 'eks-prod',
    namespace: NAMESPACE,
    adminNamespace: ADMIN_NAMESPACE,
    release: RELEASE,
    federatedPeers: [],
    ...overrides,
  };
}

/** `kubernetes.clusterLocatorMethods` config for fake API servers by cluster name. */
export function clusterConfig(clusters: Record<string, FakeKubernetesApi>) {
  return {
    kubernetes: {
      clusterLocatorMethods: [
        {
          type: 'config',
          clusters: Object.entries(clusters).map(([name, api]) => ({
            name,
            url: api.url,
            authProvider: 'serviceAccount',
            serviceAccountToken: api.token,
            caData: api.caData,
          })),
        },
      ],
    },
  };
}

/** A connector to fake API servers by cluster name. */
export function testConnector(
  clusters: Record<string, FakeKubernetesApi>,
): ClusterConnector {
  return ClusterConnector.fromConfig(
    new ConfigReader(clusterConfig(clusters)),
    {
      logger: mockServices.logger.mock(),
    },
  );
}

/** SVID log states in memory, for check tests without a database. */
export function memoryLogStates(): ContainerLogStateStore {
  const states = new Map<string, ContainerLogState>();
  return {
    getSvidLogState: async key => structuredClone(states.get(key)),
    setSvidLogState: async (key, state) => {
      states.set(key, structuredClone(state));
    },
  };
}

/** What a check test may change in {@link testCheckContext}. */
export interface TestCheckContextOptions
  extends Partial<Omit<DirectoryCheckContext, 'svidLogs' | 'tls' | 'dns'>> {
  /** The tracker behind `svidLogs`; pass one to keep state across polls. */
  svidLogs?: SvidLogTracker;
  /** The settings behind `tls`. */
  probe?: ProbeSettings & { publicTrustStore: readonly string[] };
  /** The reader behind `dns`. */
  route53?: DirectoryDnsReader;
}

/** A check context for one instance on one fake API server. */
export function testCheckContext(
  api: FakeKubernetesApi,
  options: TestCheckContextOptions = {},
): DirectoryCheckContext {
  const connector = testConnector({ 'eks-prod': api });
  const { svidLogs, probe, route53, ...overrides } = options;
  const cluster = new ClusterSnapshot('eks-prod', () =>
    connector.connect('eks-prod'),
  );
  const now = overrides.now ?? new Date();
  const tracker =
    svidLogs ??
    new SvidLogTracker({ limitBytes: 64 * 1024, states: memoryLogStates() });
  const probeSettings = probe ?? {
    allowedDomains: [BASE_DOMAIN],
    resolve: [],
    timeoutMs: 2000,
    publicTrustStore: [],
  };
  return {
    instance: testInstance(),
    cluster,
    otherCluster: name => {
      throw new Error(`No cluster ${name} in this test`);
    },
    now,
    svidLogs: tracker.readerFor(overrides.cluster ?? cluster, now),
    tls: new TlsProbe(probeSettings, probeSettings.publicTrustStore),
    dns:
      route53 ??
      new Route53RecordReader(
        { region: 'us-east-1', endpoint: 'http://127.0.0.1:9' },
        {
          getCredentialProvider: async () => ({
            sdkCredentialProvider: async () => ({
              accessKeyId: 'AKIDTEST',
              secretAccessKey: 'test',
            }),
          }),
        },
      ),
    signal: new AbortController().signal,
    ...overrides,
  };
}

/** An ISO time `minutes` before `from` (default now). */
export function minutesAgo(minutes: number, from: Date = new Date()): string {
  return new Date(from.getTime() - minutes * 60_000).toISOString();
}

/** A running (or otherwise) apiserver pod of the release. */
export function apiserverPod(
  options: {
    name?: string;
    phase?: 'Running' | 'Pending' | 'Failed';
    startedAt?: string;
  } = {},
): KubeObject {
  const phase = options.phase ?? 'Running';
  const startedAt = options.startedAt ?? minutesAgo(60);
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: options.name ?? `${RELEASE}-apiserver-7d9f8-abcde`,
      namespace: NAMESPACE,
      labels: {
        'app.kubernetes.io/name': 'apiserver',
        'app.kubernetes.io/instance': RELEASE,
      },
    },
    spec: {
      nodeName: phase === 'Pending' ? undefined : 'ip-10-0-1-1.ec2.internal',
      containers: [
        { name: 'apiserver', image: 'ghcr.io/agntcy/dir-apiserver:v1.7.0' },
      ],
    },
    status: {
      phase,
      startTime: startedAt,
      containerStatuses: [
        {
          name: 'apiserver',
          ready: phase === 'Running',
          restartCount: 0,
          image: 'ghcr.io/agntcy/dir-apiserver:v1.7.0',
          imageID: 'ghcr.io/agntcy/dir-apiserver@sha256:0',
          containerID: `containerd://${options.name ?? 'apiserver'}-1`,
          state:
            phase === 'Running'
              ? { running: { startedAt } }
              : { waiting: { reason: 'ContainerCreating' } },
        },
      ],
    },
  };
}

/** A catalog entity for a Directory instance. */
export function instanceEntity(options: {
  name: string;
  cluster: string;
  namespace: string;
  release: string;
  adminNamespace?: string;
  trustDomain?: string;
  baseDomain?: string;
  route53HostedZoneId?: string;
}): Entity {
  return toDirectoryInstanceEntity(
    {
      trustDomain: options.trustDomain ?? TRUST_DOMAIN,
      federationProfile: 'https_web',
      baseDomain: options.baseDomain ?? BASE_DOMAIN,
      cluster: options.cluster,
      namespace: options.namespace,
      adminNamespace: options.adminNamespace,
      release: options.release,
      route53HostedZoneId: options.route53HostedZoneId,
    },
    {
      name: options.name,
      namespace: 'default',
      title: `Directory ${options.name}`,
      owner: 'group:default/platform',
    },
  );
}

/** A `DatabaseService` over a knex client (from `TestDatabases`). */
export function databaseService(knex: Knex): DatabaseService {
  return { getClient: async () => knex };
}
