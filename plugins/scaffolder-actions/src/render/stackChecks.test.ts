import { generatedApplications } from '../__testUtils__/argocd';
import { KubeObject } from '../__testUtils__/helm';
import {
  schemaProblems,
  validateStructural,
} from '../__testUtils__/kubeSchemas';
import {
  PREREQUISITE_KINDS,
  RenderedStack,
} from '../__testUtils__/renderedStack';
import {
  apiIngressCheck,
  customKindsCheck,
  identitiesCheck,
  limitsCheck,
  projectCheck,
  secretsCheck,
  tlsIssuerCheck,
} from '../__testUtils__/stackChecks';

/**
 * The rendering tests' checks catch what they are meant to catch: each is
 * given a small stack with one known fault.
 */

const SERVER = 'https://eks.example';

/** The first validation loads the models (ESM), slow on a busy machine. */
const MODELS_LOAD_TIMEOUT = 30_000;

function deployment(pod: Record<string, unknown>, name = 'api'): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, labels: { app: name } },
    spec: {
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: pod },
    },
  };
}

function stackOf(
  objects: KubeObject[],
  project: Record<string, unknown> = {},
): RenderedStack {
  const application: KubeObject = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'app', namespace: 'argocd' },
    spec: {},
  };
  return {
    input: {} as RenderedStack['input'],
    outputs: { hosts: { api: 'api.acme.com' } },
    repo: {
      repoUrl: 'https://git.example/gitops.git',
      revision: 'main',
      files: {},
    },
    files: [],
    projects: [
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'AppProject',
        metadata: { name: 'proj', namespace: 'argocd' },
        spec: {
          sourceRepos: ['https://charts.example'],
          destinations: [{ server: SERVER, namespace: 'ns' }],
          namespaceResourceWhitelist: [{ group: 'apps', kind: 'Deployment' }],
          ...project,
        },
      },
    ],
    applications: [application],
    apps: [
      {
        application,
        name: 'app',
        project: 'proj',
        server: SERVER,
        namespace: 'ns',
        source: {
          repoURL: 'https://charts.example',
          chart: 'c',
          targetRevision: '1',
          releaseName: 'app',
          values: [],
          valuePaths: [],
        },
        chart: 'c',
        result: { ok: true, manifest: '' },
        objects,
      },
    ],
    crds: new Map(),
    crdScopes: new Map(),
    prerequisites: PREREQUISITE_KINDS.filter(k => !k.when),
    apiVersions: [],
  };
}

describe('schema check', () => {
  const pod = { containers: [{ name: 'api', image: 'api:1' }] };

  it(
    'accepts a valid object and reports unknown and mistyped fields',
    async () => {
      expect(await schemaProblems(deployment(pod), new Map())).toEqual([]);
      const bad = deployment({
        containers: [
          {
            name: 'api',
            image: 'api:1',
            bogus: 1,
            ports: [{ containerPort: 'x' }],
          },
        ],
      });
      expect(await schemaProblems(bad, new Map())).toEqual([
        '/spec/template/spec/containers/0/ports/0/containerPort must be integer',
        '/spec/template/spec/containers/0/bogus is an unknown field',
      ]);
    },
    MODELS_LOAD_TIMEOUT,
  );

  it('validates custom resources against the CRD schema', () => {
    const schema = {
      type: 'object',
      properties: {
        spec: {
          type: 'object',
          required: ['className'],
          properties: { className: { type: 'string' } },
        },
      },
    };
    expect(validateStructural(schema, { spec: { className: 'x' } })).toEqual(
      [],
    );
    expect(validateStructural(schema, { spec: { domains: ['a'] } })).toEqual([
      "/spec must have required property 'className'",
      '/spec/domains is an unknown field',
    ]);
  });
});

