import { FakeKubernetesApi } from '../kubernetes/FakeKubernetesApi';
import { FakeRoute53 } from '../route53/FakeRoute53';
import { seedClusterPrerequisites } from '../scenarios/clusterPrerequisites';
import { seedArgoCdApplication } from '../scenarios/argoCdApplications';
import { runDueSchedules } from '../scenarios/cronJobs';
import {
  appendSvidLogLines,
  seedDirectoryInstance,
} from '../scenarios/seedDirectoryInstance';
import type { SeededInstance } from '../scenarios/types';
import {
  appendBundleRefreshLines,
  seedSpireServer,
} from '../scenarios/spireServer';
import {
  createCertificateAuthority,
  issueIngressFakeCertificate,
  issueSvid,
} from '../tls/certificates';
import { startTlsEndpoint, TlsEndpoint } from '../tls/startTlsEndpoint';

/** The cluster name the demo's app-config gives the first simulated cluster. @public */
export const SIMULATED_CLUSTER_NAME = 'simulated-eks-1';

/**
 * The demo's clusters, one Directory (one SPIRE, one trust domain) on each:
 * acme.com, globex.io, and initech.dev that no catalog file registers.
 * @public
 */
export const SIMULATED_CLUSTER_NAMES = [
  'simulated-eks-1',
  'simulated-eks-2',
  'simulated-eks-3',
] as const;

/**
 * The Route53 hosted zone of acme.com in the demo; its five hosts are taken.
 * The zones of initech.com and example.com are empty.
 * @public
 */
export const SIMULATED_ACME_ZONE_ID = 'ZSIMULATEDACME';

/**
 * Options of {@link startSimulatedCluster}.
 * @public
 */
export interface SimulatedClusterOptions {
  /** The first cluster's Kubernetes API; default 6443. */
  kubernetesPort?: number;
  /** The Kubernetes APIs of the three clusters; default 6443, 6444, 6445. */
  kubernetesPorts?: [number, number, number];
  /** Where the simulated Route53 answers; default 4566. */
  route53Port?: number;
  /** Default `simulated-cluster-token`. */
  token?: string;
  /** Where `api.acme.com` answers; default 8443. */
  healthyApiPort?: number;
  /** Where `api.globex.io` answers; default 8444. */
  brokenApiPort?: number;
  /** Where `api.initech.dev` answers; default 8445. */
  discoveredApiPort?: number;
  /** How often fresh SVID log lines and CronJob runs are added; default 30 s. */
  refreshIntervalMs?: number;
}

/**
 * A running simulated cluster.
 * @public
 */
export interface SimulatedClusterHandle {
  /** The first cluster's API (acme.com). */
  kubernetes: FakeKubernetesApi;
  /** Every cluster by name, in {@link SIMULATED_CLUSTER_NAMES} order. */
  clusters: Array<{ name: string; kubernetes: FakeKubernetesApi }>;
  /** Route53 with the acme.com hosted zone and its records. */
  route53: FakeRoute53;
  /** Keyed by API host, e.g. `api.acme.com`. */
  tlsEndpoints: Record<string, { port: number }>;
  /** The healthy instance, the broken one, then the unregistered one. */
  instances: SeededInstance[];
  /** One line saying where everything listens. */
  summary: string;
  close(): Promise<void>;
}

/**
 * Starts the demo's clusters: three fake Kubernetes APIs with one Directory
 * instance each (one SPIRE, one trust domain per cluster, as on a real
 * platform), and a fake Route53 that holds acme.com's records. The instances
 * are a healthy one (`acme.com`, its API answering with a valid SVID),
 * a broken one (`globex.io`, its API answering with the ingress-nginx fake
 * certificate and its `search` CronJob failing), and a healthy one no catalog
 * file registers (`initech.dev`, for the discovery provider to find), kept
 * fresh while it runs.
 * @public
 */
