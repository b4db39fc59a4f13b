import {
  createMockDirectory,
  mockCredentials,
} from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import type { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import type { JsonObject } from '@backstage/types';
import { readTree, validDeploymentInput } from '../__testUtils__/deployment';
import { createDeploymentGenerateAction } from './deploymentGenerate';
import { createDeploymentPreviewAction } from './deploymentPreview';
import { examples } from './deploymentPreview.examples';

// The mock registry names actions test:<name>.
const ACTION_ID = 'test:preview-directory-deployment';

const otherInstance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'globex-directory',
    namespace: 'default',
    annotations: {
      'agntcy.org/trust-domain': 'dir.acme.com',
      'agntcy.org/base-domain': 'dir.globex.io',
      'agntcy.org/kubernetes-cluster': 'eks-other',
      'agntcy.org/namespace': 'globex-directory-dir',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

function setup(entities: Entity[] = []) {
  const registry = actionsRegistryServiceMock();
  createDeploymentPreviewAction({
    actionsRegistry: registry,
    catalog: catalogServiceMock({ entities }),
  });
  const preview = async (input: unknown) =>
    (
      await registry.invoke({
        id: ACTION_ID,
        input: { input } as JsonObject,
        credentials: mockCredentials.user(),
      })
    ).output as {
      accepted: boolean;
      refusals: Array<{ field: string; rule: string }>;
      entityRef?: string;
      files: Array<{ path: string; content: string }>;
      summary?: string;
    };
  return { registry, preview };
}

describe('preview-directory-deployment', () => {
  const mockDir = createMockDirectory();
  afterEach(() => mockDir.clear());

  it('shows exactly the files directory:deployment:generate writes', async () => {
    const { preview } = setup();
    const input = validDeploymentInput({ targetPath: 'gitops' });
    const previewed = await preview(input);

    const generate = createDeploymentGenerateAction();
    const ctx = createMockActionContext({
      input: input as unknown as Parameters<
        typeof generate.handler
      >[0]['input'],
      workspacePath: mockDir.path,
    });
    await generate.handler(ctx);
    const written = await readTree(mockDir.path);

    expect(previewed.accepted).toBe(true);
    expect(previewed.refusals).toEqual([]);
    expect(previewed.entityRef).toBe('resource:default/acme-directory');
    expect(
      Object.fromEntries(previewed.files.map(f => [f.path, f.content])),
    ).toEqual(written);
    expect(previewed.summary).toContain('acme-directory');
  });

  it('lists every refusal of a bad input, naming the field and the rule', async () => {
    const { preview } = setup();
    const previewed = await preview(
      validDeploymentInput({
        owner: 42,
        federationProfile: 'mtls',
      }),
    );
    expect(previewed.accepted).toBe(false);
    expect(previewed.files).toEqual([]);
    expect(previewed.refusals.map(r => r.field)).toEqual(
      expect.arrayContaining(['owner', 'federationProfile']),
    );
    expect(
      previewed.refusals.find(r => r.field === 'federationProfile')?.rule,
    ).toMatch(/https_web/);
  });

  it('refuses what the action refuses: a target path outside the workspace', async () => {
    const { preview } = setup();
    const previewed = await preview(
      validDeploymentInput({ targetPath: '../elsewhere' }),
    );
    expect(previewed).toEqual(
      expect.objectContaining({
        accepted: false,
        refusals: [
          { field: 'targetPath', rule: 'must stay inside the workspace' },
        ],
      }),
    );
  });

  it('refuses a trust domain another instance in the catalog uses', async () => {
    const { preview } = setup([otherInstance]);
    const previewed = await preview(validDeploymentInput());
    expect(previewed.accepted).toBe(false);
    expect(previewed.refusals).toEqual([
      expect.objectContaining({ field: 'trustDomain' }),
    ]);
    expect(previewed.refusals[0].rule).toContain(
      'resource:default/globex-directory',
    );
  });

  it('is a read-only action whose examples are accepted', async () => {
    const { registry, preview } = setup();
    const [action] = (await registry.list()).actions;
    expect(action.attributes).toEqual({
      readOnly: true,
      destructive: false,
      idempotent: true,
    });
    for (const example of examples) {
      expect((await preview(example.input.input)).accepted).toBe(true);
    }
  });
});
