import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { el, toXmlDocument, XmlElement } from './xml';

const API_VERSION = '2013-04-01';
const XMLNS = `https://route53.amazonaws.com/doc/${API_VERSION}/`;
/** Route53's own cap on MaxItems for record and zone listings. */
const ROUTE53_MAX_ITEMS = 300;
const ZONE_LIST_MAX_ITEMS = 100;

/** A hosted zone to serve. */
export interface FakeHostedZone {
  /** Without the `/hostedzone/` prefix, e.g. `Z0123456789ABC`. */
  id: string;
  /** DNS name, with or without the trailing dot. */
  name: string;
  privateZone?: boolean;
}

/** A record set to serve. */
export interface FakeRecord {
  name: string;
  type: string;
  ttl?: number;
  values?: string[];
  aliasTarget?: {
    dnsName: string;
    hostedZoneId: string;
    evaluateTargetHealth?: boolean;
  };
  setIdentifier?: string;
}

/** Options of {@link FakeRoute53.start}. */
export interface FakeRoute53Options {
  /**
   * Largest page the fake returns, whatever MaxItems the client asks for, so
   * that tests can exercise pagination with a handful of records.
   */
  pageSize?: number;
  /** Port on 127.0.0.1; default a free one. */
  port?: number;
}

/** What the fake has served so far. */
export interface FakeRoute53Stats {
  requests: number;
  /** Requests per operation name, e.g. `ListResourceRecordSets`. */
  operations: Record<string, number>;
}

class Route53Error extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

function fqdn(name: string): string {
  const lower = name.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

/** Route53 orders names by their labels read right to left. */
function compareNames(a: string, b: string): number {
  const la = fqdn(a).slice(0, -1).split('.').reverse();
  const lb = fqdn(b).slice(0, -1).split('.').reverse();
  for (let i = 0; i < Math.min(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) {
      return la[i] < lb[i] ? -1 : 1;
    }
  }
  return la.length - lb.length;
}

function compareRecords(a: FakeRecord, b: FakeRecord): number {
  return (
    compareNames(a.name, b.name) ||
    a.type.localeCompare(b.type) ||
    (a.setIdentifier ?? '').localeCompare(b.setIdentifier ?? '')
  );
}

function parseMaxItems(value: string | null, cap: number): number {
  if (value === null) {
    return cap;
  }
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) {
    throw new Route53Error(
      400,
      'InvalidInput',
      `Invalid value for MaxItems: ${value}`,
    );
  }
  return Math.min(n, cap);
}

