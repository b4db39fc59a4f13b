import { FakeRoute53 } from './FakeRoute53';

/** The text of the first `<name>` element, or undefined. */
function tag(xml: string, name: string): string | undefined {
  return xml.match(new RegExp(`<${name}>([^<]*)</${name}>`))?.[1];
}

function all(xml: string, name: string): string[] {
  return [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map(
    m => m[1],
  );
}

describe('FakeRoute53', () => {
  let fake: FakeRoute53;

  beforeEach(async () => {
    fake = await FakeRoute53.start({ pageSize: 2 });
    fake.addHostedZone({ id: 'Z1', name: 'acme.com' });
    for (const [name, type] of [
      ['zot.acme.com', 'A'],
      ['acme.com', 'NS'],
      ['api.acme.com', 'TXT'],
      ['api.acme.com', 'A'],
      ['x.api.acme.com', 'A'],
      ['acme.com', 'SOA'],
    ]) {
      fake.addRecord('Z1', { name, type, values: ['192.0.2.1'] });
    }
  });

  afterEach(() => fake.close());

  const get = async (path: string) => {
    const res = await fetch(`${fake.endpoint}/2013-04-01/${path}`);
    return { status: res.status, xml: await res.text() };
  };

  it('lists records in reversed-label order across pages', async () => {
    const seen: string[] = [];
    let query = 'hostedzone/Z1/rrset';
    for (;;) {
      const { status, xml } = await get(query);
      expect(status).toBe(200);
      const names = all(xml, 'Name');
      const types = all(xml, 'Type');
      names.forEach((n, i) => seen.push(`${n} ${types[i]}`));
      if (tag(xml, 'IsTruncated') !== 'true') {
        break;
      }
      query = `hostedzone/Z1/rrset?name=${tag(
        xml,
        'NextRecordName',
      )}&type=${tag(xml, 'NextRecordType')}`;
    }
    expect(seen).toEqual([
      'acme.com. NS',
      'acme.com. SOA',
      'api.acme.com. A',
      'api.acme.com. TXT',
      'x.api.acme.com. A',
      'zot.acme.com. A',
    ]);
    expect(fake.stats.operations.ListResourceRecordSets).toBe(3);
  });

  it('starts a listing at StartRecordName and StartRecordType', async () => {
    const { xml } = await get(
      'hostedzone/Z1/rrset?name=api.acme.com&type=TXT&maxitems=1',
    );
    expect(all(xml, 'Name')).toEqual(['api.acme.com.']);
    expect(all(xml, 'Type')).toEqual(['TXT']);
    expect(tag(xml, 'NextRecordName')).toBe('x.api.acme.com.');
  });

  it('answers unknown zones with NoSuchHostedZone in the AWS error format', async () => {
    const { status, xml } = await get('hostedzone/ZNONE');
    expect(status).toBe(404);
    expect(xml).toContain(
      '<ErrorResponse xmlns="https://route53.amazonaws.com/doc/2013-04-01/">',
    );
    expect(tag(xml, 'Code')).toBe('NoSuchHostedZone');
    expect(tag(xml, 'Type')).toBe('Sender');
  });

  it('refuses a record type without a record name', async () => {
    const { status, xml } = await get('hostedzone/Z1/rrset?type=A');
    expect(status).toBe(400);
    expect(tag(xml, 'Code')).toBe('InvalidInput');
  });

  it('serves GetHostedZone and counts requests', async () => {
    const { xml } = await get('hostedzone/Z1');
    expect(tag(xml, 'Id')).toBe('/hostedzone/Z1');
    expect(tag(xml, 'Name')).toBe('acme.com.');
    expect(tag(xml, 'ResourceRecordSetCount')).toBe('6');
    expect(fake.stats.requests).toBe(1);
  });

  it('escapes text', async () => {
    fake.addRecord('Z1', {
      name: 'txt.acme.com',
      type: 'TXT',
      values: ['"a<b>&c"'],
    });
    const { xml } = await get('hostedzone/Z1/rrset?name=txt.acme.com');
    expect(xml).toContain('<Value>&quot;a&lt;b&gt;&amp;c&quot;</Value>');
  });
});
