import { randomBytes, randomUUID } from 'node:crypto';
import { IncomingMessage, ServerResponse } from 'node:http';
import https from 'node:https';
import { AddressInfo, Socket } from 'node:net';
import {
  createCertificateAuthority,
  issueServerCertificate,
} from '../tls/certificates';
import { nearLimitPodList } from './nearLimitList';
import { PodLogStore } from './podLogs';
import {
  ApiResource,
  apiGroupList,
  apiResourceList,
  findResource,
  findResourceByKind,
  groupVersion,
} from './resources';
import { parseFieldSelector, parseLabelSelector } from './selectors';

/**
 * A Kubernetes object as stored and served by {@link FakeKubernetesApi}.
 * @public
 */
export type KubeObject = {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    [k: string]: unknown;
  };
  [k: string]: unknown;
};

/**
 * A failure the fake API can be told to simulate:
 * `refuse` destroys connections at once, `hang` never answers, `forbidden`
 * answers 403, `server-error` 500, `malformed-json` 200 with a broken body,
 * and `error-page` 502 with a 5 MB HTML page (a misconfigured proxy) that
 * quotes {@link ERROR_PAGE_SECRET}. Hostile modes: `endless-list` answers a
 * list with a body that never ends, `huge-list` with a 200 MB list,
 * `near-limit-list` answers every pod list with a valid `PodList` of
 * realistic pods just under `listBytes` (see {@link FakeKubernetesApi.setFault}),
 * ignoring `limit` and selectors, and `log-ignores-limit` serves whole pod
 * logs whatever `limitBytes` says.
 * @public
 */
export type FakeFault =
  | 'refuse'
  | 'hang'
  | 'forbidden'
  | 'server-error'
  | 'malformed-json'
  | 'error-page'
  | 'endless-list'
  | 'huge-list'
  | 'near-limit-list'
  | 'log-ignores-limit';

/**
 * The credential the `error-page` fault quotes, to test that it is never
 * logged or served.
 * @public
 */
export const ERROR_PAGE_SECRET = 'error-page-hunter2';

const ERROR_PAGE_BYTES = 5 * 1024 * 1024;
const HUGE_LIST_BYTES = 200 * 1024 * 1024;
/**
 * Default size of a `near-limit-list` body: 256 KiB, the response byte
 * limit Directory Ops reads Kubernetes answers with by default.
 */
const NEAR_LIMIT_LIST_BYTES = 256 * 1024;

/** One list item of a hostile list, about 1 KB. */
function filler(index: number): string {
  return JSON.stringify({
    metadata: {
      name: `filler-${index}`,
      namespace: 'filler',
      labels: { 'app.kubernetes.io/name': 'apiserver' },
      annotations: { note: 'x'.repeat(900) },
    },
  });
}

/**
 * Writes a list body of `maxBytes` (or endless), honouring backpressure,
 * until the client goes away.
 */
async function streamList(
  res: ServerResponse,
  maxBytes: number,
): Promise<void> {
  res.writeHead(200, { 'content-type': 'application/json' });
  let written = 0;
  const write = (chunk: string) => {
    written += chunk.length;
    return res.write(chunk);
  };
  write('{"kind":"List","apiVersion":"v1","metadata":{},"items":[');
  for (let index = 0; written < maxBytes && !res.destroyed; index++) {
    const ok = write(`${index > 0 ? ',' : ''}${filler(index)}`);
    if (!ok) {
      await new Promise<void>(resolve => {
        const done = () => {
          res.off('drain', done);
          res.off('close', done);
          resolve();
        };
        res.on('drain', done);
        res.on('close', done);
      });
    }
  }
  if (!res.destroyed) {
    res.end(']}');
  }
}

/**
 * Options of {@link FakeKubernetesApi.start}.
 * @public
 */
export interface FakeKubernetesApiOptions {
  /** The bearer token to accept; random by default. */
  token?: string;
  /** Default 0 (any free port). */
  port?: number;
  /** Delay before every answer. */
  latencyMs?: number;
  /** Decides which bearer tokens are accepted, instead of comparing with `token`. */
  acceptToken?: (token: string) => boolean;
}

/**
 * Request counters of {@link FakeKubernetesApi}.
 * @public
 */
