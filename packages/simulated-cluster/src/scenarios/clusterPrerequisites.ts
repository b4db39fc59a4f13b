import { FakeKubernetesApi, KubeObject } from '../kubernetes/FakeKubernetesApi';

/**
 * The cluster-wide software a production Directory expects on its cluster,
 * as the upstream Helm charts of each component install it: ingress-nginx,
 * cert-manager, External Secrets Operator, the EBS CSI driver, ExternalDNS,
 * the Prometheus Operator CRDs, and optionally a SPIRE already running.
 */

/**
 * What {@link seedClusterPrerequisites} installs; every field has a
 * production-ready default.
 * @public
 */
export interface ClusterPrerequisitesOptions {
  /** `GET /version` answer; default `v1.31.4-eks-2d5f260`. */
  kubernetesVersion?: string;
  /** Whether the ingress-nginx controller runs with `--enable-ssl-passthrough`; default true. */
  sslPassthrough?: boolean;
  /** Install ingress-nginx at all; default true. */
  ingressNginx?: boolean;
  /** Install cert-manager; default true. */
  certManager?: boolean;
  /** ClusterIssuer name; default `letsencrypt-prod`. */
  clusterIssuer?: string;
  /** Whether the ClusterIssuer is Ready; default true. */
  clusterIssuerReady?: boolean;
  /** Install External Secrets Operator; default true. */
  externalSecrets?: boolean;
  /** Versions of `external-secrets.io` the CRDs serve; default `['v1', 'v1beta1']`. */
  externalSecretsVersions?: string[];
  /** ClusterSecretStore name; default `vault-backend`. */
  clusterSecretStore?: string;
  /** Whether the ClusterSecretStore is Ready; default true. */
  clusterSecretStoreReady?: boolean;
  /** Install the EBS CSI driver; default true. */
  ebsCsi?: boolean;
  /** StorageClass name; default `ebs-sc-encrypted`. */
  storageClass?: string;
  /** Whether the StorageClass sets `encrypted: "true"`; default true. */
  storageClassEncrypted?: boolean;
  /** Install ExternalDNS; default true. */
  externalDns?: boolean;
  /** Install the Prometheus Operator CRDs; default true. */
  prometheusOperator?: boolean;
  /** Run a SPIRE server (and its CSI driver) in namespace `spire-server`; default false. */
  existingSpire?: boolean;
  /** Namespaces that already exist besides the system ones. */
  namespaces?: string[];
}

const TRUE = 'True';
const FALSE = 'False';

function namespace(name: string): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name, labels: { 'kubernetes.io/metadata.name': name } },
    spec: { finalizers: ['kubernetes'] },
    status: { phase: 'Active' },
  };
}

function deployment(options: {
  namespace: string;
  name: string;
  appName: string;
  component?: string;
  image: string;
  args: string[];
  ready?: boolean;
}): KubeObject {
  const labels = {
    'app.kubernetes.io/name': options.appName,
    'app.kubernetes.io/instance': options.appName,
    ...(options.component
      ? { 'app.kubernetes.io/component': options.component }
      : {}),
  };
  const ready = options.ready === false ? 0 : 1;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, namespace: options.namespace, labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: labels },
      template: {
        metadata: { labels },
        spec: {
          containers: [
            {
              name: options.component ?? options.appName,
              image: options.image,
              args: options.args,
            },
          ],
        },
      },
    },
    status: {
      observedGeneration: 1,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: ready,
      availableReplicas: ready,
    },
  };
}

