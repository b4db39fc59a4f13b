import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';
import {
  apiserverLog,
  svidRetryFailureLines,
  svidSuccessLines,
  TimedLogLine,
} from './apiserverLogs';
import { podStatus } from './apiserverPod';
import {
  APISERVER_IMAGE,
  chartLabels,
  directoryHosts,
  hex,
  nameSuffix,
  stableNumber,
  stableUid,
} from './chart';
import { seedCronJobs } from './dirctlCronJobs';
import { kubernetesTime, shift } from './kubernetesTime';
import { serverConfigData } from './serverConfig';
import { seedStorage } from './storage';
import {
  PUBLIC_AGNTCY_NETWORK,
  SeededInstance,
  SeedInstanceOptions,
} from './types';


/**
 * Creates in a {@link FakeKubernetesApi} what the `dir` and `dirctl` charts
 * create for one release on EKS, healthy unless `faults` say otherwise.
 * @public
 */
export function seedDirectoryInstance(
  api: FakeKubernetesApi,
  options: SeedInstanceOptions,
): SeededInstance {
  const now = options.now ?? new Date();
  const faults = options.faults ?? {};
  const { release, namespace, trustDomain } = options;
  const hosts = directoryHosts(options.baseDomain);
  const storageClass = options.storageClass ?? 'ebs-sc-encrypted';
  const spiffeId = `spiffe://${trustDomain}/ns/${namespace}/sa/default`;
  const installedAt = shift(now, -30 * 86400);
  const podStartedAt =
    faults.rollout === 'in-progress'
      ? shift(now, -10)
      : shift(now, -6 * 60 - 12);
  const apiserver = `${release}-apiserver`;
  const selectorLabels = {
    'app.kubernetes.io/name': 'apiserver',
    'app.kubernetes.io/instance': release,
  };
  const templateHash = nameSuffix(`${release}/${namespace}/template`, 10);
  const replicaSetName = `${apiserver}-${templateHash}`;
  const podName = `${replicaSetName}-${nameSuffix(
    `${release}/${namespace}/pod/${podStartedAt.getTime()}`,
    5,
  )}`;
  const routingPvc = `${apiserver}-pvc`;
  const pvcNames = [
    routingPvc,
    `data-${release}-postgresql-0`,
    `${release}-zot-pvc`,
  ];
  const elbHostname =
    faults.loadBalancerHostname ??
    `a${hex(`${release}/ingress`, 31)}-${
      (parseInt(hex(`${release}/elb`, 8), 16) % 9000000000) + 1000000000
    }.us-east-1.elb.amazonaws.com`;
  const nlbHostname =
    faults.loadBalancerHostname ??
    `k8s-${namespace.slice(0, 8)}-${apiserver.slice(0, 8)}-${hex(
      `${release}/nlb`,
      10,
    )}-${hex(`${release}/nlb-id`, 16)}.elb.us-east-1.amazonaws.com`;
  const common = (
    name: string,
    ns: string | undefined,
    labels: Record<string, string>,
    created = installedAt,
  ) => ({
    name,
    ...(ns ? { namespace: ns } : {}),
    labels,
    creationTimestamp: kubernetesTime(created),
    uid: stableUid(`${release}/${ns}/${name}`),
  });

  for (const ns of [namespace, options.adminNamespace].filter(
    (n): n is string => !!n,
  )) {
    api.put({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: common(ns, undefined, { 'kubernetes.io/metadata.name': ns }),
      spec: { finalizers: ['kubernetes'] },
      status: { phase: 'Active' },
    });
  }

  seedStorage(api, {
    ...options,
    now,
    storageClass,
    pvcNames,
    common,
  });

  // ConfigMap: managedFields time is when its data last changed.
  const configChangedAt = faults.configDrift
    ? shift(now, -90)
    : shift(now, -2 * 86400);
  api.put({
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: {
      ...common(apiserver, namespace, chartLabels(release, 'apiserver')),
      annotations: {
        'argocd.argoproj.io/tracking-id': `${release}:/ConfigMap:${namespace}/${apiserver}`,
      },
      managedFields: [
        {
          manager: 'argocd-controller',
          operation: 'Apply',
          apiVersion: 'v1',
          time: kubernetesTime(configChangedAt),
          fieldsType: 'FieldsV1',
          fieldsV1: {
            'f:data': {
              'f:server.config.yml': {},
              'f:authz_policies.csv': {},
              'f:reconciler.config.yml': {},
            },
          },
        },
      ],
    },
    data: serverConfigData(release, namespace, trustDomain, hosts.api),
  });

  // Deployment, ReplicaSet and pod.
  const volumes = [
    { name: 'config-volume', configMap: { name: apiserver, defaultMode: 420 } },
    {
      name: 'routing-storage',
      persistentVolumeClaim: { claimName: routingPvc },
    },
    {
      name: 'spire-agent-socket',
      csi: { driver: 'csi.spiffe.io', readOnly: true },
    },
  ];
  const container = {
    name: 'apiserver',
    image: APISERVER_IMAGE,
    imagePullPolicy: 'IfNotPresent',
    ports: [
      { name: 'grpc', containerPort: 8888, protocol: 'TCP' },
      { name: 'metrics', containerPort: 9090, protocol: 'TCP' },
      { name: 'routing', containerPort: 5555, protocol: 'TCP' },
    ],
    env: [
      { name: 'DIRECTORY_LOGGER_LOG_FORMAT', value: 'text' },
      { name: 'DIRECTORY_SERVER_AUTHZ_ENABLED', value: 'true' },
      { name: 'DIRECTORY_SERVER_AUTHZ_TRUST_DOMAIN', value: trustDomain },
    ],
    volumeMounts: [
      { name: 'config-volume', mountPath: '/etc/agntcy/dir' },
      { name: 'routing-storage', mountPath: '/etc/routing/datastore' },
      {
        name: 'spire-agent-socket',
        mountPath: '/run/spire/agent-sockets',
        readOnly: true,
      },
    ],
    readinessProbe: {
      tcpSocket: { port: 8888 },
      initialDelaySeconds: 10,
      periodSeconds: 5,
      timeoutSeconds: 3,
      failureThreshold: 6,
    },
    livenessProbe: {
      tcpSocket: { port: 8888 },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 5,
      failureThreshold: 3,
    },
  };
  const podSpec = {
    serviceAccountName: 'default',
    containers: [container],
    volumes,
  };
  const generation = 3;
  let podState: 'ready' | 'not-ready' | 'pending' = 'ready';
  if (faults.noRunningApiserver) {
    podState = 'pending';
  } else if (
    faults.rollout === 'no-ready-replicas' ||
    faults.rollout === 'in-progress'
  ) {
    podState = 'not-ready';
  }
  const rolloutAt =
    faults.rollout === 'in-progress'
      ? shift(now, -12)
      : shift(now, -6 * 60 - 20);
  const deploymentConditions =
    faults.rollout === 'no-ready-replicas' || faults.rollout === 'in-progress'
      ? [
          condition(
            'Available',
            'False',
            'MinimumReplicasUnavailable',
            'Deployment does not have minimum availability.',
            rolloutAt,
          ),
          faults.rollout === 'in-progress'
            ? condition(
                'Progressing',
                'True',
                'ReplicaSetUpdated',
                `ReplicaSet "${replicaSetName}" is progressing.`,
                rolloutAt,
              )
            : condition(
                'Progressing',
                'True',
                'NewReplicaSetAvailable',
                `ReplicaSet "${replicaSetName}" has successfully progressed.`,
                rolloutAt,
              ),
        ]
      : [
          condition(
            'Available',
            'True',
            'MinimumReplicasAvailable',
            'Deployment has minimum availability.',
            rolloutAt,
          ),
          condition(
            'Progressing',
            'True',
            'NewReplicaSetAvailable',
            `ReplicaSet "${replicaSetName}" has successfully progressed.`,
            rolloutAt,
          ),
        ];
  const deploymentReady =
    faults.rollout !== 'no-ready-replicas' && faults.rollout !== 'in-progress';
  const deployment = api.put({
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      ...common(apiserver, namespace, chartLabels(release, 'apiserver')),
      generation,
      annotations: { 'deployment.kubernetes.io/revision': String(generation) },
    },
    spec: {
      replicas: 1,
      revisionHistoryLimit: 2,
      progressDeadlineSeconds: 600,
      selector: { matchLabels: selectorLabels },
      strategy:
        faults.rollout === 'rolling-update-with-pvc'
          ? {
              type: 'RollingUpdate',
              rollingUpdate: { maxSurge: '25%', maxUnavailable: '25%' },
            }
          : { type: 'Recreate' },
      template: {
        metadata: {
          labels: selectorLabels,
          annotations: { 'checksum/config': hex(`${release}/config`, 64) },
        },
        spec: podSpec,
      },
    },
    status: {
      observedGeneration: generation,
      replicas: 1,
      updatedReplicas: 1,
      ...(deploymentReady
        ? { readyReplicas: 1, availableReplicas: 1 }
        : { unavailableReplicas: 1 }),
      conditions: deploymentConditions,
    },
  });
  const replicaSet = api.put({
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      ...common(
        replicaSetName,
        namespace,
        { ...selectorLabels, 'pod-template-hash': templateHash },
        rolloutAt,
      ),
      annotations: {
        'deployment.kubernetes.io/revision': String(generation),
        'deployment.kubernetes.io/desired-replicas': '1',
      },
      ownerReferences: [ownerReference('apps/v1', 'Deployment', deployment)],
    },
    spec: {
      replicas: 1,
      selector: {
        matchLabels: { ...selectorLabels, 'pod-template-hash': templateHash },
      },
    },
    status: {
      replicas: 1,
      fullyLabeledReplicas: 1,
      observedGeneration: 1,
      ...(deploymentReady ? { readyReplicas: 1, availableReplicas: 1 } : {}),
    },
  });
  api.put({
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      ...common(
        podName,
        namespace,
        { ...selectorLabels, 'pod-template-hash': templateHash },
        shift(podStartedAt, -4),
      ),
      ownerReferences: [ownerReference('apps/v1', 'ReplicaSet', replicaSet)],
    },
    spec: {
      ...podSpec,
      nodeName: 'ip-10-0-12-187.ec2.internal',
      restartPolicy: 'Always',
    },
    status: podStatus(podStartedAt, podState),
  });
  if (!faults.noRunningApiserver) {
    const history = faults.svid ?? 'healthy';
    for (const { at, line } of apiserverLog({
      startedAt: podStartedAt,
      now,
      spiffeId,
      history,
    })) {
      api.appendPodLog(namespace, podName, 'apiserver', line, at);
    }
  }

  // Services and Ingress.
  api.put({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: common(apiserver, namespace, chartLabels(release, 'apiserver')),
    spec: {
      type: 'ClusterIP',
      clusterIP: `172.20.${stableNumber(`${release}/svc`, 250)}.${stableNumber(
        `${release}/svc2`,
        250,
      )}`,
      selector: selectorLabels,
      ports: [
        { name: 'grpc', port: 8888, targetPort: 8888, protocol: 'TCP' },
        { name: 'metrics', port: 9090, targetPort: 9090, protocol: 'TCP' },
      ],
    },
    status: { loadBalancer: {} },
  });
  const routingService = `${apiserver}-routing`;
  api.put({
    apiVersion: 'v1',
    kind: 'Service',
    metadata: {
      ...common(routingService, namespace, chartLabels(release, 'apiserver')),
      annotations: {
        'service.beta.kubernetes.io/aws-load-balancer-type': 'external',
        'service.beta.kubernetes.io/aws-load-balancer-nlb-target-type': 'ip',
        'service.beta.kubernetes.io/aws-load-balancer-scheme':
          'internet-facing',
        'service.beta.kubernetes.io/aws-load-balancer-attributes':
          'load_balancing.cross_zone.enabled=true',
        'external-dns.alpha.kubernetes.io/hostname': hosts.routing,
      },
    },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Local',
      selector: selectorLabels,
      ports: [
        {
          name: 'routing',
          port: 5555,
          targetPort: 5555,
          protocol: 'TCP',
          nodePort: 30000 + stableNumber(`${release}/np`, 2767),
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ hostname: nlbHostname }] } },
  });
  api.put({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: {
      ...common(apiserver, namespace, chartLabels(release, 'apiserver')),
      annotations: {
        'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
        'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS',
        'external-dns.alpha.kubernetes.io/hostname': hosts.api,
      },
    },
    spec: {
      ingressClassName: 'nginx',
      rules: [
        {
          host: hosts.api,
          http: {
            paths: [
              {
                path: '/',
                pathType: 'ImplementationSpecific',
                backend: {
                  service: { name: apiserver, port: { number: 8888 } },
                },
              },
            ],
          },
        },
      ],
      tls: [{ hosts: [hosts.api] }],
    },
    status: { loadBalancer: { ingress: [{ hostname: elbHostname }] } },
  });

  // SPIRE registrations.
  api.put({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: common(apiserver, undefined, chartLabels(release, 'apiserver')),
    spec: {
      className: 'dir-spire',
      spiffeIDTemplate: `spiffe://${trustDomain}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}`,
      podSelector: {
        matchExpressions: [
          {
            key: 'app.kubernetes.io/name',
            operator: 'In',
            values: ['apiserver'],
          },
        ],
      },
      workloadSelectorTemplates: [
        `k8s:pod-image:${APISERVER_IMAGE}`,
        'k8s:sa:default',
      ],
      dnsNameTemplates: [hosts.api],
      autoPopulateDNSNames: true,
    },
    status: {
      stats: {
        namespacesSelected: 1,
        podsSelected: 1,
        podEntryRenderFailures: 0,
        entriesMasked: 0,
        entriesToSet: 1,
        entryFailures: 0,
      },
    },
  });
  for (const peer of options.federation ?? [PUBLIC_AGNTCY_NETWORK]) {
    api.put({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterFederatedTrustDomain',
      metadata: common(
        `${apiserver}-${peer.trustDomain.replace(/\./g, '-')}`,
        undefined,
        chartLabels(release, 'apiserver'),
      ),
      spec: {
        className: 'dir-spire',
        trustDomain: peer.trustDomain,
        bundleEndpointURL: peer.bundleEndpointURL,
        bundleEndpointProfile:
          peer.profile === 'https_spiffe'
            ? { type: 'https_spiffe', endpointSPIFFEID: peer.endpointSPIFFEID }
            : { type: 'https_web' },
      },
    });
  }

  const cronJobs = options.adminNamespace
    ? seedCronJobs(api, {
        release,
        namespace,
        adminNamespace: options.adminNamespace,
        now,
        fault: faults.cronjob,
        common,
      })
    : [];

  return {
    release,
    namespace,
    ...(options.adminNamespace
      ? { adminNamespace: options.adminNamespace }
      : {}),
    trustDomain,
    baseDomain: options.baseDomain,
    spiffeId,
    apiHost: hosts.api,
    apiserverDeployment: apiserver,
    apiserverPods: [podName],
    configMap: apiserver,
    pvcs: pvcNames,
    cronJobs,
    ingress: apiserver,
    routingService,
    loadBalancerHostname: elbHostname,
    routingLoadBalancerHostname: nlbHostname,
  };
}

