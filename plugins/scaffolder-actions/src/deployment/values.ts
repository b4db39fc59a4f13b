import { chartSelectorLabels } from '@directory-ops/plugin-directory-common';
import { CHART_PINS, ZOT_IMAGE_TAG } from '../config';
import { AppName, Layout } from './layout';
import { DeploymentPeer, DeploymentSpec } from './spec';

/**
 * Helm values of every app, as data. Keys written for the `dir` and `dirctl`
 * charts all exist in the charts' own values (see the key-path test).
 */

/** A chart reference as read by the ApplicationSet's git file generator. */
export interface ChartConfig {
  chart_repo: string;
  chart_name: string;
  chart_version: string;
}

/** `config.json` of each app. */
export function chartConfig(app: AppName, spec: DeploymentSpec): ChartConfig {
  switch (app) {
    case 'spire-crds':
      return { ...CHART_PINS.spireCrds };
    case 'spire':
      return { ...CHART_PINS.spire };
    case 'dir-secrets':
      return { ...CHART_PINS.raw };
    case 'dir':
      return {
        chart_repo: CHART_PINS.directoryRepo,
        chart_name: CHART_PINS.dir,
        chart_version: spec.releaseVersion,
      };
    default:
      return {
        chart_repo: CHART_PINS.directoryRepo,
        chart_name: CHART_PINS.dirctl,
        chart_version: spec.releaseVersion,
      };
  }
}

/**
 * The class the charts' own ClusterSPIFFEIDs are parked on. They have no
 * `federatesWith` key, and a second ClusterSPIFFEID for the same workload
 * would only mask or be masked by them, so no controller manager serves
 * this class; the identities that take effect are declared by the
 * `dir-secrets` app (see {@link workloadIdentities}).
 */
export const PARKED_CLASS_NAME = 'unclaimed';
/** Images of the Directory release (tag = `releaseVersion`). */
const IMAGES = {
  apiserver: 'ghcr.io/agntcy/dir-apiserver',
  reconciler: 'ghcr.io/agntcy/dir-reconciler',
  dirctl: 'ghcr.io/agntcy/dir-ctl',
} as const;
const API_PORT = 8888;
const ROUTING_PORT = 5555;
const METRICS_PORT = 9090;
const AUTHZ_POLICY_PATH = '/etc/agntcy/dir/authz_policies.csv';
const SPIRE_SOCKET = 'unix:///run/spire/agent-sockets/api.sock';
const DATASTORE_DIR = '/etc/routing/datastore';
const NODE_KEY_PATH = '/etc/routing/node.privkey';
const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';
const CERT_MANAGER_ISSUER = 'cert-manager.io/cluster-issuer';
const SSL_PASSTHROUGH = 'nginx.ingress.kubernetes.io/ssl-passthrough';
const BACKEND_PROTOCOL = 'nginx.ingress.kubernetes.io/backend-protocol';

/** Pod security used by the Directory deployments (distroless, uid 65532). */
const POD_SECURITY_CONTEXT = {
  fsGroup: 65532,
  runAsUser: 65532,
  runAsGroup: 65532,
  runAsNonRoot: true,
  seccompProfile: { type: 'RuntimeDefault' },
};
const CONTAINER_SECURITY_CONTEXT = {
  allowPrivilegeEscalation: false,
  readOnlyRootFilesystem: true,
  capabilities: { drop: ['ALL'] },
};

function peerSpec(peer: DeploymentPeer) {
  return {
    trustDomain: peer.trustDomain,
    bundleEndpointURL: peer.bundleEndpointURL,
    bundleEndpointProfile:
      peer.profile === 'https_spiffe'
        ? { type: 'https_spiffe', endpointSPIFFEID: peer.endpointSPIFFEID }
        : { type: 'https_web' },
    ...(peer.trustDomainBundle
      ? { trustDomainBundle: peer.trustDomainBundle }
      : {}),
  };
}

/** The ClusterFederatedTrustDomain spec of a peer, as the charts take it. */
export function federationEntry(peer: DeploymentPeer, className: string) {
  return { className, ...peerSpec(peer) };
}

/**
 * The authorization policy: the instance's own trust domain may call
 * everything; every federated caller may pull, look up and request registry
 * credentials (with the SyncService path of the `store.v1` package, which
 * the chart's default gets wrong).
 */