export interface FakeKubernetesApiStats {
  requests: number;
  /** Keyed by URL path, without the query. */
  requestsByPath: Map<string, number>;
  logBytesWritten: number;
  logBytesServed: number;
  /** Connections accepted. */
  connections: number;
  reset(): void;
}

type Route =
  | { type: 'json'; body: unknown }
  | { type: 'text'; body: string }
  | { type: 'list'; resource: ApiResource; namespace?: string }
  | { type: 'get'; resource: ApiResource; namespace?: string; name: string }
  | { type: 'log'; namespace: string; name: string }
  | { type: 'version' }
  | { type: 'not-found' };

/** Paths any client may read without credentials (`system:public-info-viewer`). */
const PUBLIC_PATHS = new Set(['/version', '/healthz', '/livez', '/readyz']);

const VERSION_INFO = {
  major: '1',
  minor: '31',
  gitVersion: 'v1.31.4-eks-2d5f260',
  gitCommit: '2d5f260f4e0ba6d2bdef1e5d7a6bd7b1b2b5fa4c',
  gitTreeState: 'clean',
  buildDate: '2026-10-02T19:13:52Z',
  goVersion: 'go1.24.6',
  compiler: 'gc',
  platform: 'linux/amd64',
};

function statusBody(
  code: number,
  reason: string,
  message: string,
  details?: Record<string, unknown>,
) {
  return {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason,
    ...(details ? { details } : {}),
    code,
  };
}

function objectKey(
  kind: string,
  namespace: string | undefined,
  name: string,
): string {
  return `${kind}/${namespace ?? ''}/${name}`;
}

function parseRoute(segments: string[]): Route {
  if (segments.length === 1 && segments[0] === 'version') {
    return { type: 'version' };
  }
  if (
    segments.length === 1 &&
    ['healthz', 'livez', 'readyz'].includes(segments[0])
  ) {
    return { type: 'text', body: 'ok' };
  }
  if (segments.length === 1 && segments[0] === 'api') {
    return {
      type: 'json',
      body: {
        kind: 'APIVersions',
        versions: ['v1'],
        serverAddressByClientCIDRs: [
          { clientCIDR: '0.0.0.0/0', serverAddress: '10.0.0.10:443' },
        ],
      },
    };
  }
  if (segments.length === 1 && segments[0] === 'apis') {
    return { type: 'json', body: apiGroupList() };
  }
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments[1] === 'v1') {
    [group, version, rest] = ['', 'v1', segments.slice(2)];
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    [group, version, rest] = [segments[1], segments[2], segments.slice(3)];
  } else {
    return { type: 'not-found' };
  }
  if (rest.length === 0) {
    const list = apiResourceList(group, version);
    return list.resources.length > 0
      ? { type: 'json', body: list }
      : { type: 'not-found' };
  }
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    const [, namespace, plural, name, sub, ...extra] = rest;
    const resource = findResource(group, version, plural);
    if (!resource?.namespaced || extra.length > 0) {
      return { type: 'not-found' };
    }
    if (name === undefined) {
      return { type: 'list', resource, namespace };
    }
    if (sub === undefined) {
      return { type: 'get', resource, namespace, name };
    }
    return sub === 'log' && resource.kind === 'Pod'
      ? { type: 'log', namespace, name }
      : { type: 'not-found' };
  }
  const resource = findResource(group, version, rest[0]);
  if (!resource || rest.length > 2) {
    return { type: 'not-found' };
  }
  if (rest.length === 1) {
    return { type: 'list', resource };
  }
  return resource.namespaced
    ? { type: 'not-found' }
    : { type: 'get', resource, name: rest[1] };
}

function byNamespaceAndName(a: KubeObject, b: KubeObject): number {
  return (
    (a.metadata.namespace ?? '').localeCompare(b.metadata.namespace ?? '') ||
    a.metadata.name.localeCompare(b.metadata.name)
  );
}

/**
 * A Kubernetes API server fake: a real HTTPS server on 127.0.0.1 with its own
 * CA, speaking enough of the REST API's JSON for `@kubernetes/client-node`'s
 * typed clients (read verbs), including pod logs served like the kubelet.
 * @public
 */
