import type { AddressInfo } from 'node:net';
import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  FakeKubernetesApi,
  seedDirectoryInstance,
} from '@directory-ops/simulated-cluster';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

// An MCP client against a running backend with the directory plugin, the
// scaffolder with the directory module and the MCP actions backend, through
// the real actions registry and actions service.

const INSTANCE_REF = 'resource:default/acme-prod-directory';

const instance: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    namespace: 'default',
    title: 'ACME production Directory',
    annotations: {
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'mcp-eks',
      'agntcy.org/namespace': 'dir-acme',
      'agntcy.org/release': 'dir-acme',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

type ToolResult = {
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
  structuredContent?: Record<string, unknown>;
};

/** The JSON a tool answered with. */
function outputOf(result: ToolResult): Record<string, unknown> {
  if (result.structuredContent) {
    return result.structuredContent;
  }
  const text = result.content.find(c => c.type === 'text')?.text ?? '';
  return JSON.parse(text.replace(/^```json\n?|\n?```$/g, ''));
}

describe('MCP actions', () => {
  jest.setTimeout(60_000);

  let api: FakeKubernetesApi;
  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    seedDirectoryInstance(api, {
      release: 'dir-acme',
      namespace: 'dir-acme',
      trustDomain: 'acme.com',
      baseDomain: 'acme.com',
    });
  });
  afterAll(() => api.close());

  async function startBackend(permissionResult?: AuthorizeResult.DENY) {
    return startTestBackend({
      features: [
        import('@directory-ops/plugin-directory-backend'),
        import('@backstage/plugin-scaffolder-backend'),
        import('@directory-ops/plugin-scaffolder-backend-module-directory'),
        import('@backstage/plugin-mcp-actions-backend'),
        actionsRegistryServiceFactory,
        actionsServiceFactory,
        catalogServiceMock.factory({ entities: [instance] }),
        mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
        ...(permissionResult
          ? [mockServices.permissions.factory({ result: permissionResult })]
          : []),
        mockServices.rootConfig.factory({
          data: {
            backend: {
              actions: { pluginSources: ['directory', 'scaffolder'] },
            },
            kubernetes: {
              clusterLocatorMethods: [
                {
                  type: 'config',
                  clusters: [
                    {
                      name: 'mcp-eks',
                      url: api.url,
                      authProvider: 'serviceAccount',
                      serviceAccountToken: api.token,
                      caData: api.caData,
                    },
                  ],
                },
              ],
            },
          },
        }),
      ],
    });
  }

  async function connect(
    backend: Awaited<ReturnType<typeof startBackend>>,
  ): Promise<Client> {
    const { port } = backend.server.address() as AddressInfo;
    const client = new Client({ name: 'directory-ops-test', version: '1.0.0' });
    await client.connect(
      new StreamableHTTPClientTransport(
        new URL(`http://localhost:${port}/api/mcp-actions/v1`),
        {
          requestInit: {
            headers: { Authorization: mockCredentials.user.header() },
          },
        },
      ),
    );
    return client;
  }

  it('lists the directory actions and answers an instance health', async () => {
    const backend = await startBackend();
    const client = await connect(backend);
    try {
      const { tools } = await client.listTools();
      expect(tools.map(t => t.name)).toEqual(
        expect.arrayContaining([
          'directory.get-directory-instances',
          'directory.get-directory-instance-health',
          'directory.refresh-directory-instance-health',
          'scaffolder.preview-directory-deployment',
        ]),
      );

      const preview = outputOf(
        (await client.callTool({
          name: 'scaffolder.preview-directory-deployment',
          arguments: {
            input: {
              name: 'initech-directory',
              environment: 'prod',
              owner: 'group:default/platform',
              trustDomain: 'dir.initech.dev',
              baseDomain: 'dir.initech.dev',
              federationProfile: 'https_web',
              cluster: {
                name: 'initech-eks',
                server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
              },
              gitops: {
                repoUrl: 'https://github.com/initech/gitops.git',
                targetRevision: 'main',
                path: '.',
              },
            },
          },
        })) as ToolResult,
      );
      expect(preview).toEqual(
        expect.objectContaining({
          accepted: true,
          refusals: [],
          entityRef: 'resource:default/initech-directory',
        }),
      );
      expect(
        (preview.files as Array<{ path: string }>).map(f => f.path),
      ).toContain('clusters/dir/prod/initech-directory/catalog-info.yaml');

      const before = outputOf(
        (await client.callTool({
          name: 'directory.get-directory-instance-health',
          arguments: { entityRef: INSTANCE_REF },
        })) as ToolResult,
      );
      expect(before).toEqual({
        entityRef: INSTANCE_REF,
        status: 'unknown',
        checks: [],
      });

      const refreshed = outputOf(
        (await client.callTool({
          name: 'directory.refresh-directory-instance-health',
          arguments: { entityRef: INSTANCE_REF },
        })) as ToolResult,
      );
      expect(refreshed.checks).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ id: 'svid', status: 'ok' }),
        ]),
      );

      const after = outputOf(
        (await client.callTool({
          name: 'directory.get-directory-instance-health',
          arguments: { entityRef: INSTANCE_REF },
        })) as ToolResult,
      );
      expect(after).toEqual(
        expect.objectContaining({
          entityRef: INSTANCE_REF,
          status: refreshed.status,
          checkedAt: refreshed.checkedAt,
        }),
      );

      const fleet = outputOf(
        (await client.callTool({
          name: 'directory.get-directory-instances',
          arguments: { q: 'acme', limit: 10 },
        })) as ToolResult,
      );
      expect(fleet).toEqual(
        expect.objectContaining({
          totalCount: 1,
          items: [expect.objectContaining({ entityRef: INSTANCE_REF })],
        }),
      );

      const badFilter = (await client.callTool({
        name: 'directory.get-directory-instances',
        arguments: { status: ['broken'] },
      })) as ToolResult;
      expect(badFilter.isError).toBe(true);
    } finally {
      await client.close();
      await backend.stop();
    }
  });

  it('answers as the REST API does for a caller the policy denies', async () => {
    const backend = await startBackend(AuthorizeResult.DENY);
    const client = await connect(backend);
    try {
      const denied = (await client.callTool({
        name: 'directory.get-directory-instance-health',
        arguments: { entityRef: INSTANCE_REF },
      })) as ToolResult;
      expect(denied.isError).toBe(true);
      expect(JSON.stringify(denied.content)).toMatch(
        /directory\.instance\.read/,
      );
    } finally {
      await client.close();
      await backend.stop();
    }
  });
});
