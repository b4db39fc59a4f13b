import {
  ListResourceRecordSetsCommand,
  ResourceRecordSet,
  Route53Client,
  RRType,
} from '@aws-sdk/client-route-53';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type {
  DirectoryDnsReader,
  DnsRecord,
  Route53Settings,
} from '@directory-ops/plugin-directory-node';

/** What the reader needs of the settings. */
type Route53ClientSettings = Omit<Route53Settings, 'awsConfigured'>;

/** Safety net against a zone that never stops paging. */
const MAX_PAGES = 100;

function normalizeName(name: string): string {
  return name.toLowerCase().replace(/\.$/, '').replace(/\\052/g, '*');
}

/** Whether a record name is the base domain or under it. */
function isUnder(name: string, baseDomain: string): boolean {
  const n = normalizeName(name);
  return n === baseDomain || n.endsWith(`.${baseDomain}`);
}

function toDnsRecord(record: ResourceRecordSet): DnsRecord {
  return {
    name: normalizeName(record.Name ?? ''),
    type: record.Type ?? '',
    aliasTarget: record.AliasTarget?.DNSName,
    values: (record.ResourceRecords ?? []).map(r => r.Value ?? ''),
  };
}

/**
 * Reads the Route53 records of a base domain, paging with
 * `IsTruncated`/`NextRecordName`/`NextRecordType`/`NextRecordIdentifier`.
 */
export class Route53RecordReader implements DirectoryDnsReader {
  readonly #settings: Route53ClientSettings;
  readonly #credentials: AwsCredentialsManager;
  #client?: Promise<Route53Client>;

  constructor(
    settings: Route53ClientSettings,
    credentials: AwsCredentialsManager,
  ) {
    this.#settings = settings;
    this.#credentials = credentials;
  }

  #getClient(): Promise<Route53Client> {
    const { accountId } = this.#settings;
    this.#client ??= this.#credentials
      .getCredentialProvider(accountId ? { accountId } : undefined)
      .then(
        provider =>
          new Route53Client({
            region: this.#settings.region,
            endpoint: this.#settings.endpoint,
            credentials: provider.sdkCredentialProvider,
          }),
      );
    return this.#client;
  }

  /**
   * The records of a hosted zone named the base domain or under it. Route53
   * lists names in order of their reversed labels, so these come together:
   * listing starts at the base domain and stops after the last of them.
   */
  async listRecords(
    hostedZoneId: string,
    baseDomain: string,
    signal?: AbortSignal,
  ): Promise<DnsRecord[]> {
    const client = await this.#getClient();
    const domain = normalizeName(baseDomain);
    const records: DnsRecord[] = [];
    let start: { name?: string; type?: RRType; identifier?: string } = {
      name: `${domain}.`,
    };
    for (let page = 0; page < MAX_PAGES; page++) {
      const response = await client.send(
        new ListResourceRecordSetsCommand({
          HostedZoneId: hostedZoneId,
          StartRecordName: start.name,
          StartRecordType: start.type,
          StartRecordIdentifier: start.identifier,
        }),
        { abortSignal: signal },
      );
      let leftDomain = false;
      for (const record of response.ResourceRecordSets ?? []) {
        if (isUnder(record.Name ?? '', domain)) {
          records.push(toDnsRecord(record));
        } else if (records.length > 0) {
          leftDomain = true;
        }
      }
      if (!response.IsTruncated || leftDomain) {
        return records;
      }
      start = {
        name: response.NextRecordName,
        type: response.NextRecordType,
        identifier: response.NextRecordIdentifier,
      };
    }
    throw new Error(
      `Route53 zone ${hostedZoneId} has more than ${MAX_PAGES} pages of records`,
    );
  }
}
