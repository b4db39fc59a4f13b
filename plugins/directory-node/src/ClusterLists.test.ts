import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { FakeKubernetesApi } from '@directory-ops/simulated-cluster';
import { ClusterConnector } from './ClusterConnector';

function connector(api: FakeKubernetesApi, token = 'sa-token') {
  return ClusterConnector.fromConfig(
    new ConfigReader({
      kubernetes: {
        clusterLocatorMethods: [
          {
            type: 'config',
            clusters: [
              {
                name: 'prod',
                url: api.url,
                authProvider: 'serviceAccount',
                serviceAccountToken: token,
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

/** A CRD whose schema uses the JSON names client-node renames (`$ref`, `x-kubernetes-*`). */
const crd = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: {
    name: 'records.dir.agntcy.org',
    creationTimestamp: '2026-01-02T03:04:05Z',
  },
  spec: {
    group: 'dir.agntcy.org',
    names: { kind: 'Record', plural: 'records' },
    scope: 'Namespaced',
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: {
          openAPIV3Schema: {
            type: 'object',
            'x-kubernetes-preserve-unknown-fields': true,
            properties: {
              spec: {
                type: 'object',
                properties: { owner: { $ref: '#/definitions/owner' } },
              },
            },
          },
        },
      },
    ],
  },
  status: {
    conditions: [
      {
        type: 'Established',
        status: 'True',
        lastTransitionTime: '2026-01-02T03:04:06Z',
      },
    ],
  },
};

describe('ClusterLists', () => {
  // The first test pays for loading client-node on a busy machine.
  jest.setTimeout(60_000);
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start({ token: 'sa-token' });
    api.put(crd);
  });
  afterAll(() => api.close());
  afterEach(() => api.setFault(undefined));

  it('gives the items the typed client gives, Dates included, as plain objects', async () => {
    // Realistic pods: probes, mounts, conditions, container states.
    api.setFault('near-limit-list', { listBytes: 64 * 1024 });
    const apis = await connector(api).connect('prod');
    const typed = await apis.core.listPodForAllNamespaces({ limit: 500 });
    const plain = await apis.lists.page<(typeof typed.items)[number]>({
      path: '/api/v1/pods',
      model: 'V1PodList',
      limit: 500,
    });
    expect(plain.items.length).toBeGreaterThan(5);
    expect(plain.items).toEqual(typed.items);
    const [pod] = plain.items;
    expect(pod.metadata?.creationTimestamp).toBeInstanceOf(Date);
    expect(pod.status?.conditions?.[0].lastTransitionTime).toBeInstanceOf(
      Date,
    );
    expect(
      pod.status?.containerStatuses?.[0].state?.running?.startedAt,
    ).toBeInstanceOf(Date);
  });

  it('renames the fields client-node renames, in models that contain themselves', async () => {
    const apis = await connector(api).connect('prod');
    const typed = await apis.apiextensions.listCustomResourceDefinition();
    const plain = await apis.lists.page<(typeof typed.items)[number]>({
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      model: 'V1CustomResourceDefinitionList',
      limit: 10,
    });
    expect(plain.items).toEqual(typed.items);
    const schema = plain.items[0].spec.versions[0].schema?.openAPIV3Schema;
    expect(schema?.x_kubernetes_preserve_unknown_fields).toBe(true);
    expect(schema?.properties?.spec.properties?.owner.ref).toBe(
      '#/definitions/owner',
    );
    expect(schema).not.toHaveProperty(['x-kubernetes-preserve-unknown-fields']);
  });

  it('pages with the continue token as metadata._continue', async () => {
    for (const name of ['a', 'b', 'c']) {
      api.put({
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: 'dir', labels: { paged: 'yes' } },
      });
    }
    const apis = await connector(api).connect('prod');
    const request = {
      path: '/api/v1/namespaces/dir/configmaps',
      model: 'V1ConfigMapList',
      labelSelector: 'paged=yes',
    };
    const first = await apis.lists.page<{ metadata?: { name?: string } }>({
      ...request,
      limit: 2,
    });
    expect(first.items.map(item => item.metadata?.name)).toEqual(['a', 'b']);
    expect(first.metadata?._continue).toEqual(expect.any(String));
    expect(first.metadata).not.toHaveProperty('continue');
    const second = await apis.lists.page<{ metadata?: { name?: string } }>({
      ...request,
      limit: 2,
      _continue: first.metadata?._continue,
    });
    expect(second.items.map(item => item.metadata?.name)).toEqual(['c']);
    expect(second.metadata?._continue).toBeUndefined();
  });

  it('fails as the typed client does: the HTTP status as code, the Status as body', async () => {
    api.setFault('forbidden');
    const apis = await connector(api).connect('prod');
    const failure = await apis.lists
      .page({ path: '/api/v1/pods', model: 'V1PodList', limit: 10 })
      .catch((error: unknown) => error);
    const typedFailure = await apis.core
      .listPodForAllNamespaces({ limit: 10 })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ code: 403 });
    expect(failure).toEqual(typedFailure);
    expect(JSON.parse((failure as { body: string }).body)).toMatchObject({
      kind: 'Status',
      reason: 'Forbidden',
    });
  });

  it('fails with 401 for a wrong token', async () => {
    const apis = await connector(api, 'wrong').connect('prod');
    await expect(
      apis.lists.page({ path: '/api/v1/pods', model: 'V1PodList', limit: 10 }),
    ).rejects.toMatchObject({ code: 401 });
  });

  it('rejects a malformed answer as the typed client does', async () => {
    api.setFault('malformed-json');
    const apis = await connector(api).connect('prod');
    await expect(
      apis.lists.page({ path: '/api/v1/pods', model: 'V1PodList', limit: 10 }),
    ).rejects.toThrow(SyntaxError);
  });
});
