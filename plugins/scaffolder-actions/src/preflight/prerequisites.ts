import {
  ClusterApis,
  isNotFound,
} from '@directory-ops/plugin-directory-node';
import type {
  V1CustomResourceDefinition,
  V1Deployment,
} from '@kubernetes/client-node';

/**
 * The cluster prerequisites of the production guide, each read through the
 * Kubernetes API and reported with its fix.
 */

/** How a prerequisite stands. `unknown`: the cluster could not be read. */
export type PrerequisiteStatus = 'ok' | 'missing' | 'unknown';

/** One prerequisite as `directory:cluster:preflight` reports it. */
export interface PrerequisiteResult {
  id: string;
  title: string;
  status: PrerequisiteStatus;
  detail: string;
  /** What to do; empty when the prerequisite is met. */
  remediation: string;
  /** Whether the deployment cannot work without it. */
  required: boolean;
}

/** The deployment inputs the prerequisites depend on. */
export interface PreflightRequest {
  certIssuer: string;
  secretStore: string;
  secretStoreKind: 'SecretStore' | 'ClusterSecretStore';
  /** Where a namespaced `SecretStore` must live (the Directory's namespace). */
  secretStoreNamespace: string;
  storageClass: string;
  monitoring: boolean;
  reuseSpire: boolean;
  /** Namespaces the deployment creates; none may exist yet. */
  namespaces: string[];
}

/** The oldest Kubernetes minor version the production guide supports (EKS). */
export const MIN_KUBERNETES_VERSION = { major: 1, minor: 31 } as const;

/**
 * The External Secrets API group and the versions the deployment's
 * ExternalSecrets use: `v1` for the generated `dir-secrets` ones, and
 * `v1beta1` for the one the dir chart v1.7.0 renders itself
 * (`<release>-apiserver`). External Secrets Operator serves both from
 * 0.16.2 until 0.17, which drops `v1beta1`.
 */
export const EXTERNAL_SECRETS_API = {
  group: 'external-secrets.io',
  version: 'v1',
  chartVersion: 'v1beta1',
} as const;

/** The CSI driver the encrypted StorageClass must use. */
export const EBS_CSI_DRIVER = 'ebs.csi.aws.com';

/** The CSI driver of SPIRE; cluster-wide, so two SPIRE installs collide on it. */
export const SPIFFE_CSI_DRIVER = 'csi.spiffe.io';

/** The Prometheus Operator CRD the generated ServiceMonitor needs. */
export const SERVICE_MONITOR_CRD = 'servicemonitors.monitoring.coreos.com';

const SSL_PASSTHROUGH_FLAG = '--enable-ssl-passthrough';

type Outcome = Pick<PrerequisiteResult, 'status' | 'detail' | 'remediation'>;

interface Prerequisite {
  id: string;
  title: string;
  required: (request: PreflightRequest) => boolean;
  probe(apis: ClusterApis, request: PreflightRequest): Promise<Outcome>;
}

function ok(detail: string): Outcome {
  return { status: 'ok', detail, remediation: '' };
}

