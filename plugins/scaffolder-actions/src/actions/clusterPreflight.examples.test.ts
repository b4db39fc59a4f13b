import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { ClusterConnector } from '@directory-ops/plugin-directory-node';
import {
  FakeKubernetesApi,
  seedClusterPrerequisites,
} from '@directory-ops/simulated-cluster';
import yaml from 'yaml';
import { createClusterPreflightAction } from './clusterPreflight';
import { examples } from './clusterPreflight.examples';

// The first test pays for loading client-node on a busy machine.
jest.setTimeout(60_000);

describe('directory:cluster:preflight examples', () => {
  let api: FakeKubernetesApi;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    // A cluster that passes both examples: its SPIRE is the one reused.
    seedClusterPrerequisites(api, { existingSpire: true });
  });
  afterAll(() => api.close());

  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const step = yaml.parse(example).steps[0];
      const clusters = ClusterConnector.fromConfig(
        new ConfigReader({
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  {
                    name: step.input.cluster,
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
      const action = createClusterPreflightAction({ clusters });
      expect(step.action).toBe(action.id);
      const ctx = createMockActionContext({ input: step.input });
      // The cluster runs SPIRE: only the example that reuses it passes.
      const reuse = Boolean(step.input.spire?.reuseExisting);
      const outcome = await action.handler(ctx).then(
        () => 'passed',
        (error: Error) => error.message,
      );
      const expected = reuse ? 'passed' : 'No other SPIRE on the cluster';
      expect(outcome).toContain(expected);
    },
  );
});