/**
 * Appends SVID log lines to every apiserver pod of a seeded instance:
 * `success` (the SVID was obtained), `failure` (a rotation failed after
 * retries) or `no-uri-san` (SVIDs without a URI SAN, then failure).
 * @public
 */
export function appendSvidLogLines(
  api: FakeKubernetesApi,
  seeded: SeededInstance,
  kind: 'success' | 'failure' | 'no-uri-san',
  at: Date = new Date(),
): void {
  // Failed retries take about a minute; the last line is stamped `at`.
  const lines: TimedLogLine[] =
    kind === 'success'
      ? svidSuccessLines(at, seeded.spiffeId)
      : svidRetryFailureLines(at, kind, false, 'endingAt');
  for (const pod of seeded.apiserverPods) {
    for (const line of lines) {
      api.appendPodLog(seeded.namespace, pod, 'apiserver', line.line, line.at);
    }
  }
}

function condition(
  type: string,
  status: string,
  reason: string,
  message: string,
  at: Date,
) {
  return {
    type,
    status,
    reason,
    message,
    lastUpdateTime: kubernetesTime(at),
    lastTransitionTime: kubernetesTime(at),
  };
}

function ownerReference(apiVersion: string, kind: string, owner: KubeObject) {
  return {
    apiVersion,
    kind,
    name: owner.metadata.name,
    uid: owner.metadata.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}