export function authzPolicy(spec: DeploymentSpec): string {
  return [
    `p,${spec.trustDomain},*`,
    'p,*,/agntcy.dir.store.v1.StoreService/Pull',
    'p,*,/agntcy.dir.store.v1.StoreService/PullReferrer',
    'p,*,/agntcy.dir.store.v1.StoreService/Lookup',
    'p,*,/agntcy.dir.store.v1.SyncService/RequestRegistryCredentials',
    '',
  ].join('\n');
}

/** Names of the Kubernetes Secrets the `dir-secrets` app creates from Vault. */
export function secretNames(layout: Layout) {
  const release = layout.release('dir');
  return {
    zotHtpasswd: `${release}-zot-htpasswd`,
    postgresql: layout.fullname('dir', 'postgresql'),
  };
}

function zotConfig(spec: DeploymentSpec) {
  const storage =
    spec.zot.storage === 's3'
      ? {
          rootDirectory: '/var/lib/registry',
          dedupe: false,
          gc: true,
          storageDriver: {
            name: 's3',
            region: spec.zot.region,
            bucket: spec.zot.bucket,
            secure: true,
            skipverify: false,
          },
        }
      : { rootDirectory: '/var/lib/registry', dedupe: true, gc: true };
  return {
    distSpecVersion: '1.1.1',
    storage,
    http: {
      address: '0.0.0.0',
      port: '5000',
      auth: { htpasswd: { path: '/secret/htpasswd' } },
      accessControl: {
        adminPolicy: {
          users: ['admin'],
          actions: ['read', 'create', 'update', 'delete'],
        },
        repositories: {
          '**': { anonymousPolicy: [], defaultPolicy: ['read'] },
        },
      },
    },
    log: { level: 'info' },
    extensions: {
      search: { enable: true },
      trust: { enable: true, cosign: true, notation: false },
    },
  };
}

