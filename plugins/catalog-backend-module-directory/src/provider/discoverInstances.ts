import type { LoggerService } from '@backstage/backend-plugin-api';
import {
  ClusterApis,
  customObjectPage,
  isNotFound,
  listAllPages,
} from '@directory-ops/plugin-directory-node';
import {
  APISERVER_COMPONENT,
  apiserverResourceName,
  CHART_INSTANCE_LABEL,
  chartLabelSelector,
  DIRCTL_COMPONENT,
  FederationProfile,
  HOST_PREFIXES,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import type {
  V1ConfigMap,
  V1CronJob,
  V1Deployment,
  V1Ingress,
} from '@kubernetes/client-node';
import { parse as parseYaml } from 'yaml';

/**
 * What the provider learns about one Directory instance in a cluster.
 * @public
 */
export interface DiscoveredInstance {
  cluster: string;
  namespace: string;
  release: string;
  trustDomain: string;
  federationProfile: FederationProfile;
  baseDomain: string;
  adminNamespace?: string;
  /** Tag of the apiserver image, e.g. `v1.7.0`. */
  releaseVersion?: string;
  argocdAppName?: string;
}

const ARGOCD_TRACKING_ID = 'argocd.argoproj.io/tracking-id';
const ARGOCD_INSTANCE_LABEL = 'argocd.argoproj.io/instance';
const SSL_PASSTHROUGH = 'nginx.ingress.kubernetes.io/ssl-passthrough';
const SERVER_ADDRESS_ENV = 'DIRECTORY_CLIENT_SERVER_ADDRESS';
const SPIFFE_ID = /^spiffe:\/\/([^/{}]+)\//;

interface ClusterSpiffeId {
  metadata?: { name?: string };
  spec?: { spiffeIDTemplate?: string };
}

/** The trust domain a SPIFFE ID template is bound to, if it is literal. */
function trustDomainOfTemplate(
  template: string | undefined,
): string | undefined {
  return template?.match(SPIFFE_ID)?.[1];
}

/**
 * The trust domain in the apiserver ConfigMap: a `trust_domain` key of
 * `server.config.yml`, or the first subject of `authz_policies.csv`.
 */
function trustDomainOfConfigMap(
  configMap: V1ConfigMap | undefined,
): string | undefined {
  const data = configMap?.data ?? {};
  const found: string[] = [];
  const walk = (node: unknown) => {
    if (node && typeof node === 'object') {
      for (const [key, value] of Object.entries(node)) {
        if (key === 'trust_domain' && typeof value === 'string') {
          found.push(value);
        } else {
          walk(value);
        }
      }
    }
  };
  if (data['server.config.yml']) {
    walk(parseYaml(data['server.config.yml']));
  }
  const policy = data['authz_policies.csv']
    ?.split('\n')
    .map(line => line.split(',').map(f => f.trim()))
    .find(([type, subject]) => type === 'p' && subject && subject !== '*');
  return [...found, policy?.[1]].find(
    td => td !== undefined && validateTrustDomain(td).length === 0,
  );
}

function imageTag(deployment: V1Deployment): string | undefined {
  const image = deployment.spec?.template.spec?.containers.find(
    c => c.name === APISERVER_COMPONENT,
  )?.image;
  return image?.split('@')[0].match(/:([^:/]+)$/)?.[1];
}

function argocdAppName(
  ...objects: Array<{ metadata?: V1Deployment['metadata'] }>
) {
  for (const o of objects) {
    const label = o.metadata?.labels?.[ARGOCD_INSTANCE_LABEL];
    const tracking =
      o.metadata?.annotations?.[ARGOCD_TRACKING_ID]?.split(':')[0];
    if (label || tracking) {
      return label || tracking;
    }
  }
  return undefined;
}

/** Whether a dirctl CronJob belongs to the release in `namespace`. */
function cronJobTargets(
  cronJob: V1CronJob,
  release: string,
  namespace: string,
) {
  if (cronJob.metadata?.labels?.[CHART_INSTANCE_LABEL] === release) {
    return true;
  }
  const containers =
    cronJob.spec?.jobTemplate.spec?.template.spec?.containers ?? [];
  const address = containers
    .flatMap(c => c.env ?? [])
    .find(e => e.name === SERVER_ADDRESS_ENV)?.value;
  const service = apiserverResourceName(release);
  return (
    !!address &&
    (address.startsWith(`${service}.${namespace}.`) ||
      address.startsWith(`${service}.${namespace}:`))
  );
}

/**
 * Finds the Directory instances of one cluster: every apiserver Deployment
 * (`app.kubernetes.io/name=apiserver`, all namespaces), with its trust
 * domain (ClusterSPIFFEID `<release>-apiserver`, else the ConfigMap
 * `<release>-apiserver`), base domain (Ingress `<release>-apiserver`,
 * `api.<base>`), federation profile (the `spire.<base>` Ingress: SSL
 * passthrough means `https_spiffe`, otherwise `https_web`) and admin
 * namespace (dirctl CronJobs of the release). Instances without a trust
 * domain or base domain are skipped with a warning.
 *
 * @public
 */
export async function discoverDirectoryInstances(
  cluster: string,
  apis: ClusterApis,
  logger: LoggerService,
): Promise<DiscoveredInstance[]> {
  const [deployments, spiffeIds, ingresses, cronJobs] = await Promise.all([
    listAllPages('Deployment', page =>
      apis.apps.listDeploymentForAllNamespaces({
        labelSelector: chartLabelSelector(APISERVER_COMPONENT),
        ...page,
      }),
    ),
    listAllPages('clusterspiffeids.spire.spiffe.io', async page =>
      customObjectPage<ClusterSpiffeId>(
        await apis.custom.listClusterCustomObject({
          group: 'spire.spiffe.io',
          version: 'v1alpha1',
          plural: 'clusterspiffeids',
          ...page,
        }),
      ),
    ).catch((error: unknown) => {
      if (isNotFound(error)) {
        return [];
      }
      throw error;
    }),
    listAllPages('Ingress', page =>
      apis.networking.listIngressForAllNamespaces(page),
    ),
    listAllPages('CronJob', page =>
      apis.batch.listCronJobForAllNamespaces({
        labelSelector: chartLabelSelector(DIRCTL_COMPONENT),
        ...page,
      }),
    ),
  ]);

  const instances: DiscoveredInstance[] = [];
  for (const deployment of deployments) {
    const namespace = deployment.metadata?.namespace;
    const release = deployment.metadata?.labels?.[CHART_INSTANCE_LABEL];
    if (!namespace || !release) {
      continue;
    }
    const resourceName = apiserverResourceName(release);
    let configMap: V1ConfigMap | undefined;
    let trustDomain = trustDomainOfTemplate(
      spiffeIds.find(s => s.metadata?.name === resourceName)?.spec
        ?.spiffeIDTemplate,
    );
    if (!trustDomain) {
      configMap = await apis.core
        .readNamespacedConfigMap({ name: resourceName, namespace })
        .catch((error: unknown) => {
          if (isNotFound(error)) {
            return undefined;
          }
          throw error;
        });
      trustDomain = trustDomainOfConfigMap(configMap);
    }
    if (!trustDomain) {
      logger.warn(
        `Skipping Directory release ${release} in ${cluster}/${namespace}: no trust domain in ClusterSPIFFEID ${resourceName} or ConfigMap ${resourceName}`,
      );
      continue;
    }

    const apiIngress = ingresses.find(
      (i: V1Ingress) =>
        i.metadata?.namespace === namespace &&
        i.metadata?.name === resourceName,
    );
    const apiHost = apiIngress?.spec?.rules
      ?.map(r => r.host)
      .find(h => h?.startsWith(`${HOST_PREFIXES.api}.`));
    const baseDomain = apiHost?.slice(HOST_PREFIXES.api.length + 1);
    if (!baseDomain) {
      logger.warn(
        `Skipping Directory release ${release} in ${cluster}/${namespace}: Ingress ${resourceName} has no ${HOST_PREFIXES.api}.<base domain> host`,
      );
      continue;
    }
    const spireIngress = ingresses.find((i: V1Ingress) =>
      i.spec?.rules?.some(
        r => r.host === `${HOST_PREFIXES.spire}.${baseDomain}`,
      ),
    );
    const federationProfile: FederationProfile =
      spireIngress?.metadata?.annotations?.[SSL_PASSTHROUGH] === 'true'
        ? 'https_spiffe'
        : 'https_web';

    const adminNamespace = cronJobs.find(c =>
      cronJobTargets(c, release, namespace),
    )?.metadata?.namespace;

    instances.push({
      cluster,
      namespace,
      release,
      trustDomain,
      federationProfile,
      baseDomain,
      adminNamespace,
      releaseVersion: imageTag(deployment),
      argocdAppName: argocdAppName(
        deployment,
        ...(configMap ? [configMap] : []),
      ),
    });
  }
  return instances;
}