export class FakeKubernetesApi {
  /** `https://127.0.0.1:<port>` */
  readonly url: string;
  /** PEM of the CA that signed the server certificate. */
  readonly caPem: string;
  /** `caPem` in base64, the kubeconfig and Backstage `caData` format. */
  readonly caData: string;
  /** The bearer token accepted. */
  readonly token: string;
  readonly stats: FakeKubernetesApiStats;

  private readonly server: https.Server;
  private readonly acceptToken: (token: string) => boolean;
  private readonly objects = new Map<string, KubeObject>();
  private readonly logs = new PodLogStore();
  private readonly sockets = new Set<Socket>();
  private latencyMs: number;
  private fault:
    | { fault: FakeFault; pathPrefix?: string; listBody?: Buffer }
    | undefined;
  private resourceVersion = 1000;
  private versionInfo = { ...VERSION_INFO };

  /** Starts the server; resolves once it listens. */
  static async start(
    options: FakeKubernetesApiOptions = {},
  ): Promise<FakeKubernetesApi> {
    const ca = createCertificateAuthority('kubernetes');
    const serving = issueServerCertificate(ca, {
      commonName: 'kube-apiserver',
      dnsNames: [
        '127.0.0.1',
        'localhost',
        'kubernetes',
        'kubernetes.default.svc',
      ],
    });
    const server = https.createServer({
      cert: serving.certPem,
      key: serving.keyPem,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeKubernetesApi(server, ca.certPem, options);
  }

  private constructor(
    server: https.Server,
    caPem: string,
    options: FakeKubernetesApiOptions,
  ) {
    this.server = server;
    this.caPem = caPem;
    this.caData = Buffer.from(caPem).toString('base64');
    this.token = options.token ?? randomBytes(24).toString('base64url');
    this.acceptToken = options.acceptToken ?? (token => token === this.token);
    this.latencyMs = options.latencyMs ?? 0;
    this.url = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const stats: FakeKubernetesApiStats = {
      requests: 0,
      requestsByPath: new Map(),
      logBytesWritten: 0,
      logBytesServed: 0,
      connections: 0,
      reset() {
        stats.requests = 0;
        stats.requestsByPath.clear();
        stats.logBytesWritten = 0;
        stats.logBytesServed = 0;
        stats.connections = 0;
      },
    };
    this.stats = stats;
    server.on('connection', (socket: Socket) => {
      if (this.fault?.fault === 'refuse' && !this.fault.pathPrefix) {
        socket.destroy();
        return;
      }
      this.sockets.add(socket);
      stats.connections++;
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      this.handle(req, res).catch(error => {
        if (!res.headersSent) {
          this.send(
            res,
            500,
            statusBody(
              500,
              'InternalError',
              `Internal error occurred: ${error}`,
            ),
          );
        }
      });
    });
  }

  /**
   * Creates or replaces an object (keyed by kind, namespace and name). Fills
   * `metadata.uid`, `resourceVersion` and `creationTimestamp` when absent.
   * Returns a copy of what is stored.
   */
  put(obj: KubeObject): KubeObject {
    const stored = structuredClone(obj);
    const resource = findResourceByKind(stored.kind);
    if (resource?.namespaced && !stored.metadata.namespace) {
      stored.metadata.namespace = 'default';
    }
    if (resource && !resource.namespaced) {
      delete stored.metadata.namespace;
    }
    const key = objectKey(
      stored.kind,
      stored.metadata.namespace,
      stored.metadata.name,
    );
    const previous = this.objects.get(key);
    stored.metadata.uid ??= previous?.metadata.uid ?? randomUUID();
    stored.metadata.resourceVersion ??= String(++this.resourceVersion);
    stored.metadata.creationTimestamp ??=
      previous?.metadata.creationTimestamp ??
      new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    this.objects.set(key, stored);
    return structuredClone(stored);
  }

  /** Deletes an object; does nothing if it does not exist. */
  remove(kind: string, namespace: string | undefined, name: string): void {
    this.objects.delete(objectKey(kind, namespace, name));
  }

  /** A copy of a stored object. */
  get(
    kind: string,
    namespace: string | undefined,
    name: string,
  ): KubeObject | undefined {
    const obj = this.objects.get(objectKey(kind, namespace, name));
    return obj && structuredClone(obj);
  }

  /** Copies of the stored objects of one kind, optionally in one namespace. */
  list(kind: string, namespace?: string): KubeObject[] {
    return [...this.objects.values()]
      .filter(
        o =>
          o.kind === kind &&
          (namespace === undefined || o.metadata.namespace === namespace),
      )
      .sort(byNamespaceAndName)
      .map(o => structuredClone(o));
  }

  /** Appends one line to a container's log, stamped `at` (default now). */
  appendPodLog(
    namespace: string,
    pod: string,
    container: string,
    line: string,
    at: Date = new Date(),
  ): void {
    this.stats.logBytesWritten += this.logs.append(
      namespace,
      pod,
      container,
      line,
      at,
    );
  }

  /**
   * Sets what `GET /version` answers, e.g. `v1.29.10-eks-7f9249a`; `major`
   * and `minor` follow the `gitVersion`.
   */
  setVersion(gitVersion: string): void {
    const [, major = '', minor = ''] = /^v(\d+)\.(\d+)/.exec(gitVersion) ?? [];
    this.versionInfo = { ...VERSION_INFO, gitVersion, major, minor };
  }

  /** Delays every answer by `ms`. */
  setLatency(ms: number): void {
    this.latencyMs = ms;
  }

  /**
   * Simulates a failure for every request, or for paths under
   * `match.pathPrefix`; `undefined` clears it. `match.listBytes` is the most
   * bytes of a `near-limit-list` answer (default 256 KiB); that
   * list is built here, so serving it costs the server no work.
   */
  setFault(
    fault: FakeFault | undefined,
    match?: { pathPrefix?: string; listBytes?: number },
  ): void {
    this.fault = fault
      ? {
          fault,
          pathPrefix: match?.pathPrefix,
          listBody:
            fault === 'near-limit-list'
              ? nearLimitPodList(
                  match?.listBytes ?? NEAR_LIMIT_LIST_BYTES,
                  String(this.resourceVersion),
                )
              : undefined,
        }
      : undefined;
  }

  /** Stops the server, dropping open connections (hanging requests included). */
  async close(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });
  }

