import { toError } from '@backstage/errors';
import { HOST_PREFIXES } from '@directory-ops/plugin-directory-common';
import type {
  DirectoryCheck,
  DnsRecord,
} from '@directory-ops/plugin-directory-node';

const ADDRESS_TYPES = ['A', 'AAAA', 'CNAME'];

/** A load balancer DNS name as Route53 and Kubernetes may spell it. */
function normalizeLoadBalancer(name: string): string {
  return name
    .toLowerCase()
    .replace(/\.$/, '')
    .replace(/^dualstack\./, '');
}

/** Where a record points: its alias target or its CNAME values. */
function targetsOf(record: DnsRecord): string[] {
  if (record.aliasTarget) {
    return [normalizeLoadBalancer(record.aliasTarget)];
  }
  if (record.type === 'CNAME') {
    return record.values.map(normalizeLoadBalancer);
  }
  return [];
}

/**
 * `dns`: each of the five hosts has a Route53 record in the instance's hosted
 * zone, aliasing a load balancer the cluster reports in an Ingress or
 * Service status. Only for instances that name a hosted zone.
 */
export const dnsCheck: DirectoryCheck = {
  id: 'dns',
  title: 'Route53 DNS records',
  async run({ instance, cluster, dns, signal }) {
    const zoneId = instance.route53HostedZoneId;
    if (!zoneId) {
      return undefined;
    }
    let records: DnsRecord[];
    try {
      records = await dns.listRecords(zoneId, instance.baseDomain, signal);
    } catch (error) {
      const e = toError(error);
      return {
        status: 'unknown',
        summary: `Could not list the Route53 records of hosted zone ${zoneId}: ${
          e.name
        }: ${e.message.split('\n')[0]}`,
        remediation:
          'Check the AWS credentials of Backstage (aws.* config) and that they allow route53:ListResourceRecordSets on the zone.',
        details: { hostedZoneId: zoneId },
      };
    }
    const byName = new Map<string, DnsRecord[]>();
    for (const record of records.filter(r => ADDRESS_TYPES.includes(r.type))) {
      byName.set(record.name, [...(byName.get(record.name) ?? []), record]);
    }

    const hosts = (
      Object.keys(HOST_PREFIXES) as Array<keyof typeof HOST_PREFIXES>
    ).map(kind => instance.hosts[kind]);
    const missing = hosts.filter(host => !byName.has(host));
    if (missing.length > 0) {
      return {
        status: 'error',
        summary: `No Route53 record for ${missing.join(
          ', ',
        )} in hosted zone ${zoneId}`,
        remediation:
          'Check ExternalDNS (its logs and the external-dns.alpha.kubernetes.io/hostname annotations) or create the records; without them discovery and publication fail.',
        details: { hostedZoneId: zoneId, missing },
      };
    }

    const [ingresses, services] = await Promise.all([
      cluster.ingresses(instance.namespace),
      cluster.services(instance.namespace),
    ]);
    const loadBalancers = new Set(
      [
        ...ingresses.flatMap(i => i.status?.loadBalancer?.ingress ?? []),
        ...services.flatMap(s => s.status?.loadBalancer?.ingress ?? []),
      ]
        .map(i => i.hostname)
        .filter((h): h is string => Boolean(h))
        .map(normalizeLoadBalancer),
    );
    const hostRecords = hosts.map(host => ({
      host,
      targets: (byName.get(host) ?? []).flatMap(targetsOf),
    }));
    const wrong =
      loadBalancers.size === 0
        ? []
        : hostRecords.filter(
            r =>
              r.targets.length > 0 &&
              !r.targets.some(t => loadBalancers.has(t)),
          );
    const details = {
      hostedZoneId: zoneId,
      loadBalancers: [...loadBalancers],
      records: hostRecords,
    };
    if (wrong.length > 0) {
      return {
        status: 'warning',
        summary: `${wrong
          .map(w => `${w.host} points at ${w.targets.join(', ')}`)
          .join(
            '; ',
          )}, not at a load balancer of the instance's Ingress or Service (${[
          ...loadBalancers,
        ].join(', ')})`,
        remediation:
          'DNS points at the wrong load balancer (clients will see "certificate is valid for ingress.local" or fail to connect): update the record or check which controller ExternalDNS follows.',
        details,
      };
    }
    return {
      status: 'ok',
      summary: `All five hosts have Route53 records in hosted zone ${zoneId}`,
      details,
    };
  },
};