describe('AppProject check', () => {
  it('reports namespaces, kinds and cluster-scoped kinds the project does not allow', () => {
    const service: KubeObject = {
      apiVersion: 'v1',
      kind: 'Service',
      metadata: { name: 's' },
    };
    const elsewhere = {
      ...deployment({}),
      metadata: { name: 'x', namespace: 'kube-system' },
    };
    const role: KubeObject = {
      apiVersion: 'rbac.authorization.k8s.io/v1',
      kind: 'ClusterRole',
      metadata: { name: 'r' },
    };
    expect(projectCheck(stackOf([service, elsewhere, role]))).toEqual([
      'app: Service s: core/Service is not in proj.namespaceResourceWhitelist',
      'app: Deployment kube-system/x lands in namespace kube-system, which proj does not allow',
      'app: ClusterRole r: cluster-scoped rbac.authorization.k8s.io/ClusterRole is not in proj.clusterResourceWhitelist',
    ]);
  });
});

describe('limits check', () => {
  it('reports a CronJob name over 52 characters and a label value over 63', () => {
    const cronJob: KubeObject = {
      apiVersion: 'batch/v1',
      kind: 'CronJob',
      metadata: { name: 'c'.repeat(53), labels: { release: 'r'.repeat(64) } },
    };
    expect(limitsCheck(stackOf([cronJob]))).toEqual([
      `app: CronJob ${'c'.repeat(53)}: metadata.name "${'c'.repeat(
        53,
      )}" has 53 characters; CronJob allows 52`,
      `app: CronJob ${'c'.repeat(53)}: metadata.labels["release"] "${'r'.repeat(
        64,
      )}" has 64 characters; label values allow 63`,
    ]);
  });
});

describe('ingress checks', () => {
  const service: KubeObject = {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: 'api' },
    spec: { ports: [{ port: 8888 }] },
  };
  const ingress = (
    annotations: Record<string, string>,
    secretName?: string,
  ): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'api', annotations },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['api.acme.com'], ...(secretName ? { secretName } : {}) }],
      rules: [
        {
          host: 'api.acme.com',
          http: {
            paths: [
              { backend: { service: { name: 'api', port: { number: 8888 } } } },
            ],
          },
        },
      ],
    },
  });

  it('accepts passthrough to GRPCS and reports a terminated API ingress', () => {
    const passthrough = {
      'nginx.ingress.kubernetes.io/ssl-passthrough': 'true',
      'nginx.ingress.kubernetes.io/backend-protocol': 'GRPCS',
    };
    expect(apiIngressCheck(stackOf([service, ingress(passthrough)]))).toEqual(
      [],
    );
    expect(apiIngressCheck(stackOf([service, ingress({}, 'api-tls')]))).toEqual(
      [
        'app: Ingress api: annotation nginx.ingress.kubernetes.io/ssl-passthrough is undefined, not "true"',
        'app: Ingress api: annotation nginx.ingress.kubernetes.io/backend-protocol is undefined, not "GRPCS"',
        'app: Ingress api: spec.tls for api.acme.com names secretName api-tls; passthrough must not terminate TLS',
      ],
    );
  });

  it('reports a TLS secret without an issuer and a TLS host without a certificate', () => {
    expect(
      tlsIssuerCheck(stackOf([ingress({}, 'api-tls'), ingress({})])),
    ).toEqual([
      'app: Ingress api: TLS secret ns/api-tls has no issuer (no cert-manager annotation, no Certificate writes it)',
      'app: Ingress api: TLS for api.acme.com has no secretName and no SSL passthrough: NGINX would serve its fake certificate',
    ]);
  });
});

describe('secrets check', () => {
  const reader = deployment({
    containers: [
      {
        name: 'api',
        env: [
          {
            name: 'A',
            valueFrom: { secretKeyRef: { name: 'creds', key: 'password' } },
          },
          {
            name: 'B',
            valueFrom: { secretKeyRef: { name: 'creds', key: 'token' } },
          },
        ],
      },
    ],
    volumes: [{ name: 'v', secret: { secretName: 'missing' } }],
  });
  const externalSecret: KubeObject = {
    apiVersion: 'external-secrets.io/v1',
    kind: 'ExternalSecret',
    metadata: { name: 'creds' },
    spec: { data: [{ secretKey: 'password', remoteRef: { key: 'k' } }] },
  };

  it('reports a Secret nobody produces and a key the producer does not write', () => {
    expect(secretsCheck(stackOf([reader, externalSecret]))).toEqual([
      'app: Deployment api container api env B reads key token of Secret ns/creds, which has only password',
      'app: Deployment api volume v reads Secret ns/missing, which no ExternalSecret, Certificate or Secret of the stack produces',
    ]);
  });
});