/** Values of the `dir` chart (everything under `apiserver:`). */
export function dirValues(spec: DeploymentSpec, layout: Layout) {
  const { hosts } = spec;
  const secrets = secretNames(layout);
  const className = spec.spire.className;
  return {
    apiserver: {
      image: {
        repository: IMAGES.apiserver,
        tag: spec.releaseVersion,
        pullPolicy: 'IfNotPresent',
        pullSecrets: [],
      },
      log_level: 'INFO',
      log_format: 'json',
      grpc_logging_verbose: false,
      resources: spec.resources,
      podSecurityContext: POD_SECURITY_CONTEXT,
      securityContext: CONTAINER_SECURITY_CONTEXT,
      service: { type: 'ClusterIP', port: API_PORT },
      metrics: {
        enabled: true,
        port: METRICS_PORT,
        // The ServiceMonitor needs the Prometheus Operator CRDs (a prerequisite when on).
        serviceMonitor: spec.monitoring
          ? { enabled: true, interval: '30s', scrapeTimeout: '10s' }
          : { enabled: false },
      },
      strategy: { type: 'Recreate' },
      pvc: {
        create: true,
        storageClassName: spec.storageClass,
        size: spec.storage.routing,
      },
      spire: {
        enabled: true,
        trustDomain: spec.trustDomain,
        className: PARKED_CLASS_NAME,
        useCSIDriver: true,
        dnsNameTemplates: [hosts.api],
        // The only ClusterFederatedTrustDomains of the instance.
        federation: spec.peers.map(p => federationEntry(p, className)),
      },
      ingress: {
        enabled: true,
        className: 'nginx',
        annotations: {
          [SSL_PASSTHROUGH]: 'true',
          [BACKEND_PROTOCOL]: 'GRPCS',
          [EXTERNAL_DNS_HOSTNAME]: hosts.api,
        },
        hosts: [
          {
            host: hosts.api,
            http: {
              paths: [
                {
                  path: '/',
                  pathType: 'ImplementationSpecific',
                  backend: {
                    service: {
                      name: layout.fullname('dir', 'apiserver'),
                      port: { number: API_PORT },
                    },
                  },
                },
              ],
            },
          },
        ],
        tls: [{ hosts: [hosts.api] }],
      },
      routingService: {
        type: 'LoadBalancer',
        cloudProvider: 'aws',
        aws: { internal: false },
        externalTrafficPolicy: 'Local',
        // The chart adds these for cloudProvider aws; spelled out so the NLB is visible here.
        annotations: {
          'service.beta.kubernetes.io/aws-load-balancer-type': 'nlb',
          'service.beta.kubernetes.io/aws-load-balancer-scheme':
            'internet-facing',
          [EXTERNAL_DNS_HOSTNAME]: hosts.routing,
        },
      },
      config: {
        listen_address: `0.0.0.0:${API_PORT}`,
        authn: { enabled: true, mode: 'x509', socket_path: SPIRE_SOCKET },
        authz: { enabled: true, enforcer_policy_file_path: AUTHZ_POLICY_PATH },
        ratelimit: {
          enabled: true,
          global_rps: spec.rateLimit.globalRps,
          global_burst: spec.rateLimit.globalBurst,
          per_client_rps: spec.rateLimit.perClientRps,
          per_client_burst: spec.rateLimit.perClientBurst,
        },
        store: {
          provider: 'oci',
          oci: {
            registry_address: '',
            advertised_registry_address: hosts.zot,
            advertised_insecure: false,
            repository_name: 'dir',
            auth_config: { insecure: 'true' },
          },
        },
        routing: {
          listen_address: `/ip4/0.0.0.0/tcp/${ROUTING_PORT}`,
          key_path: NODE_KEY_PATH,
          datastore_dir: DATASTORE_DIR,
          directory_api_address: `${hosts.api}:443`,
          // Without the public network the node bootstraps its own DHT
          // instead of the chart's default public testbed peer.
          ...(spec.federatesWithPublicNetwork ? {} : { bootstrap_peers: [] }),
          gossipsub: { enabled: true },
        },
        database: {
          type: 'postgres',
          postgres: {
            host: '',
            port: 5432,
            database: 'dir',
            ssl_mode: 'disable',
          },
        },
      },
      authz_policies_csv: authzPolicy(spec),
      externalSecrets: {
        enabled: true,
        vaultPath: spec.vault.path,
        secretStore: spec.vault.secretStore,
        secretStoreKind: spec.vault.secretStoreKind,
        refreshInterval: '1h',
      },
      postgresql: {
        enabled: true,
        auth: {
          username: 'dir',
          database: 'dir',
          existingSecret: secrets.postgresql,
        },
        primary: {
          persistence: {
            enabled: true,
            storageClass: spec.storageClass,
            size: spec.storage.database,
          },
        },
      },
      reconciler: {
        image: {
          repository: IMAGES.reconciler,
          tag: spec.releaseVersion,
          pullPolicy: 'IfNotPresent',
        },
        resources: {
          requests: { cpu: '100m', memory: '256Mi' },
          limits: { cpu: '1000m', memory: '1Gi' },
        },
      },
      zot: {
        enabled: true,
        image: { tag: ZOT_IMAGE_TAG },
        // Reached through the ingress only, never on a node port.
        service: { type: 'ClusterIP' },
        persistence: true,
        pvc: {
          create: true,
          accessMode: 'ReadWriteOnce',
          storage: spec.storage.zot,
          storageClassName: spec.storageClass,
        },
        ...(spec.zot.storage === 's3' && spec.zot.roleArn
          ? {
              serviceAccount: {
                create: true,
                annotations: { 'eks.amazonaws.com/role-arn': spec.zot.roleArn },
              },
            }
          : {}),
        // The htpasswd comes from Vault through the dir-secrets app, never
        // from these values.
        mountSecret: false,
        extraVolumes: [
          { name: 'htpasswd', secret: { secretName: secrets.zotHtpasswd } },
        ],
        extraVolumeMounts: [
          { name: 'htpasswd', mountPath: '/secret', readOnly: true },
        ],
        mountConfig: true,
        configFiles: {
          'config.json': JSON.stringify(zotConfig(spec), null, 2),
        },
        ingress: {
          enabled: true,
          className: 'nginx',
          annotations: {
            [CERT_MANAGER_ISSUER]: spec.certIssuer,
            [EXTERNAL_DNS_HOSTNAME]: hosts.zot,
            'nginx.ingress.kubernetes.io/proxy-body-size': '0',
          },
          hosts: [
            {
              host: hosts.zot,
              // The chart sets the pathType itself (ingress.pathtype).
              paths: [{ path: '/' }],
            },
          ],
          tls: [
            {
              secretName: `${layout.fullname('dir', 'zot')}-tls`,
              hosts: [hosts.zot],
            },
          ],
        },
      },
    },
  };
}