  private async handle(
    req: IncomingMessage,
    res: ServerResponse,
  ): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const path = url.pathname.replace(/\/+$/, '') || '/';
    this.stats.requests++;
    this.stats.requestsByPath.set(
      path,
      (this.stats.requestsByPath.get(path) ?? 0) + 1,
    );

    const fault =
      this.fault && path.startsWith(this.fault.pathPrefix ?? '')
        ? this.fault.fault
        : undefined;
    if (fault === 'refuse') {
      req.socket.destroy();
      return;
    }
    if (this.latencyMs > 0) {
      await new Promise(resolve => setTimeout(resolve, this.latencyMs));
    }
    if (fault === 'hang') {
      return;
    }

    const authorization = req.headers.authorization;
    const bearer = authorization?.startsWith('Bearer ')
      ? authorization.slice('Bearer '.length)
      : undefined;
    const anonymousAllowed =
      authorization === undefined && PUBLIC_PATHS.has(path);
    if (
      !anonymousAllowed &&
      (bearer === undefined || !this.acceptToken(bearer))
    ) {
      this.send(res, 401, statusBody(401, 'Unauthorized', 'Unauthorized'));
      return;
    }

    const route = parseRoute(path.split('/').filter(Boolean));
    if (fault === 'forbidden') {
      this.send(res, 403, this.forbidden(route, path));
      return;
    }
    if (fault === 'server-error') {
      this.send(
        res,
        500,
        statusBody(
          500,
          'InternalError',
          'Internal error occurred: etcdserver: request timed out',
        ),
      );
      return;
    }
    if (fault === 'error-page') {
      res.writeHead(502, { 'content-type': 'text/html' });
      const head = `<html><body><h1>502 Bad Gateway</h1><p>upstream postgres://proxy:${ERROR_PAGE_SECRET}@10.0.0.1 failed (password=${ERROR_PAGE_SECRET})</p>`;
      res.end(
        `${head}${'<p>retry</p>'.repeat(
          (ERROR_PAGE_BYTES - head.length) / 12,
        )}</body></html>`,
      );
      return;
    }
    if (fault === 'malformed-json') {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(
        '{"kind":"List","apiVersion":"v1","metadata":{"resourceVersion":"1"},"items":[{"metadata":',
      );
      return;
    }
    if (
      (fault === 'endless-list' || fault === 'huge-list') &&
      route.type === 'list'
    ) {
      await streamList(
        res,
        fault === 'endless-list' ? Number.POSITIVE_INFINITY : HUGE_LIST_BYTES,
      );
      return;
    }
    const listBody = this.fault?.listBody;
    if (
      fault === 'near-limit-list' &&
      listBody &&
      route.type === 'list' &&
      route.resource.kind === 'Pod'
    ) {
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': listBody.length,
      });
      res.end(listBody);
      return;
    }
    if (req.method !== 'GET') {
      this.send(
        res,
        405,
        statusBody(
          405,
          'MethodNotAllowed',
          'the server does not allow this method on the requested resource',
        ),
      );
      return;
    }
    if (fault === 'log-ignores-limit') {
      url.searchParams.delete('limitBytes');
    }
    this.serve(route, url.searchParams, res);
  }

  private serve(
    route: Route,
    query: URLSearchParams,
    res: ServerResponse,
  ): void {
    switch (route.type) {
      case 'json':
        this.send(res, 200, route.body);
        return;
      case 'version':
        this.send(res, 200, this.versionInfo);
        return;
      case 'text':
        res.writeHead(200, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(route.body);
        return;
      case 'list':
        this.serveList(route.resource, route.namespace, query, res);
        return;
      case 'get': {
        const obj = this.objects.get(
          objectKey(route.resource.kind, route.namespace, route.name),
        );
        if (obj) {
          this.send(res, 200, obj);
        } else {
          this.send(res, 404, this.notFound(route.resource, route.name));
        }
        return;
      }
      case 'log':
        this.serveLog(route.namespace, route.name, query, res);
        return;
      default:
        this.send(
          res,
          404,
          statusBody(
            404,
            'NotFound',
            'the server could not find the requested resource',
            {},
          ),
        );
    }
  }

  private serveList(
    resource: ApiResource,
    namespace: string | undefined,
    query: URLSearchParams,
    res: ServerResponse,
  ) {
    const labels = parseLabelSelector(query.get('labelSelector'));
    const fields = parseFieldSelector(
      query.get('fieldSelector'),
      resource.kind,
    );
    if (!labels.ok || !fields.ok) {
      const message = !labels.ok
        ? labels.message
        : (fields as { message: string }).message;
      this.send(res, 400, statusBody(400, 'BadRequest', message));
      return;
    }
    const matching = [...this.objects.values()]
      .filter(
        o =>
          o.kind === resource.kind &&
          (namespace === undefined || o.metadata.namespace === namespace) &&
          labels.matches(o.metadata.labels) &&
          fields.matches(o),
      )
      .sort(byNamespaceAndName);
    const offset =
      Number(
        query.get('continue')
          ? Buffer.from(query.get('continue')!, 'base64url').toString()
          : 0,
      ) || 0;
    const limit = Number(query.get('limit') ?? 0);
    const page =
      limit > 0
        ? matching.slice(offset, offset + limit)
        : matching.slice(offset);
    const remaining = matching.length - offset - page.length;
    const metadata: Record<string, unknown> = {
      resourceVersion: String(this.resourceVersion),
    };
    if (remaining > 0) {
      metadata.continue = Buffer.from(String(offset + page.length)).toString(
        'base64url',
      );
      metadata.remainingItemCount = remaining;
    }
    this.send(res, 200, {
      kind: `${resource.kind}List`,
      apiVersion: groupVersion(resource),
      metadata,
      items: page.map(o => {
        if (resource.custom) {
          return o;
        }
        const { kind: _kind, apiVersion: _apiVersion, ...item } = o;
        return item;
      }),
    });
  }

  private serveLog(
    namespace: string,
    name: string,
    query: URLSearchParams,
    res: ServerResponse,
  ) {
    const podsResource = findResourceByKind('Pod')!;
    const pod = this.objects.get(objectKey('Pod', namespace, name));
    if (!pod) {
      this.send(res, 404, this.notFound(podsResource, name));
      return;
    }
    const spec = pod.spec as
      | {
          containers?: Array<{ name: string }>;
          initContainers?: Array<{ name: string }>;
        }
      | undefined;
    const containers = (spec?.containers ?? []).map(c => c.name);
    const allContainers = [
      ...containers,
      ...(spec?.initContainers ?? []).map(c => c.name),
    ];
    let container = query.get('container') ?? undefined;
    if (!container) {
      if (containers.length !== 1) {
        this.send(
          res,
          400,
          statusBody(
            400,
            'BadRequest',
            `a container name must be specified for pod ${name}, choose one of: [${containers.join(
              ' ',
            )}]`,
          ),
        );
        return;
      }
      container = containers[0];
    } else if (!allContainers.includes(container)) {
      this.send(
        res,
        400,
        statusBody(
          400,
          'BadRequest',
          `container ${container} is not valid for pod ${name}`,
        ),
      );
      return;
    }
    const containerStatus = (
      (
        pod.status as {
          containerStatuses?: Array<{
            name: string;
            restartCount?: number;
            state?: { waiting?: { reason?: string } };
          }>;
        }
      )?.containerStatuses ?? []
    ).find(s => s.name === container);
    if (containerStatus?.state?.waiting && !containerStatus.restartCount) {
      this.send(
        res,
        400,
        statusBody(
          400,
          'BadRequest',
          `container "${container}" in pod "${name}" is waiting to start: ${
            containerStatus.state.waiting.reason ?? 'ContainerCreating'
          }`,
        ),
      );
      return;
    }

    const sinceTime = query.get('sinceTime');
    const sinceSeconds = query.get('sinceSeconds');
    if (sinceTime && sinceSeconds) {
      this.send(
        res,
        422,
        statusBody(
          422,
          'Invalid',
          'PodLogOptions "" is invalid: sinceSeconds: Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified',
        ),
      );
      return;
    }
    let since: Date | undefined;
    if (sinceTime) {
      since = new Date(sinceTime);
      if (Number.isNaN(since.getTime())) {
        this.send(
          res,
          400,
          statusBody(
            400,
            'BadRequest',
            `parsing time "${sinceTime}" as "2006-01-02T15:04:05Z07:00": cannot parse`,
          ),
        );
        return;
      }
    } else if (sinceSeconds) {
      since = new Date(Date.now() - Number(sinceSeconds) * 1000);
    }
    const body = this.logs.read(namespace, name, container, {
      since,
      tailLines: query.has('tailLines')
        ? Number(query.get('tailLines'))
        : undefined,
      limitBytes: query.has('limitBytes')
        ? Number(query.get('limitBytes'))
        : undefined,
      timestamps: query.get('timestamps') === 'true',
    });
    this.stats.logBytesServed += body.length;
    res.writeHead(200, {
      'content-type': 'text/plain',
      'content-length': body.length,
    });
    res.end(body);
  }

  private notFound(resource: ApiResource, name: string) {
    const plural = resource.group
      ? `${resource.plural}.${resource.group}`
      : resource.plural;
    return statusBody(404, 'NotFound', `${plural} "${name}" not found`, {
      name,
      ...(resource.group ? { group: resource.group } : {}),
      kind: resource.plural,
    });
  }

  private forbidden(route: Route, path: string) {
    const user = 'system:serviceaccount:backstage:backstage';
    if (route.type === 'list' || route.type === 'get' || route.type === 'log') {
      const resource =
        route.type === 'log' ? findResourceByKind('Pod')! : route.resource;
      const plural = route.type === 'log' ? 'pods/log' : resource.plural;
      const verb = route.type === 'list' ? 'list' : 'get';
      const name = route.type === 'list' ? '' : `"${route.name}" `;
      const where = route.namespace
        ? `in the namespace "${route.namespace}"`
        : 'at the cluster scope';
      return statusBody(
        403,
        'Forbidden',
        `${
          resource.group ? `${resource.plural}.${resource.group}` : plural
        } ${name}is forbidden: User "${user}" cannot ${verb} resource "${plural}" in API group "${
          resource.group
        }" ${where}`,
        {
          ...(route.type === 'list' ? {} : { name: route.name }),
          ...(resource.group ? { group: resource.group } : {}),
          kind: plural,
        },
      );
    }
    return statusBody(
      403,
      'Forbidden',
      `forbidden: User "${user}" cannot get path "${path}"`,
      {},
    );
  }

  private send(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'content-type': 'application/json',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}
