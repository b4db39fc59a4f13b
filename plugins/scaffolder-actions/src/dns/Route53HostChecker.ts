import {
  GetHostedZoneCommand,
  HostedZone,
  ListHostedZonesByNameCommand,
  ListResourceRecordSetsCommand,
  NoSuchHostedZone,
  ResourceRecordSet,
  Route53Client,
} from '@aws-sdk/client-route-53';
import { DirectoryHosts } from '@directory-ops/plugin-directory-common';
import { fieldError } from '../config';

/** A host that Route53 already points somewhere. @public */
export interface DnsConflict {
  host: string;
  /** Record type: A, AAAA or CNAME. */
  type: string;
  /** Where it points: the record values or the alias target. */
  target: string;
}

/** What Route53 says about the hosts of a plan. @public */
export interface Route53CheckResult {
  hostedZoneId: string;
  zoneName: string;
  conflicts: DnsConflict[];
}

/** Record types that make a host resolve somewhere. */
const ADDRESS_TYPES = new Set(['A', 'AAAA', 'CNAME']);
const PAGE_SIZE = 100;

/** Lowercase, trailing dot, Route53's octal escapes (`\052` for `*`) decoded. */
export function normalizeDnsName(name: string): string {
  const decoded = name.replace(/\\(\d{3})/g, (_, oct: string) =>
    String.fromCharCode(parseInt(oct, 8)),
  );
  const lower = decoded.toLowerCase();
  return lower.endsWith('.') ? lower : `${lower}.`;
}

function zoneId(zone: HostedZone): string {
  return (zone.Id ?? '').replace(/^\/hostedzone\//, '');
}

function isWithin(host: string, zoneName: string): boolean {
  const h = normalizeDnsName(host);
  const z = normalizeDnsName(zoneName);
  return h === z || h.endsWith(`.${z}`);
}

function describeTarget(record: ResourceRecordSet): string {
  if (record.AliasTarget?.DNSName) {
    return `alias ${record.AliasTarget.DNSName}`;
  }
  return (record.ResourceRecords ?? []).map(r => r.Value ?? '').join(', ');
}

/**
 * Checks a Directory's hosts against Route53: that the hosted zone exists and
 * that no address record already points one of the hosts somewhere.
 * @public
 */
export class Route53HostChecker {
  readonly #client: Route53Client;

  constructor(client: Route53Client) {
    this.#client = client;
  }

  /** Finds the zone by id, or the most specific public zone by name. */
  async findZone(
    baseDomain: string,
    hostedZoneId?: string,
  ): Promise<HostedZone> {
    if (hostedZoneId) {
      try {
        const { HostedZone: zone } = await this.#client.send(
          new GetHostedZoneCommand({ Id: hostedZoneId }),
        );
        if (!zone?.Name || !isWithin(baseDomain, zone.Name)) {
          throw fieldError(
            'hostedZoneId',
            `zone ${hostedZoneId} (${
              zone?.Name ?? 'unnamed'
            }) does not hold ${baseDomain}`,
          );
        }
        return zone;
      } catch (error) {
        if (error instanceof NoSuchHostedZone) {
          throw fieldError(
            'hostedZoneId',
            `Route53 has no hosted zone ${hostedZoneId}`,
          );
        }
        throw error;
      }
    }
    const labels = baseDomain.split('.');
    for (let i = 0; i <= labels.length - 2; i++) {
      const candidate = normalizeDnsName(labels.slice(i).join('.'));
      const { HostedZones: zones = [] } = await this.#client.send(
        new ListHostedZonesByNameCommand({ DNSName: candidate, MaxItems: 10 }),
      );
      const match = zones.find(
        z =>
          z.Name &&
          normalizeDnsName(z.Name) === candidate &&
          !z.Config?.PrivateZone,
      );
      if (match) {
        return match;
      }
    }
    throw fieldError(
      'baseDomain',
      `no public Route53 hosted zone holds ${baseDomain} (looked for it and its parent domains)`,
    );
  }

  /** The record sets named exactly `host`, across as many pages as needed. */
  async recordsAt(
    hostedZoneId: string,
    host: string,
  ): Promise<ResourceRecordSet[]> {
    const name = normalizeDnsName(host);
    const found: ResourceRecordSet[] = [];
    let start: { name?: string; type?: string; identifier?: string } = { name };
    for (;;) {
      const page = await this.#client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          StartRecordName: start.name,
          StartRecordType:
            start.type as ListResourceRecordSetsCommand['input']['StartRecordType'],
          StartRecordIdentifier: start.identifier,
          MaxItems: PAGE_SIZE,
        }),
      );
      const sets = page.ResourceRecordSets ?? [];
      found.push(
        ...sets.filter(s => s.Name && normalizeDnsName(s.Name) === name),
      );
      // Records come in name order: once another name shows up, we are done.
      const passed = sets.some(
        s => s.Name && normalizeDnsName(s.Name) !== name,
      );
      if (!page.IsTruncated || passed || !page.NextRecordName) {
        return found;
      }
      if (normalizeDnsName(page.NextRecordName) !== name) {
        return found;
      }
      start = {
        name: page.NextRecordName,
        type: page.NextRecordType,
        identifier: page.NextRecordIdentifier,
      };
    }
  }

  /** Runs both checks for the five hosts. */
  async check(options: {
    baseDomain: string;
    hosts: DirectoryHosts;
    hostedZoneId?: string;
  }): Promise<Route53CheckResult> {
    const zone = await this.findZone(options.baseDomain, options.hostedZoneId);
    const id = zoneId(zone);
    const conflicts: DnsConflict[] = [];
    for (const host of Object.values(options.hosts)) {
      const records = await this.recordsAt(id, host);
      for (const record of records) {
        if (record.Type && ADDRESS_TYPES.has(record.Type)) {
          conflicts.push({
            host,
            type: record.Type,
            target: describeTarget(record),
          });
        }
      }
    }
    return {
      hostedZoneId: id,
      zoneName: normalizeDnsName(zone.Name ?? ''),
      conflicts,
    };
  }
}