function crd(
  group: string,
  plural: string,
  kind: string,
  versions: string[],
  scope: 'Cluster' | 'Namespaced',
): KubeObject {
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${plural}.${group}` },
    spec: {
      group,
      names: { plural, kind, singular: kind.toLowerCase() },
      scope,
      versions: versions.map((name, index) => ({
        name,
        served: true,
        storage: index === 0,
      })),
    },
    status: {
      acceptedNames: { plural, kind },
      storedVersions: [versions[0]],
      conditions: [{ type: 'Established', status: TRUE }],
    },
  };
}

/** The External Secrets Operator release that serves exactly these versions. */
function esoRelease(versions: string[]): string {
  if (!versions.includes('v1')) {
    return 'v0.10.7';
  }
  return versions.includes('v1beta1') ? 'v0.16.2' : 'v0.18.2';
}

function readyCondition(ready: boolean, reason: string, message: string) {
  return {
    type: 'Ready',
    status: ready ? TRUE : FALSE,
    reason,
    message,
    lastTransitionTime: '2026-11-01T08:00:00Z',
  };
}

/**
 * Installs the prerequisites of a production Directory into the fake API,
 * as the upstream charts name and label them; options take pieces away or
 * break them. Returns the objects stored.
 * @public
 */
export function seedClusterPrerequisites(
  api: FakeKubernetesApi,
  options: ClusterPrerequisitesOptions = {},
): KubeObject[] {
  const objects: KubeObject[] = [];
  const put = (obj: KubeObject) => objects.push(api.put(obj));
  api.setVersion(options.kubernetesVersion ?? 'v1.31.4-eks-2d5f260');
  for (const name of [
    'default',
    'kube-system',
    'kube-public',
    ...(options.namespaces ?? []),
  ]) {
    put(namespace(name));
  }

  if (options.ingressNginx !== false) {
    put(namespace('ingress-nginx'));
    put(
      deployment({
        namespace: 'ingress-nginx',
        name: 'ingress-nginx-controller',
        appName: 'ingress-nginx',
        component: 'controller',
        image: 'registry.k8s.io/ingress-nginx/controller:v1.12.1',
        args: [
          '/nginx-ingress-controller',
          '--publish-service=$(POD_NAMESPACE)/ingress-nginx-controller',
          '--election-id=ingress-nginx-leader',
          '--controller-class=k8s.io/ingress-nginx',
          '--ingress-class=nginx',
          '--configmap=$(POD_NAMESPACE)/ingress-nginx-controller',
          '--validating-webhook=:8443',
          ...(options.sslPassthrough === false
            ? []
            : ['--enable-ssl-passthrough']),
        ],
      }),
    );
  }

  if (options.certManager !== false) {
    put(namespace('cert-manager'));
    put(
      deployment({
        namespace: 'cert-manager',
        name: 'cert-manager',
        appName: 'cert-manager',
        component: 'controller',
        image: 'quay.io/jetstack/cert-manager-controller:v1.16.2',
        args: ['--v=2', '--cluster-resource-namespace=$(POD_NAMESPACE)'],
      }),
    );
    put(
      crd(
        'cert-manager.io',
        'certificates',
        'Certificate',
        ['v1'],
        'Namespaced',
      ),
    );
    put(
      crd(
        'cert-manager.io',
        'clusterissuers',
        'ClusterIssuer',
        ['v1'],
        'Cluster',
      ),
    );
    const ready = options.clusterIssuerReady !== false;
    put({
      apiVersion: 'cert-manager.io/v1',
      kind: 'ClusterIssuer',
      metadata: { name: options.clusterIssuer ?? 'letsencrypt-prod' },
      spec: {
        acme: {
          server: 'https://acme-v02.api.letsencrypt.org/directory',
          email: 'platform@acme.com',
          privateKeySecretRef: { name: 'letsencrypt-prod-account-key' },
          solvers: [{ http01: { ingress: { ingressClassName: 'nginx' } } }],
        },
      },
      status: {
        conditions: [
          ready
            ? readyCondition(
                true,
                'ACMEAccountRegistered',
                'The ACME account was registered with the ACME server',
              )
            : readyCondition(
                false,
                'ErrRegisterACMEAccount',
                'Failed to register ACME account: 400 urn:ietf:params:acme:error:invalidContact: Error creating new account :: invalid contact domain',
              ),
        ],
      },
    });
  }

  if (options.externalSecrets !== false) {
    const versions = options.externalSecretsVersions ?? ['v1', 'v1beta1'];
    put(namespace('external-secrets'));
    put(
      deployment({
        namespace: 'external-secrets',
        name: 'external-secrets',
        appName: 'external-secrets',
        image: `oci.external-secrets.io/external-secrets/external-secrets:${esoRelease(
          versions,
        )}`,
        args: ['--concurrent=1', '--metrics-addr=:8080'],
      }),
    );
    for (const [plural, kind, scope] of [
      ['externalsecrets', 'ExternalSecret', 'Namespaced'],
      ['secretstores', 'SecretStore', 'Namespaced'],
      ['clustersecretstores', 'ClusterSecretStore', 'Cluster'],
    ] as const) {
      put(crd('external-secrets.io', plural, kind, versions, scope));
    }
    const ready = options.clusterSecretStoreReady !== false;
    put({
      apiVersion: `external-secrets.io/${versions[0]}`,
      kind: 'ClusterSecretStore',
      metadata: { name: options.clusterSecretStore ?? 'vault-backend' },
      spec: {
        provider: {
          vault: {
            server: 'https://vault.acme.com',
            path: 'secret',
            version: 'v2',
            auth: {
              kubernetes: {
                mountPath: 'kubernetes',
                role: 'external-secrets',
              },
            },
          },
        },
      },
      status: {
        capabilities: 'ReadWrite',
        conditions: [
          ready
            ? readyCondition(true, 'Valid', 'store validated')
            : readyCondition(
                false,
                'InvalidProviderConfig',
                'unable to log in to auth method: unable to log in with Kubernetes auth: Error making API request. Code: 403. Errors: * permission denied',
              ),
        ],
      },
    });
  }

  if (options.ebsCsi !== false) {
    put({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'ebs.csi.aws.com' },
      spec: { attachRequired: true, podInfoOnMount: false },
    });
  }
  put({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: 'gp2' },
    provisioner: 'kubernetes.io/aws-ebs',
    parameters: { type: 'gp2', fsType: 'ext4' },
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'WaitForFirstConsumer',
  });
  put({
    apiVersion: 'storage.k8s.io/v1',
    kind: 'StorageClass',
    metadata: { name: options.storageClass ?? 'ebs-sc-encrypted' },
    provisioner: 'ebs.csi.aws.com',
    parameters: {
      type: 'gp3',
      ...(options.storageClassEncrypted === false ? {} : { encrypted: 'true' }),
    },
    reclaimPolicy: 'Retain',
    allowVolumeExpansion: true,
    volumeBindingMode: 'WaitForFirstConsumer',
  });

  if (options.externalDns !== false) {
    put(namespace('external-dns'));
    put(
      deployment({
        namespace: 'external-dns',
        name: 'external-dns',
        appName: 'external-dns',
        image: 'registry.k8s.io/external-dns/external-dns:v0.15.1',
        args: [
          '--source=service',
          '--source=ingress',
          '--provider=aws',
          '--registry=txt',
          '--txt-owner-id=prod-eks-1',
        ],
      }),
    );
  }

  if (options.prometheusOperator !== false) {
    for (const [plural, kind] of [
      ['servicemonitors', 'ServiceMonitor'],
      ['podmonitors', 'PodMonitor'],
      ['prometheusrules', 'PrometheusRule'],
    ]) {
      put(crd('monitoring.coreos.com', plural, kind, ['v1'], 'Namespaced'));
    }
  }

  if (options.existingSpire) {
    put(namespace('spire-server'));
    put({
      apiVersion: 'apps/v1',
      kind: 'StatefulSet',
      metadata: {
        name: 'spire-server',
        namespace: 'spire-server',
        labels: {
          'app.kubernetes.io/name': 'server',
          'app.kubernetes.io/instance': 'spire',
          'app.kubernetes.io/component': 'server',
        },
      },
      spec: {
        replicas: 1,
        serviceName: 'spire-server',
        selector: {
          matchLabels: {
            'app.kubernetes.io/name': 'server',
            'app.kubernetes.io/instance': 'spire',
          },
        },
        template: {
          spec: {
            containers: [
              {
                name: 'spire-server',
                image: 'ghcr.io/spiffe/spire-server:1.12.4',
                args: [
                  '-expandEnv',
                  '-config',
                  '/run/spire/config/server.conf',
                ],
              },
            ],
          },
        },
      },
      status: { replicas: 1, readyReplicas: 1 },
    });
    put({
      apiVersion: 'storage.k8s.io/v1',
      kind: 'CSIDriver',
      metadata: { name: 'csi.spiffe.io' },
      spec: {
        attachRequired: false,
        podInfoOnMount: true,
        volumeLifecycleModes: ['Ephemeral'],
      },
    });
  }
  return objects;
}
