import { ConfigReader } from '@backstage/config';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { directoryHosts } from '@directory-ops/plugin-directory-common';
import {
  FakeKubernetesApi,
  FakeRoute53,
  KubeObject,
} from '@directory-ops/simulated-cluster';
import {
  NAMESPACE,
  RELEASE,
  testCheckContext,
  testInstance,
} from '../__testUtils__/cluster';
import { Route53RecordReader } from '../dns/Route53RecordReader';
import { dnsCheck } from './dns';

// The first test pays for starting the fakes and loading client-node on a busy machine.
jest.setTimeout(60_000);

const ZONE_ID = 'Z0123456789ABCDEFGHIJ';
const BASE_DOMAIN = 'dir.acme.com';
const INGRESS_LB =
  'k8s-ingressn-ingressn-0123456789-abcdef.elb.us-east-1.amazonaws.com';
const ROUTING_LB =
  'k8s-dirprod-dirapise-0123456789-fedcba.elb.us-east-1.amazonaws.com';
const ELB_ZONE = 'Z26RNL4JYFTOTI';

function ingress(): KubeObject {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: `${RELEASE}-apiserver`, namespace: NAMESPACE },
    spec: { rules: [{ host: `api.${BASE_DOMAIN}` }] },
    status: { loadBalancer: { ingress: [{ hostname: INGRESS_LB }] } },
  };
}

function routingService(): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name: `${RELEASE}-apiserver-routing`, namespace: NAMESPACE },
    spec: { type: 'LoadBalancer', ports: [{ name: 'routing', port: 5555 }] },
    status: { loadBalancer: { ingress: [{ hostname: ROUTING_LB }] } },
  };
}

describe('dns check', () => {
  let api: FakeKubernetesApi;
  let route53: FakeRoute53;

  beforeAll(async () => {
    api = await FakeKubernetesApi.start();
    api.put(ingress());
    api.put(routingService());
  });
  afterAll(() => api.close());
  afterEach(() => route53?.close());

  async function zoneWith(
    records: Array<{ name: string; dnsName?: string; type?: string }>,
  ) {
    route53 = await FakeRoute53.start({ pageSize: 2 });
    route53.addHostedZone({ id: ZONE_ID, name: 'acme.com' });
    for (const name of [
      'aaa.acme.com',
      'www.acme.com',
      'zzz.acme.com',
      'a.dir.acme-corp.com',
    ]) {
      route53.addRecord(ZONE_ID, {
        name,
        type: 'A',
        ttl: 300,
        values: ['192.0.2.10'],
      });
    }
    for (const r of records) {
      route53.addRecord(ZONE_ID, {
        name: r.name,
        type: r.type ?? 'A',
        aliasTarget: r.dnsName
          ? { dnsName: r.dnsName, hostedZoneId: ELB_ZONE }
          : undefined,
        values: r.dnsName ? undefined : ['192.0.2.20'],
      });
    }
  }

  function context(zoneId: string | undefined = ZONE_ID) {
    const config = new ConfigReader({
      aws: {
        mainAccount: {
          accessKeyId: 'AKIAFAKEFAKEFAKE',
          secretAccessKey: 'fake-secret',
        },
      },
    });
    return testCheckContext(api, {
      instance: testInstance({
        baseDomain: BASE_DOMAIN,
        hosts: directoryHosts(BASE_DOMAIN),
        route53HostedZoneId: zoneId,
      }),
      route53: new Route53RecordReader(
        { region: 'us-east-1', endpoint: route53.endpoint },
        DefaultAwsCredentialsManager.fromConfig(config),
      ),
    });
  }

  const hosts = directoryHosts(BASE_DOMAIN);
  const healthy = [
    { name: hosts.api, dnsName: `dualstack.${INGRESS_LB}` },
    { name: hosts.zot, dnsName: INGRESS_LB },
    { name: hosts.spire, dnsName: INGRESS_LB },
    { name: hosts.oidcDiscovery, dnsName: INGRESS_LB.toUpperCase() },
    { name: hosts.routing, dnsName: ROUTING_LB },
  ];

  it('is ok when all five hosts alias the instance load balancers, across pages', async () => {
    await zoneWith(healthy);
    const verdict = await dnsCheck.run(context());
    expect(verdict).toMatchObject({ status: 'ok' });
    expect(route53.stats.requests).toBeGreaterThan(1);
  });

  it('is an error when a record is missing', async () => {
    await zoneWith(healthy.filter(r => r.name !== hosts.oidcDiscovery));
    expect(await dnsCheck.run(context())).toMatchObject({
      status: 'error',
      summary: expect.stringContaining(
        `No Route53 record for ${hosts.oidcDiscovery}`,
      ),
    });
  });

  it('is a warning when a record aliases another load balancer', async () => {
    await zoneWith([
      ...healthy.filter(r => r.name !== hosts.api),
      {
        name: hosts.api,
        dnsName: 'old-nginx-lb-999.elb.us-east-1.amazonaws.com',
      },
    ]);
    const verdict = await dnsCheck.run(context());
    expect(verdict).toMatchObject({
      status: 'warning',
      summary: expect.stringContaining(
        'old-nginx-lb-999.elb.us-east-1.amazonaws.com',
      ),
    });
  });

  it('is unknown when Route53 refuses the request', async () => {
    await zoneWith(healthy);
    const verdict = await dnsCheck.run(context('ZNOSUCHZONE'));
    expect(verdict).toMatchObject({
      status: 'unknown',
      summary: expect.stringContaining('NoSuchHostedZone'),
    });
  });

  it('is left out when the instance names no hosted zone', async () => {
    await zoneWith(healthy);
    expect(await dnsCheck.run(context(''))).toBeUndefined();
  });
});
