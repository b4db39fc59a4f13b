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

function instance(name: string, annotations: Record<string, string>): Entity {
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

  /** The error of a refused generation, and what it wrote (nothing). */
  async function refusal(entities: Entity[], overrides: InputOverrides = {}) {
    const error = await generate(entities, overrides).then(
      () => undefined,
      (e: Error) => e,
    );
    return {
      isInputError: error instanceof InputError,
      message: error?.message,
      written: Object.keys(await readTree(mockDir.path)),
    };
  }

  const refused = (field: string, rule: string) => ({
    isInputError: true,
    message: expect.stringMatching(
      new RegExp(
        `^Invalid input '${field.replace(/\./g, '\\.')}': .*${rule.replace(
          /[.*+?^${}()|[\]\\]/g,
          '\\$&',
        )}`,
      ),
    ),
    written: [],
  });

  it('regenerates an instance of the same name', async () => {
    await generate([
      instance('acme-directory', {
        'agntcy.org/trust-domain': 'dir.acme.com',
        'agntcy.org/base-domain': 'dir.acme.com',
        'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
      }),
    ]);
    expect(Object.keys(await readTree(mockDir.path)).length).toBeGreaterThan(
      10,
    );
  });

  it('refuses the trust domain of another instance, naming it', async () => {
    expect(
      await refusal(
        [instance('globex', { 'agntcy.org/trust-domain': 'dir.acme.com' })],
        {},
      ),
    ).toEqual(
      refused(
        'trustDomain',
        'resource:default/globex already uses dir.acme.com',
      ),
    );
  });

  it('refuses the base domain (and so the hosts) of another instance', async () => {
    expect(
      await refusal(
        [instance('globex', { 'agntcy.org/base-domain': 'dir.acme.com' })],
        {},
      ),
    ).toEqual(
      refused(
        'baseDomain',
        'resource:default/globex already serves its hosts under dir.acme.com',
      ),
    );
  });

  it('refuses a namespace another instance uses on the cluster', async () => {
    expect(
      await refusal(
        [
          instance('globex', {
            'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
            'agntcy.org/namespace': 'acme-directory-dir',
          }),
        ],
        {},
      ),
    ).toEqual(
      refused(
        'name',
        'namespace acme-directory-dir on cluster eks-prod-eu, which resource:default/globex already uses',
      ),
    );
  });

  it('refuses a second SPIRE on a cluster that runs one', async () => {
    expect(
      await refusal(
        [
          instance('globex', {
            'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
          }),
        ],
        {},
      ),
    ).toEqual(
      refused(
        'cluster.name',
        'already runs the SPIRE of resource:default/globex',
      ),
    );
  });

  it("refuses to reuse another instance's SPIRE (its trust domain is never shared)", async () => {
    expect(
      await refusal(
        [
          instance('globex', {
            'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
          }),
        ],
        { spire: { reuseExisting: true } },
      ),
    ).toEqual(
      refused('spire.reuseExisting', 'it belongs to resource:default/globex'),
    );
  });

  it('deploys next to instances on other clusters', async () => {
    await generate([instance('globex', {}), instance('initech', {})]);
    expect(Object.keys(await readTree(mockDir.path)).length).toBeGreaterThan(
      10,
    );
  });
});
