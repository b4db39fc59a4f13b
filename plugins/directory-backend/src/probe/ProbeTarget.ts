/**
 * Where a probe may connect: the allow-list of domains and the curl-style
 * `--resolve` overrides from `directory.probe`.
 */

/** One `directory.probe.resolve` entry. */
export interface ResolveEntry {
  host: string;
  port: number;
  address: string;
  addressPort: number;
}

/** The address a probe connects to for a host and port. */
export interface ProbeTarget {
  host: string;
  port: number;
  address: string;
  addressPort: number;
}

function parsePort(value: string): number | undefined {
  if (!/^\d{1,5}$/.test(value)) {
    return undefined;
  }
  const port = Number(value);
  return port >= 1 && port <= 65535 ? port : undefined;
}

/**
 * Parses `host:port:address:port` (or curl's `host:port:address`, which keeps
 * the port). An IPv6 address goes in brackets: `api.acme.com:443:[::1]:8443`.
 */
export function parseResolveEntry(entry: string): ResolveEntry | undefined {
  const match =
    /^([^:\s]+):(\d+):(\[[0-9a-fA-F:.]+\]|[^:\s[\]]+)(?::(\d+))?$/.exec(
      entry.trim(),
    );
  if (!match) {
    return undefined;
  }
  const port = parsePort(match[2]);
  const addressPort = match[4] === undefined ? port : parsePort(match[4]);
  if (port === undefined || addressPort === undefined) {
    return undefined;
  }
  return {
    host: match[1].toLowerCase().replace(/\.$/, ''),
    port,
    address: match[3].replace(/^\[|\]$/g, ''),
    addressPort,
  };
}

/** Whether a host is one of the allowed domains or under one of them. */
export function isHostAllowed(host: string, allowedDomains: string[]): boolean {
  const h = host.toLowerCase().replace(/\.$/, '');
  return allowedDomains.some(
    domain => h === domain || h.endsWith(`.${domain}`),
  );
}

/** The `resolve` overrides by `host:port`, for a lookup per probe. */
export type ResolveTable = ReadonlyMap<string, ResolveEntry>;

/** Indexes the `resolve` overrides; the first entry of a `host:port` wins. */
export function resolveTable(entries: readonly ResolveEntry[]): ResolveTable {
  const table = new Map<string, ResolveEntry>();
  for (const entry of entries) {
    const key = `${entry.host}:${entry.port}`;
    if (!table.has(key)) {
      table.set(key, entry);
    }
  }
  return table;
}

/** The address to connect to for `host:port`, after the `resolve` overrides. */
export function resolveProbeTarget(
  host: string,
  port: number,
  resolve: ResolveTable,
): ProbeTarget {
  const h = host.toLowerCase().replace(/\.$/, '');
  const entry = resolve.get(`${h}:${port}`);
  return entry
    ? { host: h, port, address: entry.address, addressPort: entry.addressPort }
    : { host: h, port, address: h, addressPort: port };
}
