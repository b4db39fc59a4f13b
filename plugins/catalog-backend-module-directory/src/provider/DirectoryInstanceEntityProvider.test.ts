import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { Entity } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import {
  ERROR_PAGE_SECRET,
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import { DirectoryInstanceEntityProvider } from './DirectoryInstanceEntityProvider';

/** Records what the provider hands to the catalog. */
class RecordingConnection implements EntityProviderConnection {
  readonly mutations: EntityProviderMutation[] = [];
  async applyMutation(mutation: EntityProviderMutation) {
    this.mutations.push(mutation);
  }
  async refresh() {}
  lastEntities(): Entity[] {
    const last = this.mutations[this.mutations.length - 1];
    if (last?.type !== 'full') {
      throw new Error('expected a full mutation');
    }
    return last.entities.map((d: DeferredEntity) => d.entity);
  }
}

const manualTaskRunner = { run: async () => {} };

// Real TLS servers and the first load of the Kubernetes client take a while.
jest.setTimeout(30_000);

describe('DirectoryInstanceEntityProvider', () => {
  let east: FakeKubernetesApi;
  let west: FakeKubernetesApi;

  beforeEach(async () => {
    east = await FakeKubernetesApi.start();
    west = await FakeKubernetesApi.start();
    seedDirectoryInstance(east, {
      release: 'dir-dir-prod-argoapp',
      namespace: 'dir-prod-dir',
      adminNamespace: 'dir-prod-dir-admin',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
    seedDirectoryInstance(east, {
      release: 'dir-dir-staging-argoapp',
      namespace: 'dir-staging-dir',
      trustDomain: 'staging.acme.com',
      baseDomain: 'staging.acme.com',
    });
    seedDirectoryInstance(west, {
      release: 'dir-eu',
      namespace: 'dir-eu',
      trustDomain: 'eu.acme.com',
      baseDomain: 'eu.acme.com',
    });
  });
  afterEach(async () => {
    await east.close();
    await west.close();
  });

  function createProvider(registered: Entity[] = []) {
    const cluster = (name: string, api: FakeKubernetesApi) => ({
      name,
      url: api.url,
      authProvider: 'serviceAccount',
      serviceAccountToken: api.token,
      caData: api.caData,
    });
    return DirectoryInstanceEntityProvider.fromConfig(
      new ConfigReader({
        kubernetes: {
          clusterLocatorMethods: [
            {
              type: 'config',
              clusters: [cluster('prod-eks-1', east), cluster('eu-eks', west)],
            },
          ],
        },
        catalog: {
          providers: { directory: { owner: 'group:default/dir-ops' } },
        },
      }),
      {
        logger: mockServices.logger.mock(),
        catalog: catalogServiceMock({ entities: registered }),
        auth: mockServices.auth(),
        schedule: manualTaskRunner,
      },
    );
  }

  it('emits one entity per instance and drops removed ones', async () => {
    const provider = createProvider();
    const connection = new RecordingConnection();
    await provider.connect(connection);
    const logger = mockServices.logger.mock();

    await provider.refresh(logger);
    const first = connection.lastEntities();
    expect(first.map(e => e.metadata.name).sort()).toEqual([
      'dir-dir-prod-argoapp-prod-eks-1',
      'dir-dir-staging-argoapp-prod-eks-1',
      'dir-eu-eu-eks',
    ]);
    const prod = first.find(
      e => e.metadata.name === 'dir-dir-prod-argoapp-prod-eks-1',
    )!;
    expect(prod).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        annotations: {
          'backstage.io/managed-by-location': 'directory-provider:prod-eks-1',
          'backstage.io/managed-by-origin-location':
            'directory-provider:prod-eks-1',
          'agntcy.org/trust-domain': 'acme.com',
          'agntcy.org/federation-profile': 'https_web',
          'agntcy.org/base-domain': 'acme.com',
          'agntcy.org/kubernetes-cluster': 'prod-eks-1',
          'agntcy.org/namespace': 'dir-prod-dir',
          'agntcy.org/admin-namespace': 'dir-prod-dir-admin',
          'agntcy.org/release': 'dir-dir-prod-argoapp',
          'agntcy.org/release-version': 'v1.7.0',
        },
        tags: ['agntcy-directory', 'https-web'],
      },
      spec: {
        type: 'agntcy-directory',
        owner: 'group:default/dir-ops',
        system: 'agntcy-directory',
        dependsOn: ['resource:default/prod-eks-1'],
      },
    });
    const staging = first.find(
      e => e.metadata.name === 'dir-dir-staging-argoapp-prod-eks-1',
    )!;
    expect(staging.metadata.annotations).not.toHaveProperty(
      'agntcy.org/admin-namespace',
    );

    east.remove(
      'Deployment',
      'dir-staging-dir',
      'dir-dir-staging-argoapp-apiserver',
    );
    await provider.refresh(logger);
    expect(connection.mutations).toHaveLength(2);
    expect(connection.mutations[1].type).toBe('full');
    expect(
      connection
        .lastEntities()
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual(['dir-dir-prod-argoapp-prod-eks-1', 'dir-eu-eu-eks']);
  });

  it('reads the https_spiffe profile from a passthrough spire Ingress', async () => {
    west.put({
      apiVersion: 'networking.k8s.io/v1',
      kind: 'Ingress',
      metadata: {
        name: 'spire-server-federation',
        namespace: 'spire',
        annotations: { 'nginx.ingress.kubernetes.io/ssl-passthrough': 'true' },
      },
      spec: { rules: [{ host: 'spire.eu.acme.com' }] },
    });
    const provider = createProvider();
    const connection = new RecordingConnection();
    await provider.connect(connection);
    await provider.refresh(mockServices.logger.mock());
    const eu = connection
      .lastEntities()
      .find(e => e.metadata.name === 'dir-eu-eu-eks');
    expect(eu?.metadata.annotations?.['agntcy.org/federation-profile']).toBe(
      'https_spiffe',
    );
    expect(eu?.metadata.tags).toContain('https-spiffe');
  });

  it('re-emits what the catalog holds for a cluster that fails on the first run', async () => {
    const previous: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'dir-eu-eu-eks',
        uid: 'a1b2',
        etag: 'x',
        annotations: {
          'backstage.io/managed-by-location': 'directory-provider:eu-eks',
          'backstage.io/managed-by-origin-location':
            'directory-provider:eu-eks',
          'agntcy.org/kubernetes-cluster': 'eu-eks',
        },
      },
      spec: { type: 'agntcy-directory', owner: 'group:default/dir-ops' },
    };
    west.setFault('server-error');
    const provider = createProvider([previous]);
    const connection = new RecordingConnection();
    await provider.connect(connection);
    await provider.refresh(mockServices.logger.mock());
    const eu = connection
      .lastEntities()
      .find(e => e.metadata.name === 'dir-eu-eu-eks');
    expect(eu).toEqual({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name: 'dir-eu-eu-eks',
        annotations: previous.metadata.annotations,
      },
      spec: previous.spec,
    });
  });

  it('falls back to the ConfigMap for the trust domain', async () => {
    west.remove('ClusterSPIFFEID', undefined, 'dir-eu-apiserver');
    const provider = createProvider();
    const connection = new RecordingConnection();
    await provider.connect(connection);
    await provider.refresh(mockServices.logger.mock());
    const eu = connection
      .lastEntities()
      .find(e => e.metadata.name === 'dir-eu-eu-eks');
    expect(eu?.metadata.annotations?.['agntcy.org/trust-domain']).toBe(
      'eu.acme.com',
    );
  });

  it('keeps the entities of a cluster that fails', async () => {
    const provider = createProvider();
    const connection = new RecordingConnection();
    await provider.connect(connection);
    const logger = mockServices.logger.mock();
    await provider.refresh(logger);

    west.setFault('server-error');
    await provider.refresh(logger);
    expect(
      connection
        .lastEntities()
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual([
      'dir-dir-prod-argoapp-prod-eks-1',
      'dir-dir-staging-argoapp-prod-eks-1',
      'dir-eu-eu-eks',
    ]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not scan cluster eu-eks'),
    );
    expect(JSON.stringify(logger.error.mock.calls)).not.toContain(west.token);
  });

  it('logs a short, redacted excerpt of a huge remote error page', async () => {
    west.setFault('error-page');
    const provider = createProvider();
    await provider.connect(new RecordingConnection());
    const logger = mockServices.logger.mock();
    await provider.refresh(logger);
    const logged = JSON.stringify([
      ...logger.error.mock.calls,
      ...logger.warn.mock.calls,
      ...logger.info.mock.calls,
    ]);
    expect(logger.error).toHaveBeenCalledWith(
      expect.stringContaining('Could not scan cluster eu-eks'),
    );
    expect(logged).not.toContain(ERROR_PAGE_SECRET);
    expect(logged.length).toBeLessThan(2_000);
  });

  it('gives a failing cluster no entities on the first run without breaking the others', async () => {
    west.setFault('hang');
    const provider = createProvider();
    const connection = new RecordingConnection();
    await provider.connect(connection);
    await provider.refresh(mockServices.logger.mock());
    expect(
      connection
        .lastEntities()
        .map(e => e.metadata.name)
        .sort(),
    ).toEqual([
      'dir-dir-prod-argoapp-prod-eks-1',
      'dir-dir-staging-argoapp-prod-eks-1',
    ]);
  });

  it('leaves instances registered in the catalog to their entity', async () => {
    const registered = (
      name: string,
      annotations: Record<string, string>,
    ): Entity => ({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Resource',
      metadata: {
        name,
        annotations: {
          'backstage.io/managed-by-location':
            'url:https://github.com/acme/catalog/blob/main/dir.yaml',
          'backstage.io/managed-by-origin-location':
            'url:https://github.com/acme/catalog/blob/main/all.yaml',
          ...annotations,
        },
      },
      spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
    });
    const provider = createProvider([
      registered('acme-prod-directory', {
        'agntcy.org/kubernetes-cluster': 'prod-eks-1',
        'agntcy.org/namespace': 'dir-prod-dir',
        'agntcy.org/release': 'dir-dir-prod-argoapp',
      }),
      registered('eu-directory', { 'agntcy.org/trust-domain': 'eu.acme.com' }),
    ]);
    const connection = new RecordingConnection();
    await provider.connect(connection);
    await provider.refresh(mockServices.logger.mock());
    expect(connection.lastEntities().map(e => e.metadata.name)).toEqual([
      'dir-dir-staging-argoapp-prod-eks-1',
    ]);
  });
});
