import {
  coreServices,
  createBackendModule,
  SchedulerService,
} from '@backstage/backend-plugin-api';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import { defaultCatalogCollatorEntityTransformer } from '@backstage/plugin-search-backend-module-catalog';
import request from 'supertest';
import { directoryCollatorEntityTransformer } from './directoryCollatorEntityTransformer';
import searchModuleDirectory from '.';

const LOCATION =
  'url:https://github.com/acme/catalog/blob/main/catalog-info.yaml';

function resource(
  name: string,
  spec: Entity['spec'],
  annotations: Record<string, string> = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      description: `The ${name} resource`,
      annotations: {
        'backstage.io/managed-by-location': LOCATION,
        'backstage.io/managed-by-origin-location': LOCATION,
        ...annotations,
      },
    },
    spec,
  };
}

const acmeProd = resource(
  'acme-prod-directory',
  { type: 'agntcy-directory', owner: 'group:default/platform' },
  {
    'agntcy.org/trust-domain': 'globex.net',
    'agntcy.org/federation-profile': 'https_web',
    'agntcy.org/base-domain': 'acme.example',
    'agntcy.org/kubernetes-cluster': 'prod-eks-1',
    'agntcy.org/namespace': 'dir-prod-dir',
    'agntcy.org/release': 'dir-dir-prod-argoapp',
  },
);
const partner = resource(
  'partner-directory',
  { type: 'agntcy-directory', owner: 'group:default/platform' },
  {
    'agntcy.org/trust-domain': 'partner.org',
    'agntcy.org/federation-profile': 'https_spiffe',
    'agntcy.org/base-domain': 'partner.org',
    'agntcy.org/kubernetes-cluster': 'eu-eks',
    'agntcy.org/namespace': 'dir',
    'agntcy.org/release': 'dir',
  },
);
const bucket = resource('logs-bucket', { type: 's3-bucket', owner: 'team-a' });

describe('directoryCollatorEntityTransformer', () => {
  it('keeps the default document and adds the Directory fields to text', () => {
    const document = directoryCollatorEntityTransformer(acmeProd);
    const base = defaultCatalogCollatorEntityTransformer(acmeProd);
    expect(document).toEqual({
      ...base,
      text: 'The acme-prod-directory resource globex.net https_web prod-eks-1 acme.example',
    });
  });

  it('returns the default document for other entities', () => {
    expect(directoryCollatorEntityTransformer(bucket)).toEqual(
      defaultCatalogCollatorEntityTransformer(bucket),
    );
  });
});

describe('searchModuleDirectoryCollatorTransformer', () => {
  jest.setTimeout(60_000);

  it('finds a Directory instance by its trust domain', async () => {
    let searchScheduler: SchedulerService | undefined;
    const captureSearchScheduler = createBackendModule({
      pluginId: 'search',
      moduleId: 'test-scheduler',
      register(reg) {
        reg.registerInit({
          deps: { scheduler: coreServices.scheduler },
          async init({ scheduler }) {
            searchScheduler = scheduler;
          },
        });
      },
    });
    const seedCatalog = createBackendModule({
      pluginId: 'catalog',
      moduleId: 'test-seed',
      register(reg) {
        reg.registerInit({
          deps: { processing: catalogProcessingExtensionPoint },
          async init({ processing }) {
            processing.addEntityProvider({
              getProviderName: () => 'test-seed',
              connect: async connection => {
                await connection.applyMutation({
                  type: 'full',
                  entities: [acmeProd, partner, bucket].map(entity => ({
                    entity,
                    locationKey: 'test-seed',
                  })),
                });
              },
            });
          },
        });
      },
    });
    const { server } = await startTestBackend({
      features: [
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        mockServices.rootConfig.factory({
          data: {
            search: {
              collators: {
                catalog: {
                  schedule: {
                    frequency: { minutes: 10 },
                    timeout: { minutes: 1 },
                  },
                },
              },
            },
          },
        }),
        import('@backstage/plugin-catalog-backend'),
        import('@backstage/plugin-search-backend'),
        import('@backstage/plugin-search-backend-module-catalog'),
        searchModuleDirectory,
        seedCatalog,
        captureSearchScheduler,
      ],
    });

    // Wait until the catalog has processed the seeded entities.
    for (let i = 0; i < 100; i++) {
      const res = await request(server).get(
        '/api/catalog/entities?filter=kind=resource',
      );
      if (res.status === 200 && res.body.length === 3) {
        break;
      }
      await new Promise(resolve => setTimeout(resolve, 300));
    }
    await searchScheduler!.triggerTask('search_index_software_catalog');

    const search = async (term: string) => {
      const res = await request(server)
        .get('/api/search/query')
        .query({ term });
      expect(res.status).toBe(200);
      return res.body.results as Array<{
        document: {
          title: string;
          kind: string;
          type: string;
          location: string;
        };
      }>;
    };

    // The trust domain appears nowhere but in the annotation.
    const byTrustDomain = await search('globex.net');
    // Lunr also returns weaker fuzzy matches; the instance must rank first.
    expect(byTrustDomain[0].document.title).toBe('acme-prod-directory');
    expect(byTrustDomain[0].document).toMatchObject({
      kind: 'Resource',
      type: 'agntcy-directory',
      location: '/catalog/default/resource/acme-prod-directory',
    });

    const byBaseDomain = await search('partner.org');
    expect(byBaseDomain[0].document.title).toBe('partner-directory');
  });
});
