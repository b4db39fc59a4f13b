import { X509Certificate } from 'node:crypto';
import tls from 'node:tls';
import {
  startSimulatedCluster,
  SimulatedClusterHandle,
} from './startSimulatedCluster';

function peerCertificate(
  port: number,
  servername: string,
): Promise<X509Certificate> {
  return new Promise((resolve, reject) => {
    const socket = tls.connect({
      host: '127.0.0.1',
      port,
      servername,
      ALPNProtocols: ['h2'],
      rejectUnauthorized: false,
    });
    socket.on('secureConnect', () => {
      resolve(socket.getPeerX509Certificate()!);
      socket.destroy();
    });
    // The apiserver-like endpoint then fails the handshake for want of a client certificate.
    socket.on('error', error =>
      socket.getPeerX509Certificate() ? undefined : reject(error),
    );
  });
}

describe('startSimulatedCluster', () => {
  let cluster: SimulatedClusterHandle;

  beforeAll(async () => {
    cluster = await startSimulatedCluster({
      kubernetesPorts: [0, 0, 0],
      route53Port: 0,
      healthyApiPort: 0,
      brokenApiPort: 0,
      discoveredApiPort: 0,
      refreshIntervalMs: 100,
    });
  });

  afterAll(async () => {
    await cluster.close();
  });

  it('seeds a healthy, a broken and an unregistered instance', () => {
    const [healthy, broken, discovered] = cluster.instances;
    expect(healthy).toMatchObject({
      release: 'dir-dir-prod-argoapp',
      namespace: 'dir-prod-dir',
      trustDomain: 'acme.com',
    });
    expect(broken).toMatchObject({
      release: 'dir-dir-globex-argoapp',
      namespace: 'dir-globex-dir',
      trustDomain: 'globex.io',
    });
    expect(discovered).toMatchObject({
      release: 'dir-dir-initech-argoapp',
      namespace: 'dir-initech-dir',
      trustDomain: 'initech.dev',
    });
    expect(cluster.kubernetes.token).toBe('simulated-cluster-token');
    expect(cluster.summary).toMatch(
      /^simulated clusters ready: kubernetes simulated-eks-1 https:\/\/127\.0\.0\.1:\d+, simulated-eks-2 https:\/\/127\.0\.0\.1:\d+, simulated-eks-3 https:\/\/127\.0\.0\.1:\d+, route53 http:\/\/127\.0\.0\.1:\d+, api\.acme\.com -> 127\.0\.0\.1:\d+, api\.globex\.io -> 127\.0\.0\.1:\d+, api\.initech\.dev -> 127\.0\.0\.1:\d+$/,
    );
  });

  it('serves an SVID for the healthy API and the ingress fake certificate for the broken one', async () => {
    const healthy = await peerCertificate(
      cluster.tlsEndpoints['api.acme.com'].port,
      'api.acme.com',
    );
    expect(healthy.subjectAltName).toBe(
      'URI:spiffe://acme.com/ns/dir-prod-dir/sa/default, DNS:api.acme.com',
    );
    const broken = await peerCertificate(
      cluster.tlsEndpoints['api.globex.io'].port,
      'api.globex.io',
    );
    expect(broken.subjectAltName).toBe('DNS:ingress.local');
  });

  it('keeps the state fresh', async () => {
    const before = cluster.kubernetes.stats.logBytesWritten;
    await new Promise(resolve => setTimeout(resolve, 350));
    expect(cluster.kubernetes.stats.logBytesWritten).toBeGreaterThan(before);
  });

  it('runs one Directory per cluster and holds acme.com in Route53', () => {
    expect(cluster.clusters.map(c => c.name)).toEqual([
      'simulated-eks-1',
      'simulated-eks-2',
      'simulated-eks-3',
    ]);
    expect(new Set(cluster.clusters.map(c => c.kubernetes.url)).size).toBe(3);
    expect(cluster.route53.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('runs NGINX without SSL passthrough on simulated-eks-2 only', () => {
    const args = cluster.clusters.map(c =>
      JSON.stringify(
        c.kubernetes.get(
          'Deployment',
          'ingress-nginx',
          'ingress-nginx-controller',
        ),
      ).includes('--enable-ssl-passthrough'),
    );
    expect(args).toEqual([true, false, true]);
  });

  it('federates acme.com with fresh peers and shows globex.io a stale one', () => {
    const [acme, globex] = cluster.clusters.map(c => c.kubernetes);
    expect(
      acme
        .list('ClusterFederatedTrustDomain')
        .map(o => (o.spec as { trustDomain: string }).trustDomain),
    ).toEqual(expect.arrayContaining(['spire.ads.outshift.io', 'globex.io']));
    expect(
      acme.get('Pod', 'dir-prod-spire', 'spire-dir-prod-argoapp-server-0'),
    ).toBeDefined();
    expect(
      globex.get(
        'Pod',
        'dir-globex-spire',
        'spire-dir-globex-argoapp-server-0',
      ),
    ).toBeDefined();
  });
});
