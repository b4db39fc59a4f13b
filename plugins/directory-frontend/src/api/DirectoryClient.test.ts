import { ResponseError } from '@backstage/errors';
import {
  mockApis,
  registerMswTestHooks,
} from '@backstage/frontend-test-utils';
import { InstanceHealth } from '@directory-ops/plugin-directory-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { DirectoryClient } from './DirectoryClient';

const baseUrl = 'http://backstage.test';
const apiUrl = `${baseUrl}/api/directory`;
const entityRef = 'resource:platform/dir-prod-eu';

const health: InstanceHealth = {
  entityRef,
  status: 'ok',
  checkedAt: '2026-11-28T01:00:00.000Z',
  checks: [],
};

describe('DirectoryClient', () => {
  const server = setupServer();
  registerMswTestHooks(server);

  const client = new DirectoryClient({
    discoveryApi: mockApis.discovery({ baseUrl }),
    fetchApi: mockApis.fetch(),
  });

  it('lists the instances from /instances', async () => {
    server.use(
      http.get(`${apiUrl}/instances`, () =>
        HttpResponse.json({
          items: [{ entityRef, title: 'dir-prod-eu', status: 'ok' }],
        }),
      ),
    );
    await expect(client.listInstances()).resolves.toEqual([
      { entityRef, title: 'dir-prod-eu', status: 'ok' },
    ]);
  });

  it('encodes the entity ref in the health query', async () => {
    let seen: string | null = null;
    server.use(
      http.get(`${apiUrl}/health`, ({ request }) => {
        const url = new URL(request.url);
        seen = url.searchParams.get('entityRef');
        expect(url.search).toBe(
          '?entityRef=resource%3Aplatform%2Fdir-prod-eu',
        );
        return HttpResponse.json(health);
      }),
    );
    await expect(client.getHealth(entityRef)).resolves.toEqual(health);
    expect(seen).toBe(entityRef);
  });

  it('POSTs a refresh and returns the new result', async () => {
    server.use(
      http.post(`${apiUrl}/health/refresh`, ({ request }) => {
        expect(new URL(request.url).searchParams.get('entityRef')).toBe(
          entityRef,
        );
        return HttpResponse.json({ ...health, status: 'warning' });
      }),
    );
    await expect(client.refreshHealth(entityRef)).resolves.toMatchObject({
      status: 'warning',
    });
  });

  it('reads the history', async () => {
    server.use(
      http.get(`${apiUrl}/health/history`, () =>
        HttpResponse.json({ entityRef, items: [] }),
      ),
    );
    await expect(client.getHealthHistory(entityRef)).resolves.toEqual({
      entityRef,
      items: [],
    });
  });

  it('maps an error answer to a ResponseError', async () => {
    server.use(
      http.get(`${apiUrl}/health`, () =>
        HttpResponse.json(
          {
            error: { name: 'NotFoundError', message: 'No such instance' },
            request: { method: 'GET', url: '/api/directory/health' },
            response: { statusCode: 404 },
          },
          { status: 404 },
        ),
      ),
    );
    const error = await client.getHealth(entityRef).catch(e => e);
    expect(error).toBeInstanceOf(ResponseError);
    expect(error.statusCode).toBe(404);
    expect(error.body.error.message).toBe('No such instance');
  });
});
