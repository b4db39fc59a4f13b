import {
  GetHostedZoneCommand,
  ListHostedZonesByNameCommand,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { mockServices } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { DefaultAwsCredentialsManager } from '@backstage/integration-aws-node';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { FakeRoute53 } from '@directory-ops/simulated-cluster';
import { readRoute53Settings } from '@directory-ops/plugin-directory-node';
import { createRoute53Client } from '../dns/route53Client';
import { NOT_VERIFIED_NOTE, createDnsPlanAction } from './dnsPlan';

const HOSTS = {
  api: 'api.dir.acme.com',
  zot: 'zot.dir.acme.com',
  routing: 'routing.dir.acme.com',
  spire: 'spire.dir.acme.com',
  oidcDiscovery: 'oidc-discovery.spire.dir.acme.com',
};

function clientFor(fake: FakeRoute53): Route53Client {
  const config = mockServices.rootConfig({
    data: {
      aws: {
        mainAccount: { accessKeyId: 'AKIDTEST', secretAccessKey: 'test-only' },
      },
      directory: { route53: { endpoint: fake.endpoint } },
    },
  });
  const client = createRoute53Client(
    readRoute53Settings(config),
    DefaultAwsCredentialsManager.fromConfig(config),
  );
  if (!client) {
    throw new Error('expected a Route53 client');
  }
  return client;
}

async function run(
  action: ReturnType<typeof createDnsPlanAction>,
  input: Record<string, unknown>,
) {
  const ctx = createMockActionContext({
    input: input as Parameters<typeof action.handler>[0]['input'],
  });
  await action.handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

describe('directory:dns:plan', () => {
  let fake: FakeRoute53;

  beforeEach(async () => {
    fake = await FakeRoute53.start({ pageSize: 2 });
    fake.addHostedZone({ id: 'ZPARENT', name: 'acme.com' });
    fake.addHostedZone({
      id: 'ZPRIVATE',
      name: 'dir.acme.com',
      privateZone: true,
    });
    fake.addHostedZone({ id: 'ZDIR', name: 'dir.acme.com' });
    fake.addRecord('ZDIR', {
      name: 'dir.acme.com',
      type: 'NS',
      values: ['ns-1.awsdns-fake.com'],
    });
    fake.addRecord('ZDIR', {
      name: 'dir.acme.com',
      type: 'SOA',
      values: ['ns-1 hostmaster 1 7200 900 1209600 86400'],
    });
    fake.addRecord('ZDIR', {
      name: 'aaa.dir.acme.com',
      type: 'A',
      values: ['10.0.0.1'],
    });
  });

  afterEach(() => fake.close());

  it('returns the plan with a "not verified" note without AWS config', async () => {
    const action = createDnsPlanAction();
    const out = await run(action, { baseDomain: 'dir.acme.com' });
    expect(out).toEqual({
      hosts: HOSTS,
      verified: false,
      hostedZoneId: '',
      conflicts: [],
      notes: [NOT_VERIFIED_NOTE],
    });
    expect(
      readRoute53Settings(mockServices.rootConfig({ data: {} })).awsConfigured,
    ).toBe(false);
  });

  it('finds the public zone by name and reports free hosts', async () => {
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    const out = await run(action, { baseDomain: 'dir.acme.com' });
    expect(out.verified).toBe(true);
    expect(out.hostedZoneId).toBe('ZDIR');
    expect(out.conflicts).toEqual([]);
    expect(fake.stats.operations.ListHostedZonesByName).toBe(1);
  });

  it('reads the endpoint override and AWS credentials from config', async () => {
    const config = mockServices.rootConfig({
      data: {
        aws: {
          mainAccount: {
            accessKeyId: 'AKIDTEST',
            secretAccessKey: 'test-only',
          },
        },
        directory: { route53: { endpoint: fake.endpoint } },
      },
    });
    const out = await run(createDnsPlanAction({ config }), {
      baseDomain: 'dir.acme.com',
    });
    expect(out.verified).toBe(true);
    expect(out.hostedZoneId).toBe('ZDIR');
    const unverified = await run(
      createDnsPlanAction({ config: mockServices.rootConfig({ data: {} }) }),
      { baseDomain: 'dir.acme.com' },
    );
    expect(unverified.verified).toBe(false);
  });

  it('falls back to a parent zone', async () => {
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    const out = await run(action, { baseDomain: 'eu.directory.acme.com' });
    expect(out.hostedZoneId).toBe('ZPARENT');
  });

  it('follows IsTruncated pages and reports a host that already points elsewhere', async () => {
    // Several record sets at the same name, so that they span pages of two.
    fake.addRecord('ZDIR', {
      name: 'api.dir.acme.com',
      type: 'TXT',
      values: ['"heritage=other"'],
    });
    fake.addRecord('ZDIR', {
      name: 'api.dir.acme.com',
      type: 'MX',
      values: ['10 mail.acme.com'],
    });
    fake.addRecord('ZDIR', {
      name: 'api.dir.acme.com',
      type: 'CAA',
      values: ['0 issue "amazon.com"'],
    });
    fake.addRecord('ZDIR', {
      name: 'api.dir.acme.com',
      type: 'A',
      aliasTarget: {
        dnsName: 'old-nlb-123.elb.eu-west-1.amazonaws.com',
        hostedZoneId: 'Z2IFOLAFXWLO4F',
      },
    });
    fake.addRecord('ZDIR', {
      name: 'zot.dir.acme.com',
      type: 'CNAME',
      ttl: 60,
      values: ['legacy.acme.com'],
    });
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    const out = await run(action, {
      baseDomain: 'dir.acme.com',
      hostedZoneId: 'ZDIR',
    });
    expect(out.verified).toBe(true);
    expect(out.conflicts).toEqual([
      {
        host: 'api.dir.acme.com',
        type: 'A',
        target: 'alias old-nlb-123.elb.eu-west-1.amazonaws.com.',
      },
      { host: 'zot.dir.acme.com', type: 'CNAME', target: 'legacy.acme.com' },
    ]);
    expect(out.notes.join('\n')).toContain(
      'api.dir.acme.com already resolves: A record',
    );
    // api.dir.acme.com has four record sets: with pages of two that takes more than one call.
    expect(fake.stats.operations.ListResourceRecordSets).toBeGreaterThan(5);
  });

  it('fails on a conflict when asked to', async () => {
    fake.addRecord('ZDIR', {
      name: 'routing.dir.acme.com',
      type: 'A',
      values: ['192.0.2.10'],
    });
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    await expect(
      run(action, {
        baseDomain: 'dir.acme.com',
        hostedZoneId: 'ZDIR',
        failOnConflict: true,
      }),
    ).rejects.toThrow(/routing\.dir\.acme\.com \(A → 192\.0\.2\.10\)/);
  });

  it('refuses an unknown hosted zone id, a zone that does not hold the domain, and a missing zone', async () => {
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    await expect(
      run(action, { baseDomain: 'dir.acme.com', hostedZoneId: 'ZNOPE' }),
    ).rejects.toThrow(/'hostedZoneId'.*no hosted zone ZNOPE/);
    await expect(
      run(action, { baseDomain: 'dir.other.com', hostedZoneId: 'ZDIR' }),
    ).rejects.toThrow(/'hostedZoneId'.*does not hold dir\.other\.com/);
    await expect(run(action, { baseDomain: 'dir.other.com' })).rejects.toThrow(
      /'baseDomain'.*no public Route53 hosted zone/,
    );
  });

  it('refuses bad input before calling AWS', async () => {
    const action = createDnsPlanAction({ route53: clientFor(fake) });
    await expect(
      run(action, { baseDomain: 'api.dir.acme.com\nx: y' }),
    ).rejects.toThrow(InputError);
    await expect(
      run(action, { baseDomain: 'dir.acme.com', hostedZoneId: 'z1; drop' }),
    ).rejects.toThrow(/'hostedZoneId'/);
    expect(fake.stats.requests).toBe(0);
  });

  it('speaks Route53 errors and zone listings the SDK understands', async () => {
    const client = clientFor(fake);
    const byName = await client.send(
      new ListHostedZonesByNameCommand({
        DNSName: 'dir.acme.com',
        MaxItems: 1,
      }),
    );
    expect(byName.HostedZones?.map(z => z.Id)).toEqual(['/hostedzone/ZDIR']);
    // The private zone of the same name comes next.
    expect(byName.IsTruncated).toBe(true);
    expect(byName.NextDNSName).toBe('dir.acme.com.');
    expect(byName.NextHostedZoneId).toBe('ZPRIVATE');
    const first = await client.send(
      new ListHostedZonesByNameCommand({ MaxItems: 1 }),
    );
    expect(first.HostedZones?.map(z => z.Name)).toEqual(['acme.com.']);
    expect(first.NextDNSName).toBe('dir.acme.com.');
    await expect(
      client.send(
        new ListHostedZonesByNameCommand({
          DNSName: 'x.io',
          HostedZoneId: 'ZX',
        }),
      ),
    ).resolves.toMatchObject({ HostedZones: [] });
    await expect(
      client.send(new GetHostedZoneCommand({ Id: '/hostedzone/ZGONE' })),
    ).rejects.toMatchObject({
      name: 'NoSuchHostedZone',
      message: 'No hosted zone found with ID: ZGONE',
      $metadata: { httpStatusCode: 404 },
    });
    const error = await client
      .send(new ListHostedZonesByNameCommand({ HostedZoneId: 'ZDIR' }))
      .catch(e => e);
    expect(error.name).toBe('InvalidInput');
  });
});