describe('custom kinds check', () => {
  it('reports a kind that neither the stack nor a prerequisite serves', () => {
    const monitor: KubeObject = {
      apiVersion: 'monitoring.coreos.com/v1',
      kind: 'ServiceMonitor',
      metadata: { name: 'x' },
    };
    expect(customKindsCheck(stackOf([monitor]))).toEqual([
      'app: ServiceMonitor monitoring.coreos.com/v1 is neither installed by the stack nor served by a listed prerequisite',
    ]);
  });
});

describe('identities check', () => {
  it('reports federated bundles on a fallback ID that the workload never gets', () => {
    const apiserver = deployment(
      {
        containers: [
          { name: 'api', image: 'ghcr.io/agntcy/dir-apiserver:v1.7.0' },
        ],
      },
      'apiserver',
    );
    const id = (name: string, spec: Record<string, unknown>): KubeObject => ({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterSPIFFEID',
      metadata: { name },
      spec: { className: 'dir-spire', ...spec },
    });
    const peer: KubeObject = {
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterFederatedTrustDomain',
      metadata: { name: 'peer' },
      spec: { className: 'dir-spire', trustDomain: 'peer.example' },
    };
    const stack = stackOf([
      apiserver,
      peer,
      id('default', { fallback: true, federatesWith: ['peer.example'] }),
      id('apiserver', { podSelector: { matchLabels: { app: 'apiserver' } } }),
    ]);
    expect(identitiesCheck(stack, ['peer.example'], 'dir-spire')).toEqual([
      'app: Deployment apiserver: ClusterSPIFFEID apiserver does not federate with peer.example',
    ]);
    expect(identitiesCheck(stackOf([apiserver]), [], 'dir-spire')).toEqual([
      'app: Deployment apiserver: no ClusterSPIFFEID of class dir-spire matches its pods, so they get no SVID',
    ]);
  });
});

describe('ApplicationSet expansion', () => {
  it('expands list, git files, matrix and merge generators as Argo CD does', () => {
    const repo = {
      repoUrl: 'https://git.example/gitops.git',
      revision: 'main',
      files: {
        'apps/a/prod/config.json': JSON.stringify({ chart: { name: 'ca' } }),
        'apps/b/prod/config.json': JSON.stringify({ chart: { name: 'cb' } }),
      },
    };
    const git = {
      git: {
        repoURL: repo.repoUrl,
        revision: 'main',
        files: [{ path: 'apps/{{app}}/prod/config.json' }],
      },
    };
    const elements = [
      { app: 'a', wave: '1' },
      { app: 'b', wave: '2' },
    ];
    const appSet: KubeObject = {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'ApplicationSet',
      metadata: { name: 's', namespace: 'argocd' },
      spec: {
        generators: [
          {
            merge: {
              mergeKeys: ['app'],
              generators: [
                { list: { elements } },
                { matrix: { generators: [{ list: { elements } }, git] } },
              ],
            },
          },
        ],
        template: {
          metadata: { name: '{{app}}-{{path.basename}}' },
          spec: { source: { chart: '{{chart.name}}' }, wave: '{{wave}}' },
        },
      },
    };
    expect(
      generatedApplications(appSet, repo).map(a => [a.metadata.name, a.spec]),
    ).toEqual([
      ['a-prod', { source: { chart: 'ca' }, wave: '1' }],
      ['b-prod', { source: { chart: 'cb' }, wave: '2' }],
    ]);
  });
});
