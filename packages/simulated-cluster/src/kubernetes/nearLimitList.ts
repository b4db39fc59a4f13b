/**
 * One running pod as the API server lists it (without `managedFields`, so
 * every byte goes through a client's typed models): two containers with
 * probes, mounts and env, status with conditions and container statuses.
 */
function realisticPod(index: number): Record<string, unknown> {
  const suffix = index.toString(36).padStart(5, '0');
  const name = `near-limit-apiserver-7d9f8c6b5-${suffix}`;
  const uid = `0c5e${suffix}-8f1a-4c2b-9d3e-${index
    .toString(16)
    .padStart(12, '0')}`;
  const started = '2026-11-28T01:00:00Z';
  const ip = `10.${(index >> 16) & 255}.${(index >> 8) & 255}.${index & 255}`;
  const container = (
    containerName: string,
    image: string,
    port: number,
  ): Record<string, unknown> => ({
    name: containerName,
    image,
    args: ['--config=/etc/agntcy/config.yml', `--listen=:${port}`],
    ports: [{ name: 'grpc', containerPort: port, protocol: 'TCP' }],
    env: [
      { name: 'DIRECTORY_SERVER_LISTEN_ADDRESS', value: `0.0.0.0:${port}` },
      { name: 'SPIFFE_ENDPOINT_SOCKET', value: 'unix:///run/spire/agent.sock' },
      {
        name: 'POD_NAME',
        valueFrom: {
          fieldRef: { apiVersion: 'v1', fieldPath: 'metadata.name' },
        },
      },
    ],
    resources: {
      limits: { cpu: '1', memory: '512Mi' },
      requests: { cpu: '100m', memory: '128Mi' },
    },
    volumeMounts: [
      { name: 'config', mountPath: '/etc/agntcy', readOnly: true },
      {
        name: 'kube-api-access-x7k2p',
        mountPath: '/var/run/secrets/kubernetes.io/serviceaccount',
        readOnly: true,
      },
    ],
    livenessProbe: {
      grpc: { port, service: '' },
      initialDelaySeconds: 10,
      periodSeconds: 10,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    readinessProbe: {
      httpGet: { path: '/readyz', port: 8080, scheme: 'HTTP' },
      periodSeconds: 5,
      timeoutSeconds: 1,
      successThreshold: 1,
      failureThreshold: 3,
    },
    securityContext: {
      allowPrivilegeEscalation: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsNonRoot: true,
    },
    terminationMessagePath: '/dev/termination-log',
    terminationMessagePolicy: 'File',
    imagePullPolicy: 'IfNotPresent',
  });
  const containerStatus = (containerName: string, image: string) => ({
    name: containerName,
    state: { running: { startedAt: started } },
    lastState: {},
    ready: true,
    restartCount: 0,
    image,
    imageID: `${image.split(':')[0]}@sha256:${suffix.repeat(12).slice(0, 64)}`,
    containerID: `containerd://${uid.replace(/-/g, '')}${containerName.length}`,
    started: true,
  });
  const condition = (type: string) => ({
    type,
    status: 'True',
    lastProbeTime: null,
    lastTransitionTime: started,
  });
  const apiserverImage = 'ghcr.io/agntcy/dir-apiserver:v1.7.0';
  const spiffeImage = 'ghcr.io/spiffe/spiffe-helper:0.10.0';
  return {
    metadata: {
      name,
      generateName: 'near-limit-apiserver-7d9f8c6b5-',
      namespace: `near-limit-${index % 50}`,
      uid,
      resourceVersion: String(100000 + index),
      creationTimestamp: started,
      labels: {
        'app.kubernetes.io/name': 'apiserver',
        'app.kubernetes.io/instance': 'near-limit',
        'app.kubernetes.io/managed-by': 'Helm',
        'helm.sh/chart': 'dir-v1.7.0',
        'pod-template-hash': '7d9f8c6b5',
      },
      annotations: {
        'checksum/config': suffix.repeat(13).slice(0, 64),
        'kubectl.kubernetes.io/restartedAt': started,
        'prometheus.io/scrape': 'true',
      },
      ownerReferences: [
        {
          apiVersion: 'apps/v1',
          kind: 'ReplicaSet',
          name: 'near-limit-apiserver-7d9f8c6b5',
          uid: '5b2d1e0f-3a4c-4e6d-8b7a-9c0d1e2f3a4b',
          controller: true,
          blockOwnerDeletion: true,
        },
      ],
    },
    spec: {
      volumes: [
        {
          name: 'config',
          configMap: { name: 'near-limit-apiserver', defaultMode: 420 },
        },
        {
          name: 'kube-api-access-x7k2p',
          projected: {
            sources: [
              {
                serviceAccountToken: { expirationSeconds: 3607, path: 'token' },
              },
              {
                configMap: {
                  name: 'kube-root-ca.crt',
                  items: [{ key: 'ca.crt', path: 'ca.crt' }],
                },
              },
            ],
            defaultMode: 420,
          },
        },
      ],
      containers: [
        container('apiserver', apiserverImage, 8888),
        container('spiffe-helper', spiffeImage, 8889),
      ],
      restartPolicy: 'Always',
      terminationGracePeriodSeconds: 30,
      dnsPolicy: 'ClusterFirst',
      serviceAccountName: 'near-limit-apiserver',
      serviceAccount: 'near-limit-apiserver',
      nodeName: `ip-10-0-${index % 200}-17.eu-west-1.compute.internal`,
      securityContext: { fsGroup: 65532, runAsUser: 65532 },
      schedulerName: 'default-scheduler',
      tolerations: [
        {
          key: 'node.kubernetes.io/not-ready',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
        {
          key: 'node.kubernetes.io/unreachable',
          operator: 'Exists',
          effect: 'NoExecute',
          tolerationSeconds: 300,
        },
      ],
      priority: 0,
      enableServiceLinks: true,
      preemptionPolicy: 'PreemptLowerPriority',
    },
    status: {
      phase: 'Running',
      conditions: [
        condition('PodReadyToStartContainers'),
        condition('Initialized'),
        condition('Ready'),
        condition('ContainersReady'),
        condition('PodScheduled'),
      ],
      hostIP: '10.0.1.17',
      hostIPs: [{ ip: '10.0.1.17' }],
      podIP: ip,
      podIPs: [{ ip }],
      startTime: started,
      containerStatuses: [
        containerStatus('apiserver', apiserverImage),
        containerStatus('spiffe-helper', spiffeImage),
      ],
      qosClass: 'Burstable',
    },
  };
}

/**
 * A valid `PodList` of realistic running pods, as large as fits in
 * `maxBytes` (the slack is under one pod, about 4 KB), with no `continue`:
 * a server that ignored `limit`.
 */
export function nearLimitPodList(
  maxBytes: number,
  resourceVersion: string,
): Buffer {
  const head = JSON.stringify({
    kind: 'PodList',
    apiVersion: 'v1',
    metadata: { resourceVersion },
  }).replace(/}$/, ',"items":[');
  const tail = ']}';
  const parts = [head];
  let size = head.length + tail.length;
  for (let index = 0; ; index++) {
    const item = `${index > 0 ? ',' : ''}${JSON.stringify(
      realisticPod(index),
    )}`;
    if (size + item.length > maxBytes) {
      break;
    }
    parts.push(item);
    size += item.length;
  }
  parts.push(tail);
  return Buffer.from(parts.join(''), 'utf8');
}
