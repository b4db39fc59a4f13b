import { FakeKubernetesApi } from '../kubernetes/FakeKubernetesApi';
import { runDueSchedules } from '../scenarios/cronJobs';
import {
  appendSvidLogLines,
  SeededInstance,
  seedDirectoryInstance,
} from '../scenarios/seedDirectoryInstance';
import {
  createCertificateAuthority,
  issueIngressFakeCertificate,
  issueSvid,
} from '../tls/certificates';
import { startTlsEndpoint, TlsEndpoint } from '../tls/startTlsEndpoint';

/** The cluster name the demo's app-config gives the simulated cluster. @public */
export const SIMULATED_CLUSTER_NAME = 'simulated-eks-1';

/**
 * Options of {@link startSimulatedCluster}.
 * @public
 */
export interface SimulatedClusterOptions {
  /** Default 6443. */
  kubernetesPort?: number;
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
  kubernetes: FakeKubernetesApi;
  /** Keyed by API host, e.g. `api.acme.com`. */
  tlsEndpoints: Record<string, { port: number }>;
  /** The healthy instance, the broken one, then the unregistered one. */
  instances: SeededInstance[];
  /** One line saying where everything listens. */
  summary: string;
  close(): Promise<void>;
}

/**
 * Starts the demo's cluster: one fake Kubernetes API with three Directory
 * instances, a healthy one (`acme.com`, its API answering with a valid SVID),
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
  const kubernetes = await FakeKubernetesApi.start({
    port: options.kubernetesPort ?? 6443,
    token: options.token ?? 'simulated-cluster-token',
  });
  const endpoints: TlsEndpoint[] = [];
  try {
    const healthy = seedDirectoryInstance(kubernetes, {
      release: 'dir-dir-prod-argoapp',
      namespace: 'dir-prod-dir',
      adminNamespace: 'dir-prod-dir-admin',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
    const broken = seedDirectoryInstance(kubernetes, {
      release: 'dir-dir-globex-argoapp',
      namespace: 'dir-globex-dir',
      adminNamespace: 'dir-globex-dir-admin',
      trustDomain: 'globex.io',
      baseDomain: 'globex.io',
      faults: { cronjob: 'failed' },
    });
    // Registered nowhere: the catalog's discovery provider finds it.
    const discovered = seedDirectoryInstance(kubernetes, {
      release: 'dir-dir-initech-argoapp',
      namespace: 'dir-initech-dir',
      adminNamespace: 'dir-initech-dir-admin',
      trustDomain: 'initech.dev',
      baseDomain: 'initech.dev',
    });
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

    const failingCronJob = broken.cronJobs[0];
    const refresh = () => {
      const now = new Date();
      for (const instance of [healthy, broken, discovered]) {
        appendSvidLogLines(kubernetes, instance, 'success', now);
        for (const cronJob of instance.cronJobs) {
          runDueSchedules(kubernetes, instance.adminNamespace!, cronJob, {
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
      tlsEndpoints: {
        [healthy.apiHost]: { port: healthyEndpoint.port },
        [broken.apiHost]: { port: brokenEndpoint.port },
        [discovered.apiHost]: { port: discoveredEndpoint.port },
      },
      instances: [healthy, broken, discovered],
      summary:
        `simulated cluster ready: kubernetes ${kubernetes.url}, ` +
        `${healthy.apiHost} -> ${healthyEndpoint.host}:${healthyEndpoint.port}, ` +
        `${broken.apiHost} -> ${brokenEndpoint.host}:${brokenEndpoint.port}, ` +
        `${discovered.apiHost} -> ${discoveredEndpoint.host}:${discoveredEndpoint.port}`,
      async close() {
        clearInterval(timer);
        await Promise.all([
          kubernetes.close(),
          ...endpoints.map(e => e.close()),
        ]);
      },
    };
  } catch (error) {
    await Promise.all([kubernetes.close(), ...endpoints.map(e => e.close())]);
    throw error;
  }
}