/** Values of the `dirctl` chart (the dir-admin CronJobs). */
export function dirctlValues(spec: DeploymentSpec, layout: Layout) {
  return {
    image: {
      repository: IMAGES.dirctl,
      tag: spec.releaseVersion,
      pullPolicy: 'IfNotPresent',
      pullSecrets: [],
    },
    // The dirctl chart reads no trust domain: its SVID carries the SPIRE server's.
    spire: {
      enabled: true,
      className: PARKED_CLASS_NAME,
      useCSIDriver: true,
      // dirctl only calls this instance's apiserver: no federated bundles.
      federation: [],
    },
    env: [
      {
        name: 'DIRECTORY_CLIENT_SERVER_ADDRESS',
        value: `${layout.fullname('dir', 'apiserver')}.${layout.namespace(
          'dir',
        )}.svc.cluster.local:${API_PORT}`,
      },
      { name: 'DIRECTORY_CLIENT_AUTH_MODE', value: 'x509' },
    ],
    // A read-only smoke check every 15 minutes; the chart's per-minute demo
    // jobs (lookup of a fixed CID, push of an example record) stay off.
    cronjobs: {
      search: { enabled: true, schedule: '*/15 * * * *' },
      lookup: { enabled: false },
      push: { enabled: false },
      'import-mcp': { enabled: false },
    },
    configMaps: [],
    resources: {
      requests: { cpu: '50m', memory: '64Mi' },
      limits: { cpu: '100m', memory: '128Mi' },
    },
  };
}

function spireFederationIngress(spec: DeploymentSpec, layout: Layout) {
  const host = spec.hosts.spire;
  if (spec.federationProfile === 'https_web') {
    return {
      tls: {
        spire: { enabled: false },
        certManager: {
          enabled: true,
          issuer: { create: false },
          certificate: {
            issuerRef: { kind: 'ClusterIssuer', name: spec.certIssuer },
          },
        },
      },
      ingress: {
        enabled: true,
        className: 'nginx',
        host,
        // The secret the chart's federation Certificate writes.
        tlsSecret: `${layout.fullname('spire', 'server')}-federation-cert`,
        annotations: {
          [SSL_PASSTHROUGH]: 'false',
          [BACKEND_PROTOCOL]: 'HTTPS',
          'nginx.ingress.kubernetes.io/proxy-ssl-server-name': 'on',
          'nginx.ingress.kubernetes.io/proxy-ssl-name': host,
          'nginx.ingress.kubernetes.io/proxy-ssl-verify': 'off',
          'nginx.ingress.kubernetes.io/limit-rps': '100',
          'nginx.ingress.kubernetes.io/limit-burst-multiplier': '5',
          [EXTERNAL_DNS_HOSTNAME]: host,
        },
      },
    };
  }
  return {
    tls: { spire: { enabled: true }, certManager: { enabled: false } },
    ingress: {
      enabled: true,
      className: 'nginx',
      host,
      // The chart turns SSL passthrough on for ingress-nginx
      // (global.spire.ingressControllerType).
      annotations: { [EXTERNAL_DNS_HOSTNAME]: host },
    },
  };
}

/** The SPIRE CA subject; strict mode refuses the chart's defaults. */
function caSubject(spec: DeploymentSpec) {
  return {
    country: spec.spire.caSubject.country,
    organization: spec.spire.caSubject.organization,
    // X.509 limits a common name to 64 characters.
    commonName:
      spec.trustDomain.length <= 64
        ? spec.trustDomain
        : `${spec.name} SPIRE CA`,
  };
}

/** Values of the SPIRE chart for the chosen federation profile. */
export function spireValues(spec: DeploymentSpec, layout: Layout) {
  const federation = spireFederationIngress(spec, layout);
  return {
    global: {
      spire: {
        clusterName: spec.cluster.name,
        trustDomain: spec.trustDomain,
        jwtIssuer: `https://${spec.hosts.oidcDiscovery}`,
        ingressControllerType:
          spec.federationProfile === 'https_web' ? 'other' : 'ingress-nginx',
        caSubject: caSubject(spec),
        // Production settings and strict value checks, but every object in
        // the app's own namespace (the one the AppProject allows).
        recommendations: { enabled: true, namespaceLayout: false },
      },
      installAndUpgradeHooks: { enabled: false },
      deleteHooks: { enabled: false },
    },
    'spire-server': {
      caTTL: '720h',
      persistence: { storageClass: spec.storageClass },
      federation: { enabled: true, ...federation },
      controllerManager: {
        enabled: true,
        className: spec.spire.className,
        // Only identities of this class: the charts' own ClusterSPIFFEIDs
        // are parked, and other tenants' classless ones are not ours.
        watchClassless: false,
      },
    },
    'spiffe-oidc-discovery-provider': {
      enabled: true,
      config: { additionalDomains: [spec.hosts.oidcDiscovery] },
      tls: { spire: { enabled: false } },
      ingress: {
        enabled: true,
        className: 'nginx',
        host: spec.hosts.oidcDiscovery,
        tlsSecret: `${layout.fullname(
          'spire',
          'spiffe-oidc-discovery-provider',
        )}-tls`,
        annotations: {
          [CERT_MANAGER_ISSUER]: spec.certIssuer,
          [EXTERNAL_DNS_HOSTNAME]: spec.hosts.oidcDiscovery,
        },
      },
    },
  };
}

