import { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { ResponseError } from '@backstage/errors';
import {
  InstanceHealth,
  InstanceHealthHistory,
  InstanceSummary,
} from '@directory-ops/plugin-directory-common';
import { DirectoryApi } from './DirectoryApi';

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

  async listInstances(): Promise<InstanceSummary[]> {
    const body = await this.request<{ items: InstanceSummary[] }>('/instances');
    return body.items;
  }

  async getHealth(entityRef: string): Promise<InstanceHealth> {
    return this.request(`/health?entityRef=${encodeURIComponent(entityRef)}`);
  }

  async refreshHealth(entityRef: string): Promise<InstanceHealth> {
    return this.request(
      `/health/refresh?entityRef=${encodeURIComponent(entityRef)}`,
      { method: 'POST' },
    );
  }

  async getHealthHistory(entityRef: string): Promise<InstanceHealthHistory> {
    return this.request(
      `/health/history?entityRef=${encodeURIComponent(entityRef)}`,
    );
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
