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

  it('passes the query to /instances and returns the page', async () => {
    const page = {
      items: [{ entityRef, title: 'dir-prod-eu', status: 'ok' }],
      totalCount: 1,
      counts: { ok: 1, warning: 0, error: 0, unknown: 0 },
    };
    let search = '';
    server.use(
      http.get(`${apiUrl}/instances`, ({ request }) => {
        search = new URL(request.url).search;
        return HttpResponse.json(page);
      }),
    );
    await expect(
      client.listInstances({
        q: 'acme eu',
        status: ['error', 'warning'],
        sort: 'title',
        order: 'desc',
        limit: 25,
      }),
    ).resolves.toEqual(page);
    expect(search).toBe(
      '?q=acme+eu&status=error%2Cwarning&sort=title&order=desc&limit=25',
    );
  });

  it('asks whether a domain is taken', async () => {
    server.use(
      http.get(`${apiUrl}/domains/usage`, ({ request }) =>
        HttpResponse.json({
          trustDomain: {
            value: new URL(request.url).searchParams.get('trustDomain'),
            usedBy: [],
          },
        }),
      ),
    );
    await expect(
      client.getDomainUsage({ trustDomain: 'acme.com' }),
    ).resolves.toEqual({ trustDomain: { value: 'acme.com', usedBy: [] } });
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

  it('reads the history of a window', async () => {
    let from: string | null = null;
    server.use(
      http.get(`${apiUrl}/health/history`, ({ request }) => {
        from = new URL(request.url).searchParams.get('from');
        return HttpResponse.json({ entityRef, from, to: 'x', items: [] });
      }),
    );
    await expect(
      client.getHealthHistory(entityRef, { from: '2026-11-28T00:00:00.000Z' }),
    ).resolves.toMatchObject({ entityRef, items: [] });
    expect(from).toBe('2026-11-28T00:00:00.000Z');
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
