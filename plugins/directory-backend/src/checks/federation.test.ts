import {
  FakeKubernetesApi,
  seedSpireServer,
  SpirePeerScenario,
} from '@directory-ops/simulated-cluster';
import { testCheckContext, testInstance } from '../__testUtils__/cluster';
import { federationCheck, FederationPeerStatus } from './federation';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

const NAMESPACE = 'acme-directory-dir';
const SPIRE_NAMESPACE = 'acme-directory-spire';

describe('federation check', () => {
  let api: FakeKubernetesApi;

  beforeEach(async () => {
    api = await FakeKubernetesApi.start();
  });
  afterEach(() => api.close());

  async function run(
    peers: SpirePeerScenario[],
    options: { federatedPeers?: string[]; spireNamespace?: string } = {},
  ) {
    seedSpireServer(api, {
      namespace: options.spireNamespace ?? SPIRE_NAMESPACE,
      release: 'acme-directory-spire',
      trustDomain: 'acme.com',
      peers,
    });
    return federationCheck.run(
      testCheckContext(api, {
        instance: testInstance({
          namespace: NAMESPACE,
          federatedPeers:
            options.federatedPeers ?? peers.map(p => p.trustDomain),
        }),
      }),
    );
  }

  function peersOf(outcome: Awaited<ReturnType<typeof run>>) {
    return (outcome?.details?.peers ?? []) as FederationPeerStatus[];
  }

  it('does not apply to an instance without federated peers', async () => {
    expect(await run([], { federatedPeers: [] })).toBeUndefined();
  });

  it('is ok when every peer was refreshed within its refresh hint', async () => {
    const outcome = await run([
      { trustDomain: 'spire.ads.outshift.io', lastRefreshMinutesAgo: 1 },
      { trustDomain: 'globex.io', lastRefreshMinutesAgo: 2 },
    ]);
    expect(outcome).toMatchObject({
      status: 'ok',
      summary: '2 peer bundles refreshed within the refresh hint',
      details: {
        spireServer: `${SPIRE_NAMESPACE}/acme-directory-spire-server-0`,
      },
    });
    expect(peersOf(outcome)).toEqual([
      expect.objectContaining({
        trustDomain: 'spire.ads.outshift.io',
        state: 'fresh',
        refreshHintSeconds: 300,
        federationObject: 'acme-directory-spire-spire-ads-outshift-io',
        lastRefresh: expect.any(String),
      }),
      expect.objectContaining({ trustDomain: 'globex.io', state: 'fresh' }),
    ]);
  });

  it('is a warning when a peer is stale, naming its last refresh', async () => {
    const outcome = await run([
      { trustDomain: 'spire.ads.outshift.io', lastRefreshMinutesAgo: 1 },
      {
        trustDomain: 'globex.io',
        lastRefreshMinutesAgo: 42,
        error:
          'failed to fetch bundle: Get "https://spire.globex.io": dial tcp 203.0.113.7:443: i/o timeout',
      },
    ]);
    expect(outcome).toMatchObject({
      status: 'warning',
      summary: 'globex.io last refreshed 42 min ago (refresh hint 5 min)',
      remediation: expect.stringContaining('https://spire.globex.io'),
    });
    const globex = peersOf(outcome)[1];
    expect(globex).toMatchObject({
      state: 'stale',
      lastError:
        'failed to fetch bundle: Get "https://spire.globex.io": dial tcp 203.0.113.7:443: i/o timeout',
    });
    expect(Date.now() - Date.parse(globex.lastRefresh!)).toBeGreaterThanOrEqual(
      42 * 60_000 - 1000,
    );
  });

  it('widens the search to find a refresh hours ago', async () => {
    const outcome = await run([
      {
        trustDomain: 'globex.io',
        lastRefreshMinutesAgo: 150,
        error: 'failed to fetch bundle: 503 Service Unavailable',
      },
    ]);
    expect(outcome).toMatchObject({
      status: 'warning',
      summary: 'globex.io last refreshed 3 h ago (refresh hint 5 min)',
    });
  });

  it('is an error when a peer was never fetched', async () => {
    const outcome = await run([
      { trustDomain: 'spire.ads.outshift.io', lastRefreshMinutesAgo: 1 },
      {
        trustDomain: 'initech.dev',
        error:
          'failed to fetch bundle: x509: certificate signed by unknown authority',
      },
    ]);
    expect(outcome).toMatchObject({
      status: 'error',
      summary:
        'The bundle of initech.dev was never fetched in the last 24 h: failed to fetch bundle: x509: certificate signed by unknown authority',
    });
    expect(peersOf(outcome)[1].state).toBe('never-fetched');
  });

  it('is an error when a peer has no ClusterFederatedTrustDomain', async () => {
    const outcome = await run([
      { trustDomain: 'spire.ads.outshift.io', lastRefreshMinutesAgo: 1 },
      { trustDomain: 'globex.io', federationObject: false },
    ]);
    expect(outcome).toMatchObject({
      status: 'error',
      summary:
        'No ClusterFederatedTrustDomain for globex.io: SPIRE does not fetch its bundle',
    });
    expect(peersOf(outcome)[1].state).toBe('no-federation-object');
  });

  it('reads the refresh hint from the bootstrap bundle', async () => {
    seedSpireServer(api, {
      namespace: SPIRE_NAMESPACE,
      trustDomain: 'acme.com',
      peers: [{ trustDomain: 'globex.io', lastRefreshMinutesAgo: 20 }],
    });
    const object = api.list('ClusterFederatedTrustDomain')[0];
    api.put({
      ...object,
      spec: {
        ...(object.spec as object),
        trustDomainBundle: JSON.stringify({
          keys: [],
          spiffe_refresh_hint: 3600,
        }),
      },
    });
    const outcome = await federationCheck.run(
      testCheckContext(api, {
        instance: testInstance({
          namespace: NAMESPACE,
          federatedPeers: ['globex.io'],
        }),
      }),
    );
    expect(outcome?.status).toBe('ok');
    expect(peersOf(outcome)[0].refreshHintSeconds).toBe(3600);
  });

  it('finds a SPIRE server in the recommended spire-server namespace', async () => {
    const outcome = await run(
      [{ trustDomain: 'globex.io', lastRefreshMinutesAgo: 1 }],
      { spireNamespace: 'spire-server' },
    );
    expect(outcome?.status).toBe('ok');
  });

  it('is unknown without a running SPIRE server', async () => {
    api.put({
      apiVersion: 'spire.spiffe.io/v1alpha1',
      kind: 'ClusterFederatedTrustDomain',
      metadata: { name: 'acme-directory-dir-apiserver-globex-io' },
      spec: {
        trustDomain: 'globex.io',
        bundleEndpointURL: 'https://spire.globex.io',
      },
    });
    const outcome = await federationCheck.run(
      testCheckContext(api, {
        instance: testInstance({
          namespace: NAMESPACE,
          federatedPeers: ['globex.io'],
        }),
      }),
    );
    expect(outcome).toMatchObject({
      status: 'unknown',
      summary: `No running SPIRE server pod found in ${SPIRE_NAMESPACE} or spire-server`,
    });
  });
});
