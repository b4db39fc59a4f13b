import type {
  AuthService,
  BackstageCredentials,
  DiscoveryService,
} from '@backstage/backend-plugin-api';
import { deserializeError, ResponseError } from '@backstage/errors';
import type {
  InstanceHealth,
  InstancesPage,
  InstancesQuery,
} from '@directory-ops/plugin-directory-common';

type QueryValue = string | number | string[] | undefined;

function searchParams(values: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    for (const item of Array.isArray(value) ? value : [value]) {
      if (item !== undefined && item !== '') {
        params.append(name, String(item));
      }
    }
  }
  const query = params.toString();
  return query ? `?${query}` : '';
}

/**
 * The plugin's own REST API, called on behalf of an action's caller. The
 * actions go through it so that they answer exactly what `/api/directory`
 * answers that caller: the same query rules, catalog visibility and
 * permission decisions, from one implementation.
 */
export class DirectoryRestClient {
  readonly #discovery: DiscoveryService;
  readonly #auth: AuthService;

  constructor(options: { discovery: DiscoveryService; auth: AuthService }) {
    this.#discovery = options.discovery;
    this.#auth = options.auth;
  }

  /** `GET /instances` with the query. */
  async listInstances(
    query: InstancesQuery,
    credentials: BackstageCredentials,
  ): Promise<InstancesPage> {
    return this.#request(
      `/instances${searchParams({
        q: query.q,
        status: query.status,
        cluster: query.cluster,
        profile: query.profile,
        owner: query.owner,
        sort: query.sort,
        order: query.order,
        limit: query.limit,
        cursor: query.cursor,
      })}`,
      credentials,
    );
  }

  /** `GET /health?entityRef=`. */
  async getHealth(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<InstanceHealth> {
    return this.#request(`/health${searchParams({ entityRef })}`, credentials);
  }

  /** `POST /health/refresh?entityRef=`. */
  async refreshHealth(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<InstanceHealth> {
    return this.#request(
      `/health/refresh${searchParams({ entityRef })}`,
      credentials,
      'POST',
    );
  }

  async #request<T>(
    path: string,
    credentials: BackstageCredentials,
    method: 'GET' | 'POST' = 'GET',
  ): Promise<T> {
    const [baseUrl, { token }] = await Promise.all([
      this.#discovery.getBaseUrl('directory'),
      this.#auth.getPluginRequestToken({
        onBehalfOf: credentials,
        targetPluginId: 'directory',
      }),
    ]);
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      headers: { Authorization: `Bearer ${token}` },
    });
    if (!response.ok) {
      // The API's own error (InputError, NotAllowedError, NotFoundError),
      // so the action answers with the same status and message.
      const error = await ResponseError.fromResponse(response);
      throw error.body?.error ? deserializeError(error.body.error) : error;
    }
    return (await response.json()) as T;
  }
}
