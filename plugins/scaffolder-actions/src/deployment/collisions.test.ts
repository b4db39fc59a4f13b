import { createMockDirectory } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  InputOverrides,
  readTree,
  validDeploymentInput,
} from '../__testUtils__/deployment';
import { createDeploymentGenerateAction } from '../actions/deploymentGenerate';

function instance(
  name: string,
  annotations: Record<string, string>,
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: {
        'agntcy.org/trust-domain': `${name}.example-corp.io`,
        'agntcy.org/base-domain': `${name}.example-corp.io`,
        'agntcy.org/kubernetes-cluster': 'eks-other',
        'agntcy.org/namespace': `${name}-dir`,
        ...annotations,
      },
    },
    spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
  };
}

describe('directory:deployment:generate against the catalog', () => {
  const mockDir = createMockDirectory();
  beforeEach(() => mockDir.clear());

  async function generate(entities: Entity[], overrides: InputOverrides = {}) {
    const action = createDeploymentGenerateAction({
      catalog: catalogServiceMock({ entities }),
    });
    const ctx = createMockActionContext({
      input: validDeploymentInput(overrides) as unknown as Parameters<
        typeof action.handler
      >[0]['input'],
      workspacePath: mockDir.path,
    });
    await action.handler(ctx);
  }

  async function refused(
    entities: Entity[],
    overrides: InputOverrides,
    field: string,
    rule: string,
  ) {
    const promise = generate(entities, overrides);
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow(`Invalid input '${field}'`);
    await expect(promise).rejects.toThrow(rule);
    expect(await readTree(mockDir.path)).toEqual({});
  }

  it('regenerates an instance of the same name', async () => {
    await generate([
      instance('acme-directory', {
        'agntcy.org/trust-domain': 'dir.acme.com',
        'agntcy.org/base-domain': 'dir.acme.com',
        'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
      }),
    ]);
    expect(Object.keys(await readTree(mockDir.path)).length).toBeGreaterThan(10);
  });

  it('refuses the trust domain of another instance, naming it', async () => {
    await refused(
      [instance('globex', { 'agntcy.org/trust-domain': 'dir.acme.com' })],
      {},
      'trustDomain',
      'resource:default/globex already uses dir.acme.com',
    );
  });

  it('refuses the base domain (and so the hosts) of another instance', async () => {
    await refused(
      [instance('globex', { 'agntcy.org/base-domain': 'dir.acme.com' })],
      {},
      'baseDomain',
      'resource:default/globex already serves its hosts under dir.acme.com',
    );
  });

  it('refuses a namespace another instance uses on the cluster', async () => {
    await refused(
      [
        instance('globex', {
          'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
          'agntcy.org/namespace': 'acme-directory-dir',
        }),
      ],
      {},
      'name',
      'namespace acme-directory-dir on cluster eks-prod-eu, which resource:default/globex already uses',
    );
  });

  it('refuses a second SPIRE on a cluster that runs one', async () => {
    await refused(
      [instance('globex', { 'agntcy.org/kubernetes-cluster': 'eks-prod-eu' })],
      {},
      'cluster.name',
      'already runs the SPIRE of resource:default/globex',
    );
  });

  it("refuses to reuse another instance's SPIRE (its trust domain is never shared)", async () => {
    await refused(
      [instance('globex', { 'agntcy.org/kubernetes-cluster': 'eks-prod-eu' })],
      { spire: { reuseExisting: true } },
      'spire.reuseExisting',
      'it belongs to resource:default/globex',
    );
  });

  it('deploys next to instances on other clusters', async () => {
    await generate([instance('globex', {}), instance('initech', {})]);
    expect(Object.keys(await readTree(mockDir.path)).length).toBeGreaterThan(10);
  });
});
