import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ClusterConnector } from '@directory-ops/plugin-directory-node';
import {
  ClusterPrerequisitesOptions,
  FakeKubernetesApi,
  seedClusterPrerequisites,
} from '@directory-ops/simulated-cluster';
import { PrerequisiteResult } from '../preflight/prerequisites';
import { createClusterPreflightAction } from './clusterPreflight';

function connectorFor(api: FakeKubernetesApi): ClusterConnector {
  return ClusterConnector.fromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod-eks-1',
                url: api.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: api.token,
                caData: api.caData,
              },
            ],
          },
        ],
      },
    }),
    { logger: mockServices.logger.mock() },
  );
}

interface Result {
  outputs: { checks: PrerequisiteResult[]; ready: boolean; checklist: string };
  error?: Error;
}

// The first test pays for loading client-node on a busy machine.
jest.setTimeout(60_000);

describe('directory:cluster:preflight', () => {
  let api: FakeKubernetesApi;
  let action: ReturnType<typeof createClusterPreflightAction>;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    action = createClusterPreflightAction({ clusters: connectorFor(api) });
  });
  afterAll(() => api.close());

  async function preflight(
    cluster: ClusterPrerequisitesOptions,
    input: Record<string, unknown> = {},
  ): Promise<Result> {
    for (const kind of [
      'Namespace',
      'Deployment',
      'StatefulSet',
      'CustomResourceDefinition',
      'ClusterIssuer',
      'ClusterSecretStore',
      'CSIDriver',
      'StorageClass',
    ]) {
      for (const obj of api.list(kind)) {
        api.remove(kind, obj.metadata.namespace, obj.metadata.name);
      }
    }
    seedClusterPrerequisites(api, cluster);
    const ctx = createMockActionContext({
      input: {
        cluster: 'prod-eks-1',
        name: 'acme-directory',
        ...input,
      } as Parameters<typeof action.handler>[0]['input'],
    });
    let error: Error | undefined;
    try {
      await action.handler(ctx);
    } catch (e) {
      error = e as Error;
    }
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    ) as Result['outputs'];
    return { outputs, error };
  }

  function check(result: Result, id: string) {
    const found = result.outputs.checks.find(c => c.id === id);
    if (!found) {
      throw new Error(`no check ${id}`);
    }
    return found;
  }

  it('passes a cluster that meets every prerequisite', async () => {
    const result = await preflight({}, { monitoring: true });
    expect(result.error).toBeUndefined();
    expect(result.outputs.ready).toBe(true);
    expect(result.outputs.checks.map(c => [c.id, c.status])).toEqual([
      ['kubernetes-version', 'ok'],
      ['ingress-nginx-passthrough', 'ok'],
      ['cert-manager-issuer', 'ok'],
      ['external-secrets-store', 'ok'],
      ['ebs-csi-storage-class', 'ok'],
      ['external-dns', 'ok'],
      ['prometheus-operator-crds', 'ok'],
      ['spire-absent', 'ok'],
      ['namespaces-free', 'ok'],
    ]);
    expect(check(result, 'namespaces-free').detail).toContain(
      'acme-directory-dir',
    );
    expect(result.outputs.checklist).toContain(
      '- [x] NGINX ingress controller with SSL passthrough',
    );
  });

  it('refuses a cluster whose NGINX runs without --enable-ssl-passthrough, naming the fix', async () => {
    const result = await preflight({ sslPassthrough: false });
    expect(result.error?.name).toBe('InputError');
    expect(result.error?.message).toContain(
      'NGINX ingress controller with SSL passthrough',
    );
    expect(result.error?.message).toContain(
      'controller.extraArgs.enable-ssl-passthrough=true',
    );
    expect(result.outputs.ready).toBe(false);
    expect(check(result, 'ingress-nginx-passthrough')).toMatchObject({
      status: 'missing',
      required: true,
      detail: expect.stringContaining(
        'ingress-nginx/ingress-nginx-controller runs without --enable-ssl-passthrough',
      ),
    });
    expect(result.outputs.checklist).toContain(
      '- [ ] NGINX ingress controller with SSL passthrough **missing**',
    );
  });

  it('lists every missing hard prerequisite in one error', async () => {
    const result = await preflight({
      kubernetesVersion: 'v1.29.10-eks-7f9249a',
      clusterIssuerReady: false,
      externalSecretsVersions: ['v1beta1'],
      storageClassEncrypted: false,
    });
    const message = result.error?.message ?? '';
    expect(message).toContain('missing 4 prerequisites');
    expect(message).toContain('Kubernetes v1.29.10-eks-7f9249a');
    expect(message).toContain(
      'ClusterIssuer letsencrypt-prod is not Ready (ErrRegisterACMEAccount',
    );
    expect(message).toContain(
      'serves external-secrets.io/v1beta1, not external-secrets.io/v1',
    );
    expect(message).toContain('does not encrypt its volumes');
  });

  it('requires the External Secrets versions of both the generated and the chart`s ExternalSecrets', async () => {
    const result = await preflight({ externalSecretsVersions: ['v1'] });
    expect(check(result, 'external-secrets-store')).toMatchObject({
      status: 'missing',
      detail: expect.stringContaining(
        'not external-secrets.io/v1beta1 that the dir chart renders',
      ),
      remediation: expect.stringContaining('0.16.x'),
    });
  });

  it('names missing components with how to install them', async () => {
    const result = await preflight({
      ingressNginx: false,
      certManager: false,
      externalSecrets: false,
      ebsCsi: false,
    });
    expect(check(result, 'ingress-nginx-passthrough').detail).toBe(
      'No ingress-nginx controller Deployment found',
    );
    expect(check(result, 'cert-manager-issuer').remediation).toContain(
      'Install cert-manager',
    );
    expect(check(result, 'external-secrets-store').remediation).toContain(
      'Install External Secrets Operator',
    );
    expect(check(result, 'ebs-csi-storage-class').remediation).toContain(
      'aws-ebs-csi-driver',
    );
  });

  it('checks the issuer, store and StorageClass named by the input', async () => {
    const result = await preflight(
      {},
      {
        certIssuer: 'acme-internal',
        vault: { secretStore: 'aws-sm', secretStoreKind: 'ClusterSecretStore' },
        storageClass: 'gp3-enc',
      },
    );
    expect(check(result, 'cert-manager-issuer').detail).toBe(
      'ClusterIssuer acme-internal does not exist',
    );
    expect(check(result, 'external-secrets-store').detail).toBe(
      'ClusterSecretStore aws-sm does not exist',
    );
    expect(check(result, 'ebs-csi-storage-class').detail).toBe(
      'StorageClass gp3-enc does not exist',
    );
  });

  it('reports ExternalDNS as missing without blocking', async () => {
    const result = await preflight({ externalDns: false });
    expect(result.error).toBeUndefined();
    expect(result.outputs.ready).toBe(true);
    expect(check(result, 'external-dns')).toMatchObject({
      status: 'missing',
      required: false,
    });
  });

  it('requires the Prometheus Operator CRDs only with monitoring on', async () => {
    const off = await preflight({ prometheusOperator: false });
    expect(off.error).toBeUndefined();
    expect(check(off, 'prometheus-operator-crds').status).toBe('ok');
    const on = await preflight(
      { prometheusOperator: false },
      { monitoring: true },
    );
    expect(on.error?.message).toContain(
      'servicemonitors.monitoring.coreos.com is not installed',
    );
  });

  it('refuses a second SPIRE unless the input says to reuse it', async () => {
    const second = await preflight({ existingSpire: true });
    expect(second.error?.message).toContain(
      'SPIRE server spire-server/spire-server, CSIDriver csi.spiffe.io',
    );
    const reused = await preflight(
      { existingSpire: true },
      { spire: { reuseExisting: true } },
    );
    expect(reused.error).toBeUndefined();
    expect(check(reused, 'spire-absent').status).toBe('ok');
    expect(check(reused, 'namespaces-free').detail).not.toContain(
      'acme-directory-spire',
    );
    const nothingToReuse = await preflight(
      {},
      { spire: { reuseExisting: true } },
    );
    expect(check(nothingToReuse, 'spire-absent').status).toBe('missing');
  });

  it('refuses target namespaces that already exist', async () => {
    const result = await preflight({
      namespaces: ['acme-directory-dir', 'acme-directory-dir-admin'],
    });
    expect(check(result, 'namespaces-free').detail).toBe(
      'Namespaces acme-directory-dir, acme-directory-dir-admin already exist',
    );
    expect(result.error?.message).toContain('Target namespaces free');
  });

  it('reports what it may not read as unknown, and checks the rest', async () => {
    api.setFault('forbidden', { pathPrefix: '/apis/cert-manager.io' });
    try {
      const result = await preflight({});
      expect(result.error).toBeUndefined();
      expect(result.outputs.ready).toBe(false);
      expect(check(result, 'cert-manager-issuer')).toMatchObject({
        status: 'unknown',
        detail: expect.stringContaining('403 Forbidden'),
      });
      expect(check(result, 'ingress-nginx-passthrough').status).toBe('ok');
    } finally {
      api.setFault(undefined);
    }
  });

  it('accepts the generator`s cluster object, and reports every prerequisite unknown for a cluster Backstage cannot read', async () => {
    const object = await preflight(
      {},
      { cluster: { name: 'prod-eks-1', server: 'https://eks.example' } },
    );
    expect(object.outputs.ready).toBe(true);
    const unknown = await preflight({}, { cluster: 'nowhere' });
    expect(unknown.error).toBeUndefined();
    expect(unknown.outputs.ready).toBe(false);
    expect(new Set(unknown.outputs.checks.map(c => c.status))).toEqual(
      new Set(['unknown']),
    );
    expect(unknown.outputs.checklist).toContain(
      'Backstage cannot read cluster nowhere: it is not in kubernetes.clusterLocatorMethods',
    );
  });
});