function missing(detail: string, remediation: string): Outcome {
  return { status: 'missing', detail, remediation };
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** Reads one object; `undefined` when the API answers 404. */
async function readOptional<T>(read: () => Promise<T>): Promise<T | undefined> {
  try {
    return await read();
  } catch (error) {
    if (isNotFound(error)) {
      return undefined;
    }
    throw error;
  }
}

interface Condition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

function readyCondition(obj: unknown): Condition | undefined {
  const conditions = (obj as { status?: { conditions?: Condition[] } })?.status
    ?.conditions;
  return conditions?.find(c => c.type === 'Ready');
}

function notReadyDetail(what: string, condition: Condition | undefined) {
  return condition
    ? `${what} is not Ready (${condition.reason ?? 'no reason'}: ${
        condition.message ?? 'no message'
      })`
    : `${what} has no Ready condition yet`;
}

function isAvailable(deployment: V1Deployment): boolean {
  return (deployment.status?.availableReplicas ?? 0) > 0;
}

function objectName(deployment: V1Deployment): string {
  return `${deployment.metadata?.namespace}/${deployment.metadata?.name}`;
}

async function deploymentsNamed(
  apis: ClusterApis,
  appName: string,
): Promise<V1Deployment[]> {
  const list = await apis.apps.listDeploymentForAllNamespaces({
    labelSelector: `app.kubernetes.io/name=${appName}`,
  });
  return list.items;
}

function servedVersions(crd: V1CustomResourceDefinition): string[] {
  return crd.spec.versions.filter(v => v.served).map(v => v.name);
}

const kubernetesVersion: Prerequisite = {
  id: 'kubernetes-version',
  title: `Kubernetes ${MIN_KUBERNETES_VERSION.major}.${MIN_KUBERNETES_VERSION.minor} or later`,
  required: () => true,
  async probe(apis) {
    const info = await apis.version.getCode();
    const [, major, minor] = /^v?(\d+)\.(\d+)/.exec(info.gitVersion) ?? [];
    if (major === undefined) {
      return {
        status: 'unknown',
        detail: `The cluster reports version '${info.gitVersion}', which is not a Kubernetes version`,
        remediation: 'Check the cluster with: kubectl version',
      };
    }
    const tooOld =
      Number(major) < MIN_KUBERNETES_VERSION.major ||
      (Number(major) === MIN_KUBERNETES_VERSION.major &&
        Number(minor) < MIN_KUBERNETES_VERSION.minor);
    return tooOld
      ? missing(
          `The cluster runs Kubernetes ${info.gitVersion}`,
          `Upgrade the cluster to Kubernetes ${MIN_KUBERNETES_VERSION.major}.${MIN_KUBERNETES_VERSION.minor} or later (EKS: aws eks update-cluster-version).`,
        )
      : ok(`The cluster runs Kubernetes ${info.gitVersion}`);
  },
};

const ingressNginxPassthrough: Prerequisite = {
  id: 'ingress-nginx-passthrough',
  title: 'NGINX ingress controller with SSL passthrough',
  required: () => true,
  async probe(apis) {
    const controllers = (await deploymentsNamed(apis, 'ingress-nginx')).filter(
      d =>
        d.spec?.template.spec?.containers.some(c =>
          (c.args ?? []).some(arg => arg.endsWith('nginx-ingress-controller')),
        ),
    );
    const install =
      'Install ingress-nginx with passthrough on: helm upgrade --install ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx -n ingress-nginx --create-namespace --set controller.extraArgs.enable-ssl-passthrough=true';
    if (controllers.length === 0) {
      return missing('No ingress-nginx controller Deployment found', install);
    }
    const running = controllers.filter(isAvailable);
    if (running.length === 0) {
      return missing(
        `The ingress-nginx controller ${controllers
          .map(objectName)
          .join(', ')} has no available replica`,
        `Check the controller pods: kubectl get pods -n ${controllers[0].metadata?.namespace} -l app.kubernetes.io/name=ingress-nginx`,
      );
    }
    const withFlag = running.filter(d =>
      d.spec?.template.spec?.containers.some(c =>
        (c.args ?? []).some(
          arg =>
            arg === SSL_PASSTHROUGH_FLAG ||
            arg === `${SSL_PASSTHROUGH_FLAG}=true`,
        ),
      ),
    );
    if (withFlag.length === 0) {
      return missing(
        `The ingress-nginx controller ${running
          .map(objectName)
          .join(
            ', ',
          )} runs without ${SSL_PASSTHROUGH_FLAG}: the Directory API would serve the ingress fake certificate instead of its SVID`,
        `Add ${SSL_PASSTHROUGH_FLAG} to the controller: helm upgrade ingress-nginx ingress-nginx --repo https://kubernetes.github.io/ingress-nginx -n ${running[0].metadata?.namespace} --reuse-values --set controller.extraArgs.enable-ssl-passthrough=true`,
      );
    }
    return ok(
      `${withFlag
        .map(objectName)
        .join(', ')} runs with ${SSL_PASSTHROUGH_FLAG}`,
    );
  },
};

const certManagerIssuer: Prerequisite = {
  id: 'cert-manager-issuer',
  title: 'cert-manager with the ClusterIssuer Ready',
  required: () => true,
  async probe(apis, { certIssuer }) {
    const crd = await readOptional(() =>
      apis.apiextensions.readCustomResourceDefinition({
        name: 'clusterissuers.cert-manager.io',
      }),
    );
    if (!crd) {
      return missing(
        'cert-manager is not installed (no ClusterIssuer CRD)',
        `Install cert-manager (helm upgrade --install cert-manager oci://quay.io/jetstack/charts/cert-manager -n cert-manager --create-namespace --set crds.enabled=true), then create the ClusterIssuer ${certIssuer}`,
      );
    }
    const issuer = await readOptional(() =>
      apis.custom.getClusterCustomObject({
        group: 'cert-manager.io',
        version: 'v1',
        plural: 'clusterissuers',
        name: certIssuer,
      }),
    );
    if (!issuer) {
      return missing(
        `ClusterIssuer ${certIssuer} does not exist`,
        `Create the ClusterIssuer ${certIssuer} (e.g. ACME with an HTTP-01 solver on ingress class nginx), or choose an existing one in certIssuer`,
      );
    }
    const ready = readyCondition(issuer);
    return ready?.status === 'True'
      ? ok(`ClusterIssuer ${certIssuer} is Ready`)
      : missing(
          notReadyDetail(`ClusterIssuer ${certIssuer}`, ready),
          `Fix the issuer: kubectl describe clusterissuer ${certIssuer}`,
        );
  },
};

const externalSecretsStore: Prerequisite = {
  id: 'external-secrets-store',
  title: `External Secrets Operator serving ${EXTERNAL_SECRETS_API.group}/${EXTERNAL_SECRETS_API.version} with the store Ready`,
  required: () => true,
  async probe(apis, request) {
    const { secretStore, secretStoreKind, secretStoreNamespace } = request;
    const apiVersion = `${EXTERNAL_SECRETS_API.group}/${EXTERNAL_SECRETS_API.version}`;
    const crd = await readOptional(() =>
      apis.apiextensions.readCustomResourceDefinition({
        name: `externalsecrets.${EXTERNAL_SECRETS_API.group}`,
      }),
    );
    if (!crd) {
      return missing(
        'External Secrets Operator is not installed (no ExternalSecret CRD)',
        `Install External Secrets Operator 0.16.x, 0.16.2 or later (helm upgrade --install external-secrets external-secrets --repo https://charts.external-secrets.io -n external-secrets --create-namespace), then create the ${secretStoreKind} ${secretStore}`,
      );
    }
    const served = servedVersions(crd);
    const servedText = served
      .map(v => `${EXTERNAL_SECRETS_API.group}/${v}`)
      .join(', ');
    if (!served.includes(EXTERNAL_SECRETS_API.version)) {
      return missing(
        `External Secrets Operator serves ${servedText}, not ${apiVersion} that the generated ExternalSecrets use`,
        'Upgrade External Secrets Operator to 0.16.2 or later within 0.16 (its CRDs too)',
      );
    }
    if (!served.includes(EXTERNAL_SECRETS_API.chartVersion)) {
      return missing(
        `External Secrets Operator serves ${servedText}, not ${EXTERNAL_SECRETS_API.group}/${EXTERNAL_SECRETS_API.chartVersion} that the dir chart renders for its own ExternalSecret (0.17 and later dropped it)`,
        'Run External Secrets Operator 0.16.x (0.16.2 or later), which serves both v1 and v1beta1, until the dir chart moves to v1',
      );
    }
    const plural =
      secretStoreKind === 'ClusterSecretStore'
        ? 'clustersecretstores'
        : 'secretstores';
    const where =
      secretStoreKind === 'ClusterSecretStore'
        ? `${secretStoreKind} ${secretStore}`
        : `${secretStoreKind} ${secretStoreNamespace}/${secretStore}`;
    const store = await readOptional(() =>
      secretStoreKind === 'ClusterSecretStore'
        ? apis.custom.getClusterCustomObject({
            group: EXTERNAL_SECRETS_API.group,
            version: EXTERNAL_SECRETS_API.version,
            plural,
            name: secretStore,
          })
        : apis.custom.getNamespacedCustomObject({
            group: EXTERNAL_SECRETS_API.group,
            version: EXTERNAL_SECRETS_API.version,
            namespace: secretStoreNamespace,
            plural,
            name: secretStore,
          }),
    );
    if (!store) {
      return missing(
        `${where} does not exist`,
        `Create the ${where} pointing at your Vault, or choose an existing store in vault.secretStore`,
      );
    }
    const ready = readyCondition(store);
    return ready?.status === 'True'
      ? ok(`${where} is Ready (${apiVersion} served)`)
      : missing(
          notReadyDetail(where, ready),
          `Fix the store: kubectl describe ${secretStoreKind.toLowerCase()} ${secretStore}${
            secretStoreKind === 'SecretStore'
              ? ` -n ${secretStoreNamespace}`
              : ''
          }`,
        );
  },
};

const ebsStorageClass: Prerequisite = {
  id: 'ebs-csi-storage-class',
  title: 'EBS CSI driver and an encrypted StorageClass',
  required: () => true,
  async probe(apis, { storageClass }) {
    const driver = await readOptional(() =>
      apis.storage.readCSIDriver({ name: EBS_CSI_DRIVER }),
    );
    if (!driver) {
      return missing(
        `The EBS CSI driver (${EBS_CSI_DRIVER}) is not installed`,
        `Install the EBS CSI driver add-on: aws eks create-addon --cluster-name <cluster> --addon-name aws-ebs-csi-driver, then create the StorageClass ${storageClass} (provisioner ${EBS_CSI_DRIVER}, parameters.encrypted: "true")`,
      );
    }
    const sc = await readOptional(() =>
      apis.storage.readStorageClass({ name: storageClass }),
    );
    const create = `Create the StorageClass ${storageClass} with provisioner ${EBS_CSI_DRIVER}, parameters type: gp3 and encrypted: "true", volumeBindingMode: WaitForFirstConsumer`;
    if (!sc) {
      return missing(`StorageClass ${storageClass} does not exist`, create);
    }
    if (sc.provisioner !== EBS_CSI_DRIVER) {
      return missing(
        `StorageClass ${storageClass} uses provisioner ${sc.provisioner}, not ${EBS_CSI_DRIVER}`,
        create,
      );
    }
    if (sc.parameters?.encrypted !== 'true') {
      return missing(
        `StorageClass ${storageClass} does not encrypt its volumes (parameters.encrypted is not "true")`,
        `StorageClass parameters cannot be changed: ${create.replace(
          'Create',
          'create a new',
        )}, and set storageClass to it`,
      );
    }
    return ok(
      `StorageClass ${storageClass} provisions encrypted EBS volumes through ${EBS_CSI_DRIVER}`,
    );
  },
};

const externalDns: Prerequisite = {
  id: 'external-dns',
  title: 'ExternalDNS',
  // The five records can also be created by hand (see directory:dns:plan).
  required: () => false,
  async probe(apis) {
    const running = (await deploymentsNamed(apis, 'external-dns')).filter(
      isAvailable,
    );
    return running.length > 0
      ? ok(`${running.map(objectName).join(', ')} is running`)
      : missing(
          'No running ExternalDNS Deployment found: the generated Ingress and Service annotations will not create DNS records',
          'Install ExternalDNS for Route53 (helm upgrade --install external-dns external-dns --repo https://kubernetes-sigs.github.io/external-dns -n external-dns --create-namespace --set provider.name=aws), or create the records of directory:dns:plan by hand',
        );
  },
};

const prometheusOperatorCrds: Prerequisite = {
  id: 'prometheus-operator-crds',
  title: 'Prometheus Operator CRDs (monitoring)',
  required: request => request.monitoring,
  async probe(apis, { monitoring }) {
    if (!monitoring) {
      return ok('Monitoring is off: no ServiceMonitor is generated');
    }
    const crd = await readOptional(() =>
      apis.apiextensions.readCustomResourceDefinition({
        name: SERVICE_MONITOR_CRD,
      }),
    );
    return crd && servedVersions(crd).includes('v1')
      ? ok(`${SERVICE_MONITOR_CRD} serves monitoring.coreos.com/v1`)
      : missing(
          `${SERVICE_MONITOR_CRD} is not installed: the dir app would fail to sync its ServiceMonitor`,
          'Install the Prometheus Operator CRDs (helm upgrade --install prometheus-operator-crds prometheus-operator-crds --repo https://prometheus-community.github.io/helm-charts), or turn monitoring off',
        );
  },
};

const spireAbsent: Prerequisite = {
  id: 'spire-absent',
  title: 'No other SPIRE on the cluster',
  required: () => true,
  async probe(apis, { reuseSpire }) {
    const driver = await readOptional(() =>
      apis.storage.readCSIDriver({ name: SPIFFE_CSI_DRIVER }),
    );
    const servers = (
      await apis.apps.listStatefulSetForAllNamespaces({
        labelSelector: 'app.kubernetes.io/name=server',
      })
    ).items.filter(s =>
      s.spec?.template.spec?.containers.some(c =>
        c.image?.includes('spire-server'),
      ),
    );
    const found = [
      ...servers.map(
        s => `SPIRE server ${s.metadata?.namespace}/${s.metadata?.name}`,
      ),
      ...(driver ? [`CSIDriver ${SPIFFE_CSI_DRIVER}`] : []),
    ];
    if (reuseSpire) {
      return found.length > 0
        ? ok(`Reusing the SPIRE on the cluster (${found.join(', ')})`)
        : missing(
            'The input says to reuse the SPIRE on the cluster, but none was found',
            'Install SPIRE first, or set reuseSpire to false so the deployment installs its own',
          );
    }
    return found.length === 0
      ? ok('No SPIRE server or SPIFFE CSI driver found')
      : missing(
          `The cluster already runs SPIRE (${found.join(
            ', ',
          )}): a second install collides on the ${SPIFFE_CSI_DRIVER} CSIDriver and the agents' host socket`,
          'Set reuseSpire to true to use the SPIRE already on the cluster, or choose another cluster',
        );
  },
};

const namespacesFree: Prerequisite = {
  id: 'namespaces-free',
  title: 'Target namespaces free',
  required: () => true,
  async probe(apis, { namespaces }) {
    const taken: string[] = [];
    for (const name of namespaces) {
      if (await readOptional(() => apis.core.readNamespace({ name }))) {
        taken.push(name);
      }
    }
    return taken.length === 0
      ? ok(`None of ${namespaces.join(', ')} exists yet`)
      : missing(
          `Namespace${taken.length > 1 ? 's' : ''} ${taken.join(
            ', ',
          )} already exist${taken.length > 1 ? '' : 's'}`,
          'Another deployment uses them: choose another instance name or environment, or remove the old deployment first',
        );
  },
};

/** Every prerequisite, in the order the production guide lists them. */
export const PREREQUISITES: readonly Prerequisite[] = [
  kubernetesVersion,
  ingressNginxPassthrough,
  certManagerIssuer,
  externalSecretsStore,
  ebsStorageClass,
  externalDns,
  prometheusOperatorCrds,
  spireAbsent,
  namespacesFree,
];

function errorDetail(error: unknown): string {
  const code = statusCode(error);
  const message = (error as Error)?.message ?? String(error);
  return code === 403
    ? `Backstage may not read this (403 Forbidden): ${message.slice(0, 200)}`
    : `The cluster could not be read: ${message.slice(0, 200)}`;
}

/**
 * Checks every prerequisite against a cluster. A read that fails makes that
 * prerequisite `unknown`; the others still run.
 */
export async function checkPrerequisites(
  apis: ClusterApis,
  request: PreflightRequest,
): Promise<PrerequisiteResult[]> {
  return Promise.all(
    PREREQUISITES.map(async p => {
      let outcome: Outcome;
      try {
        outcome = await p.probe(apis, request);
      } catch (error) {
        outcome = {
          status: 'unknown',
          detail: errorDetail(error),
          remediation:
            'Give the Backstage service account read access (get, list) to this resource, then run the preflight again',
        };
      }
      return {
        id: p.id,
        title: p.title,
        ...outcome,
        required: p.required(request),
      };
    }),
  );
}

/** Every prerequisite `unknown`: the cluster is not one Backstage can read. */
export function unreachable(
  cluster: string,
  request: PreflightRequest,
): PrerequisiteResult[] {
  return PREREQUISITES.map(p => ({
    id: p.id,
    title: p.title,
    status: 'unknown',
    detail: `Backstage cannot read cluster ${cluster}: it is not in kubernetes.clusterLocatorMethods`,
    remediation:
      'Check this by hand before merging, or add the cluster to kubernetes.clusterLocatorMethods and run the template again',
    required: p.required(request),
  }));
}

/** The checklist as Markdown, for the pull-request body. */
export function preflightChecklist(
  cluster: string,
  results: PrerequisiteResult[],
): string {
  const mark = { ok: 'x', missing: ' ', unknown: ' ' } as const;
  const lines = results.map(r => {
    const label = r.status === 'ok' ? '' : ` **${r.status}**`;
    const fix = r.remediation ? ` Fix: ${r.remediation}` : '';
    return `- [${mark[r.status]}] ${r.title}${label}: ${r.detail}.${fix}`;
  });
  return [`### Cluster preflight (${cluster})`, '', ...lines, ''].join('\n');
}
