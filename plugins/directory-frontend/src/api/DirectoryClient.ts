import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  DomainUsage,
  InstanceHealth,
  InstanceHealthHistory,
  InstancesPage,
  InstancesQuery,
} from '@directory-ops/plugin-directory-common';
import { DirectoryApi } from './DirectoryApi';

function searchParams(
  values: Record<string, string | number | string[] | undefined>,
): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(name, value.join(','));
    } else {
      params.set(name, String(value));
    }
  }
  const text = params.toString();
  return text ? `?${text}` : '';
}

/**
 * The {@link DirectoryApi} over HTTP, against `/api/directory`.
 * @public
 */
export class DirectoryClient implements DirectoryApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listInstances(query: InstancesQuery = {}): Promise<InstancesPage> {
    return this.request(
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
    );
  }

  async getHealth(entityRef: string): Promise<InstanceHealth> {
    return this.request(`/health${searchParams({ entityRef })}`);
  }

  async refreshHealth(entityRef: string): Promise<InstanceHealth> {
    return this.request(`/health/refresh${searchParams({ entityRef })}`, {
      method: 'POST',
    });
  }

  async getHealthHistory(
    entityRef: string,
    window: { from?: string; to?: string } = {},
  ): Promise<InstanceHealthHistory> {
    return this.request(
      `/health/history${searchParams({ entityRef, ...window })}`,
    );
  }

  async getDomainUsage(domains: {
    trustDomain?: string;
    baseDomain?: string;
  }): Promise<DomainUsage> {
    return this.request(`/domains/usage${searchParams(domains)}`);
  }

  private async request<T>(path: string, init?: RequestInit): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('directory');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, init);
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    return (await response.json()) as T;
  }
}