function stripZonePrefix(id: string): string {
  return decodeURIComponent(id).replace(/^\/?hostedzone\//, '');
}

/**
 * A Route53 API server for tests and the demo. It speaks the REST-XML
 * protocol of API version 2013-04-01 for GetHostedZone, ListHostedZones,
 * ListHostedZonesByName and ListResourceRecordSets (with MaxItems,
 * IsTruncated and NextRecordName/NextRecordType pagination), and answers
 * unknown zones with `NoSuchHostedZone` in the AWS error format. Request
 * signatures are not verified.
 *
 * @public
 */
export class FakeRoute53 {
  readonly endpoint: string;
  readonly stats: FakeRoute53Stats = { requests: 0, operations: {} };
  readonly #server: http.Server;
  readonly #pageSize: number;
  readonly #zones = new Map<string, FakeHostedZone>();
  readonly #records = new Map<string, FakeRecord[]>();

  /** Starts a server on a free port of 127.0.0.1 (plain HTTP). */
  static async start(options: FakeRoute53Options = {}): Promise<FakeRoute53> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
    });
    return new FakeRoute53(server, options);
  }

  private constructor(server: http.Server, options: FakeRoute53Options) {
    this.#server = server;
    this.#pageSize = Math.min(
      options.pageSize ?? ROUTE53_MAX_ITEMS,
      ROUTE53_MAX_ITEMS,
    );
    const { port } = server.address() as AddressInfo;
    this.endpoint = `http://127.0.0.1:${port}`;
    server.on('request', (req, res) => this.#handle(req, res));
  }

  /** Adds (or replaces) a hosted zone. */
  addHostedZone(zone: FakeHostedZone): void {
    const id = stripZonePrefix(zone.id);
    this.#zones.set(id, { ...zone, id, name: fqdn(zone.name) });
    if (!this.#records.has(id)) {
      this.#records.set(id, []);
    }
  }

  /** Adds a record set to a zone added before. */
  addRecord(zoneId: string, record: FakeRecord): void {
    const records = this.#records.get(stripZonePrefix(zoneId));
    if (!records) {
      throw new Error(`FakeRoute53: no hosted zone ${zoneId}`);
    }
    records.push({
      ...record,
      name: fqdn(record.name),
      type: record.type.toUpperCase(),
      aliasTarget: record.aliasTarget && {
        ...record.aliasTarget,
        dnsName: fqdn(record.aliasTarget.dnsName),
      },
    });
    records.sort(compareRecords);
  }

  /** Stops the server. */
  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise<void>((resolve, reject) =>
      this.#server.close(err => (err ? reject(err) : resolve())),
    );
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    this.stats.requests += 1;
    const requestId = randomUUID();
    req.resume();
    try {
      const url = new URL(req.url ?? '/', this.endpoint);
      const [operation, body] = this.#route(req.method ?? 'GET', url);
      this.stats.operations[operation] =
        (this.stats.operations[operation] ?? 0) + 1;
      this.#send(res, 200, requestId, body);
    } catch (error) {
      const e =
        error instanceof Route53Error
          ? error
          : new Route53Error(500, 'InternalFailure', String(error));
      this.#send(
        res,
        e.status,
        requestId,
        el(
          'ErrorResponse',
          [
            el('Error', [
              el('Type', e.status >= 500 ? 'Receiver' : 'Sender'),
              el('Code', e.code),
              el('Message', e.message),
            ]),
            el('RequestId', requestId),
          ],
          { xmlns: XMLNS },
        ),
      );
    }
  }

  #send(
    res: http.ServerResponse,
    status: number,
    requestId: string,
    body: XmlElement,
  ) {
    res.writeHead(status, {
      'content-type': 'text/xml',
      'x-amzn-requestid': requestId,
    });
    res.end(toXmlDocument(body));
  }

  #route(method: string, url: URL): [string, XmlElement] {
    const prefix = `/${API_VERSION}/`;
    if (method !== 'GET' || !url.pathname.startsWith(prefix)) {
      throw new Route53Error(
        404,
        'UnknownOperationException',
        `${method} ${url.pathname} is not supported by this Route53 endpoint`,
      );
    }
    const parts = url.pathname.slice(prefix.length).split('/').filter(Boolean);
    if (parts[0] === 'hostedzonesbyname' && parts.length === 1) {
      return [
        'ListHostedZonesByName',
        this.#listHostedZonesByName(url.searchParams),
      ];
    }
    if (parts[0] === 'hostedzone' && parts.length === 1) {
      return ['ListHostedZones', this.#listHostedZones(url.searchParams)];
    }
    if (parts[0] === 'hostedzone' && parts.length === 2) {
      return ['GetHostedZone', this.#getHostedZone(parts[1])];
    }
    if (
      parts[0] === 'hostedzone' &&
      parts.length === 3 &&
      parts[2] === 'rrset'
    ) {
      return [
        'ListResourceRecordSets',
        this.#listResourceRecordSets(parts[1], url.searchParams),
      ];
    }
    throw new Route53Error(
      404,
      'UnknownOperationException',
      `${method} ${url.pathname} is not supported by this Route53 endpoint`,
    );
  }

  #zone(rawId: string): FakeHostedZone {
    const id = stripZonePrefix(rawId);
    const zone = this.#zones.get(id);
    if (!zone) {
      throw new Route53Error(
        404,
        'NoSuchHostedZone',
        `No hosted zone found with ID: ${id}`,
      );
    }
    return zone;
  }

  #zoneElement(zone: FakeHostedZone): XmlElement {
    return el('HostedZone', [
      el('Id', `/hostedzone/${zone.id}`),
      el('Name', zone.name),
      el('CallerReference', `fake-${zone.id}`),
      el('Config', [el('PrivateZone', zone.privateZone ?? false)]),
      el('ResourceRecordSetCount', this.#records.get(zone.id)?.length ?? 0),
    ]);
  }

  #getHostedZone(rawId: string): XmlElement {
    const zone = this.#zone(rawId);
    return el(
      'GetHostedZoneResponse',
      [
        this.#zoneElement(zone),
        el('DelegationSet', [
          el('NameServers', [
            el('NameServer', 'ns-1.awsdns-fake.com'),
            el('NameServer', 'ns-2.awsdns-fake.net'),
          ]),
        ]),
      ],
      { xmlns: XMLNS },
    );
  }

  #listHostedZones(params: URLSearchParams): XmlElement {
    const maxItems = parseMaxItems(
      params.get('maxitems'),
      Math.min(this.#pageSize, ZONE_LIST_MAX_ITEMS),
    );
    const zones = [...this.#zones.values()];
    const marker = params.get('marker');
    const start = marker
      ? zones.findIndex(z => z.id === stripZonePrefix(marker))
      : 0;
    if (start < 0) {
      throw new Route53Error(400, 'InvalidInput', `Invalid marker: ${marker}`);
    }
    const page = zones.slice(start, start + maxItems);
    const next = zones[start + maxItems];
    return el(
      'ListHostedZonesResponse',
      [
        el(
          'HostedZones',
          page.map(z => this.#zoneElement(z)),
        ),
        el('Marker', marker ?? ''),
        el('IsTruncated', Boolean(next)),
        el('NextMarker', next?.id),
        el('MaxItems', params.get('maxitems') ?? String(ZONE_LIST_MAX_ITEMS)),
      ],
      { xmlns: XMLNS },
    );
  }

  #listHostedZonesByName(params: URLSearchParams): XmlElement {
    const maxItems = parseMaxItems(
      params.get('maxitems'),
      Math.min(this.#pageSize, ZONE_LIST_MAX_ITEMS),
    );
    const dnsName = params.get('dnsname');
    const zoneId = params.get('hostedzoneid');
    if (zoneId && !dnsName) {
      throw new Route53Error(
        400,
        'InvalidInput',
        'HostedZoneId requires DNSName',
      );
    }
    const zones = [...this.#zones.values()].sort(
      (a, b) => compareNames(a.name, b.name) || a.id.localeCompare(b.id),
    );
    const start = dnsName
      ? zones.findIndex(
          z =>
            compareNames(z.name, dnsName) > 0 ||
            (compareNames(z.name, dnsName) === 0 &&
              (!zoneId || z.id.localeCompare(stripZonePrefix(zoneId)) >= 0)),
        )
      : 0;
    const from = start < 0 ? zones.length : start;
    const page = zones.slice(from, from + maxItems);
    const next = zones[from + maxItems];
    return el(
      'ListHostedZonesByNameResponse',
      [
        el(
          'HostedZones',
          page.map(z => this.#zoneElement(z)),
        ),
        el('DNSName', dnsName ? fqdn(dnsName) : undefined),
        el('HostedZoneId', zoneId ?? undefined),
        el('IsTruncated', Boolean(next)),
        el('NextDNSName', next?.name),
        el('NextHostedZoneId', next?.id),
        el('MaxItems', params.get('maxitems') ?? String(ZONE_LIST_MAX_ITEMS)),
      ],
      { xmlns: XMLNS },
    );
  }

  #listResourceRecordSets(rawId: string, params: URLSearchParams): XmlElement {
    const zone = this.#zone(rawId);
    const maxItems = parseMaxItems(params.get('maxitems'), this.#pageSize);
    const name = params.get('name');
    const type = params.get('type');
    const identifier = params.get('identifier');
    if (type && !name) {
      throw new Route53Error(
        400,
        'InvalidInput',
        'StartRecordType requires StartRecordName',
      );
    }
    const records = this.#records.get(zone.id) ?? [];
    const startAt: FakeRecord | undefined = name
      ? {
          name: fqdn(name),
          type: (type ?? '').toUpperCase(),
          setIdentifier: identifier ?? '',
        }
      : undefined;
    const start = startAt
      ? records.findIndex(r => compareRecords(r, startAt) >= 0)
      : 0;
    const from = start < 0 ? records.length : start;
    const page = records.slice(from, from + maxItems);
    const next = records[from + maxItems];
    return el(
      'ListResourceRecordSetsResponse',
      [
        el('ResourceRecordSets', page.map(recordElement)),
        el('IsTruncated', Boolean(next)),
        el('NextRecordName', next?.name),
        el('NextRecordType', next?.type),
        el('NextRecordIdentifier', next?.setIdentifier),
        el('MaxItems', params.get('maxitems') ?? String(ROUTE53_MAX_ITEMS)),
      ],
      { xmlns: XMLNS },
    );
  }
}

function recordElement(record: FakeRecord): XmlElement {
  return el('ResourceRecordSet', [
    el('Name', record.name),
    el('Type', record.type),
    el('SetIdentifier', record.setIdentifier),
    el('TTL', record.aliasTarget ? undefined : record.ttl ?? 300),
    el(
      'ResourceRecords',
      record.values?.length
        ? record.values.map(v => el('ResourceRecord', [el('Value', v)]))
        : undefined,
    ),
    el(
      'AliasTarget',
      record.aliasTarget && [
        el('HostedZoneId', record.aliasTarget.hostedZoneId),
        el('DNSName', record.aliasTarget.dnsName),
        el(
          'EvaluateTargetHealth',
          record.aliasTarget.evaluateTargetHealth ?? false,
        ),
      ],
    ),
  ]);
}