/** The SPIFFE ID every chart gives its pods (namespace and service account). */
const SPIFFE_ID_TEMPLATE =
  'spiffe://{{ .TrustDomain }}/ns/{{ .PodMeta.Namespace }}/sa/{{ .PodSpec.ServiceAccountName }}';

/**
 * The ClusterSPIFFEIDs that take effect for the instance's workloads, with
 * the federated bundles each one needs:
 *
 * - apiserver: serves federated callers (their SVIDs are checked against
 *   the peers' bundles) and dials peers when it syncs: every peer;
 * - reconciler: its regsync task pulls from the peers' registries after
 *   asking their APIs for credentials: every peer;
 * - dirctl (dir-admin): only calls this instance's apiserver: none.
 *
 * They select the same pods, service account and images as the charts'
 * own (parked) ClusterSPIFFEIDs, scoped to the release and namespace.
 */
export function workloadIdentities(spec: DeploymentSpec, layout: Layout) {
  const peers = spec.peers.map(p => p.trustDomain);
  const identity = (
    app: 'dir' | 'dir-admin',
    workload: string,
    image: string,
    extra: { federatesWith?: string[]; dnsNameTemplates?: string[] },
  ) => ({
    apiVersion: 'spire.spiffe.io/v1alpha1',
    kind: 'ClusterSPIFFEID',
    metadata: { name: `${layout.release(app)}-${workload}-svid` },
    spec: {
      className: spec.spire.className,
      spiffeIDTemplate: SPIFFE_ID_TEMPLATE,
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': layout.namespace(app) },
      },
      podSelector: {
        matchLabels: chartSelectorLabels(workload, layout.release(app)),
      },
      workloadSelectorTemplates: [
        `k8s:pod-image:${image}:${spec.releaseVersion}`,
        'k8s:sa:default',
      ],
      autoPopulateDNSNames: true,
      ...(extra.dnsNameTemplates
        ? { dnsNameTemplates: extra.dnsNameTemplates }
        : {}),
      ...(extra.federatesWith && extra.federatesWith.length > 0
        ? { federatesWith: extra.federatesWith }
        : {}),
    },
  });
  return [
    identity('dir', 'apiserver', IMAGES.apiserver, {
      federatesWith: peers,
      dnsNameTemplates: [spec.hosts.api],
    }),
    identity('dir', 'reconciler', IMAGES.reconciler, { federatesWith: peers }),
    identity('dir-admin', 'dirctl', IMAGES.dirctl, {}),
  ];
}

/**
 * Values of the `raw` chart of the dir-secrets app: ExternalSecrets for the
 * two credentials the `dir` chart's own ExternalSecret does not cover (the
 * Zot htpasswd file and the PostgreSQL sub-chart's passwords), and the
 * workload identities ({@link workloadIdentities}).
 */
export function dirSecretsValues(spec: DeploymentSpec, layout: Layout) {
  const names = secretNames(layout);
  const externalSecret = (
    name: string,
    data: Array<{ secretKey: string; property: string }>,
  ) => ({
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name, namespace: layout.namespace('dir-secrets') },
    spec: {
      refreshInterval: '1h',
      secretStoreRef: {
        name: spec.vault.secretStore,
        kind: spec.vault.secretStoreKind,
      },
      target: { name, creationPolicy: 'Owner', deletionPolicy: 'Retain' },
      data: data.map(d => ({
        secretKey: d.secretKey,
        remoteRef: { key: spec.vault.path, property: d.property },
      })),
    },
  });
  return {
    resources: [
      externalSecret(names.zotHtpasswd, [
        { secretKey: 'htpasswd', property: 'zot-htpasswd' },
      ]),
      externalSecret(names.postgresql, [
        { secretKey: 'password', property: 'postgres-password' },
        { secretKey: 'postgres-password', property: 'postgres-admin-password' },
      ]),
      ...workloadIdentities(spec, layout),
    ],
  };
}

/** The Vault properties the deployment reads from `vault.path`. */
export const VAULT_PROPERTIES = [
  'node.privkey',
  'oci-username',
  'oci-password',
  'sync-username',
  'sync-password',
  'postgres-username',
  'postgres-password',
  'postgres-admin-password',
  'zot-htpasswd',
] as const;
