import { createServer, IncomingMessage, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { NotFoundError } from '@backstage/errors';
import { ClusterConnector, isClusterTimeout } from './ClusterConnector';

/** Plain config data, as ConfigReader takes it. */
type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

/** A plain HTTP API server: answers namespaces, or never answers on `/hang`. */
async function startServer(
  onRequest: (req: IncomingMessage) => void,
  hang: () => boolean,
): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    onRequest(req);
    if (hang()) {
      return;
    }
    res.setHeader('content-type', 'application/json');
    res.end(
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'NamespaceList',
        metadata: {},
        items: [
          {
            apiVersion: 'v1',
            kind: 'Namespace',
            metadata: { name: 'dir-prod' },
          },
        ],
      }),
    );
  });
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, server };
}

function connectorFor(clusters: ConfigData[], extra: ConfigData = {}) {
  return ClusterConnector.fromConfig(
    new ConfigReader({
      kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters }] },
      ...extra,
    }),
    { logger: mockServices.logger.mock() },
  );
}

describe('ClusterConnector', () => {
  const requests: IncomingMessage[] = [];
  let hanging = false;
  let url: string;
  let server: Server;

  beforeAll(async () => {
    ({ url, server } = await startServer(
      req => requests.push(req),
      () => hanging,
    ));
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests.length = 0;
    hanging = false;
  });

  it('lists the configured clusters', () => {
    const connector = connectorFor([
      {
        name: 'a',
        url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
    ]);
    expect(connector.listClusters()).toEqual([
      { name: 'a', url, authProvider: 'serviceAccount', skipTLSVerify: true },
    ]);
  });

  it('calls the API with the service account token', async () => {
    const connector = connectorFor([
      {
        name: 'a',
        url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 'sa-token',
        skipTLSVerify: true,
      },
    ]);
    const apis = await connector.connect('a');
    const namespaces = await apis.core.listNamespace();
    expect(namespaces.items.map(n => n.metadata?.name)).toEqual(['dir-prod']);
    expect(requests[0].headers.authorization).toBe('Bearer sa-token');
  });

  it('calls the API with an EKS token for aws clusters', async () => {
    const connector = connectorFor(
      [{ name: 'prod-eks-1', url, authProvider: 'aws', skipTLSVerify: true }],
      {
        aws: {
          mainAccount: { accessKeyId: 'AKIAEXAMPLE', secretAccessKey: 's' },
        },
      },
    );
    await (await connector.connect('prod-eks-1')).core.listNamespace();
    expect(requests[0].headers.authorization).toMatch(
      /^Bearer k8s-aws-v1\.[\w-]+$/,
    );
  });

  it('gives up on a server that never answers', async () => {
    hanging = true;
    const connector = connectorFor([
      {
        name: 'a',
        url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
    ]);
    const apis = await connector.connect('a', { timeoutMs: 200 });
    const started = Date.now();
    const error = await apis.core.listNamespace().catch((e: unknown) => e);
    expect(isClusterTimeout(error)).toBe(true);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('is aborted by the caller signal', async () => {
    hanging = true;
    const connector = connectorFor([
      {
        name: 'a',
        url,
        authProvider: 'serviceAccount',
        serviceAccountToken: 't',
        skipTLSVerify: true,
      },
    ]);
    const controller = new AbortController();
    const apis = await connector.connect('a', { signal: controller.signal });
    const call = apis.core.listNamespace();
    controller.abort();
    await expect(call).rejects.toThrow();
  });

  it('throws NotFoundError for an unknown cluster', async () => {
    const connector = connectorFor([]);
    await expect(connector.connect('nope')).rejects.toThrow(NotFoundError);
  });

  it('rejects auth providers Directory Ops does not support', async () => {
    const connector = connectorFor([
      { name: 'g', url, authProvider: 'google' },
    ]);
    await expect(connector.connect('g')).rejects.toThrow(
      "Cluster 'g' uses auth provider 'google', which is not supported by Directory Ops",
    );
  });
});