export async function startSimulatedCluster(
  options: SimulatedClusterOptions = {},
): Promise<SimulatedClusterHandle> {
  const healthyApiPort = options.healthyApiPort ?? 8443;
  const brokenApiPort = options.brokenApiPort ?? 8444;
  const discoveredApiPort = options.discoveredApiPort ?? 8445;
  const ports = options.kubernetesPorts ?? [
    options.kubernetesPort ?? 6443,
    6444,
    6445,
  ];
  const apis: FakeKubernetesApi[] = [];
  const endpoints: TlsEndpoint[] = [];
  let route53: FakeRoute53 | undefined;
  const closeAll = async () => {
    await Promise.all([
      ...apis.map(api => api.close()),
      ...endpoints.map(e => e.close()),
      route53?.close(),
    ]);
  };
  try {
    for (const port of ports) {
      apis.push(
        await FakeKubernetesApi.start({
          port,
          token: options.token ?? 'simulated-cluster-token',
        }),
      );
    }
    const [kubernetes, secondCluster, thirdCluster] = apis;
    route53 = await FakeRoute53.start({ port: options.route53Port ?? 4566 });
    const healthy = seedDirectoryInstance(kubernetes, {
      release: 'dir-dir-prod-argoapp',
      namespace: 'dir-prod-dir',
      adminNamespace: 'dir-prod-dir-admin',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
    const broken = seedDirectoryInstance(secondCluster, {
      release: 'dir-dir-globex-argoapp',
      namespace: 'dir-globex-dir',
      adminNamespace: 'dir-globex-dir-admin',
      trustDomain: 'globex.io',
      baseDomain: 'globex.io',
      faults: { cronjob: 'failed' },
    });
    // Registered nowhere: the catalog's discovery provider finds it.
    const discovered = seedDirectoryInstance(thirdCluster, {
      release: 'dir-dir-initech-argoapp',
      namespace: 'dir-initech-dir',
      adminNamespace: 'dir-initech-dir-admin',
      trustDomain: 'initech.dev',
      baseDomain: 'initech.dev',
    });
    // What the clusters run besides the Directory. Globex's NGINX has no
    // SSL passthrough: the template's preflight refuses simulated-eks-2.
    seedClusterPrerequisites(kubernetes);
    seedClusterPrerequisites(secondCluster, { sslPassthrough: false });
    seedClusterPrerequisites(thirdCluster);
    // SPIRE servers and their federation: acme.com fetches both peers'
    // bundles; globex.io last fetched acme.com's long ago.
    const spireServers = [
      {
        api: kubernetes,
        server: seedSpireServer(kubernetes, {
          namespace: 'dir-prod-spire',
          release: 'spire-dir-prod-argoapp',
          trustDomain: 'acme.com',
          peers: [
            { trustDomain: 'spire.ads.outshift.io', lastRefreshMinutesAgo: 1 },
            { trustDomain: 'globex.io', lastRefreshMinutesAgo: 1 },
          ],
        }),
      },
      {
        api: secondCluster,
        server: seedSpireServer(secondCluster, {
          namespace: 'dir-globex-spire',
          release: 'spire-dir-globex-argoapp',
          trustDomain: 'globex.io',
          peers: [
            {
              trustDomain: 'acme.com',
              lastRefreshMinutesAgo: 47,
              error:
                'failed to fetch bundle: Get "https://spire.acme.com": dial tcp 203.0.113.10:443: i/o timeout',
            },
          ],
        }),
      },
    ];
    // Argo CD on each cluster: ACME's apps are synced, Globex's dir app is
    // out of sync with its GitOps repository.
    const argoApps = [
      {
        api: kubernetes,
        name: healthy.release,
        instance: 'acme-prod',
        chart: 'dir',
        namespace: healthy.namespace,
        sync: 'Synced',
        revision: '4f2c9e1a7b3d5e6f8a9b0c1d2e3f4a5b6c7d8e9f',
      },
      {
        api: kubernetes,
        name: 'acme-prod-spire',
        instance: 'acme-prod',
        chart: 'spire',
        namespace: 'spire',
        sync: 'Synced',
        revision: '4f2c9e1a7b3d5e6f8a9b0c1d2e3f4a5b6c7d8e9f',
      },
      {
        api: secondCluster,
        name: broken.release,
        instance: 'globex-prod',
        chart: 'dir',
        namespace: broken.namespace,
        sync: 'OutOfSync',
        revision: '9a8b7c6d5e4f3a2b1c0d9e8f7a6b5c4d3e2f1a0b',
      },
    ] as const;
    for (const app of argoApps) {
      seedArgoCdApplication(app.api, {
        name: app.name,
        labels: { instance: app.instance, env: 'prod' },
        chart: {
          repoURL: 'ghcr.io/agntcy/dir/helm-charts',
          name: app.chart,
          version: 'v1.7.0',
        },
        gitops: {
          repoURL: `https://github.com/${app.instance.split('-')[0]}/gitops`,
          targetRevision: 'main',
        },
        syncedRevision: app.revision,
        destination: {
          server: 'https://kubernetes.default.svc',
          namespace: app.namespace,
        },
        state: { sync: app.sync, health: 'Healthy' },
      });
    }

    const spireCa = createCertificateAuthority('SPIRE Server CA acme.com');
    endpoints.push(
      await startTlsEndpoint({
        certificate: issueSvid(spireCa, {
          trustDomain: 'acme.com',
          path: `/ns/${healthy.namespace}/sa/default`,
          dnsNames: [healthy.apiHost],
        }),
        chainPem: spireCa.certPem,
        requestClientCert: true,
        port: healthyApiPort,
      }),
    );
    endpoints.push(
      await startTlsEndpoint({
        certificate: issueIngressFakeCertificate(),
        port: brokenApiPort,
      }),
    );
    const initechCa = createCertificateAuthority('SPIRE Server CA initech.dev');
    endpoints.push(
      await startTlsEndpoint({
        certificate: issueSvid(initechCa, {
          trustDomain: 'initech.dev',
          path: `/ns/${discovered.namespace}/sa/default`,
          dnsNames: [discovered.apiHost],
        }),
        chainPem: initechCa.certPem,
        requestClientCert: true,
        port: discoveredApiPort,
      }),
    );

    // acme.com's hosts are taken in Route53: the template's DNS step
    // refuses them.
    route53.addHostedZone({ id: SIMULATED_ACME_ZONE_ID, name: 'acme.com' });
    // Zones with free names, for trying the template with a new instance.
    route53.addHostedZone({ id: 'ZSIMULATEDINITECH', name: 'initech.com' });
    route53.addHostedZone({ id: 'ZSIMULATEDEXAMPLE', name: 'example.com' });
    for (const prefix of ['api', 'zot', 'spire', 'oidc-discovery.spire']) {
      route53.addRecord(SIMULATED_ACME_ZONE_ID, {
        name: `${prefix}.acme.com`,
        type: 'A',
        aliasTarget: {
          dnsName: healthy.loadBalancerHostname,
          hostedZoneId: 'Z35SXDOTRQ7X7K',
        },
      });
    }
    route53.addRecord(SIMULATED_ACME_ZONE_ID, {
      name: 'routing.acme.com',
      type: 'A',
      aliasTarget: {
        dnsName: healthy.routingLoadBalancerHostname,
        hostedZoneId: 'Z26RNL4JYFTOTI',
      },
    });

    const failingCronJob = broken.cronJobs[0];
    const seeded = [
      { api: kubernetes, instance: healthy },
      { api: secondCluster, instance: broken },
      { api: thirdCluster, instance: discovered },
    ];
    const refresh = () => {
      const now = new Date();
      for (const { api, server } of spireServers) {
        appendBundleRefreshLines(api, server, now);
      }
      for (const { api, instance } of seeded) {
        appendSvidLogLines(api, instance, 'success', now);
        for (const cronJob of instance.cronJobs) {
          runDueSchedules(api, instance.adminNamespace!, cronJob, {
            now,
            outcome: cronJob === failingCronJob ? 'failed' : 'succeeded',
          });
        }
      }
    };
    const timer = setInterval(refresh, options.refreshIntervalMs ?? 30_000);
    timer.unref();

    const [healthyEndpoint, brokenEndpoint, discoveredEndpoint] = endpoints;
    return {
      kubernetes,
      clusters: apis.map((api, index) => ({
        name: SIMULATED_CLUSTER_NAMES[index],
        kubernetes: api,
      })),
      route53,
      tlsEndpoints: {
        [healthy.apiHost]: { port: healthyEndpoint.port },
        [broken.apiHost]: { port: brokenEndpoint.port },
        [discovered.apiHost]: { port: discoveredEndpoint.port },
      },
      instances: [healthy, broken, discovered],
      summary:
        `simulated clusters ready: kubernetes ${apis
          .map((api, i) => `${SIMULATED_CLUSTER_NAMES[i]} ${api.url}`)
          .join(', ')}, route53 ${route53.endpoint}, ` +
        `${healthy.apiHost} -> ${healthyEndpoint.host}:${healthyEndpoint.port}, ` +
        `${broken.apiHost} -> ${brokenEndpoint.host}:${brokenEndpoint.port}, ` +
        `${discovered.apiHost} -> ${discoveredEndpoint.host}:${discoveredEndpoint.port}`,
      async close() {
        clearInterval(timer);
        await closeAll();
      },
    };
  } catch (error) {
    await closeAll();
    throw error;
  }
}
