import { InputError } from '@backstage/errors';
import { InstanceSummary } from '@directory-ops/plugin-directory-common';
import { parseInstancesQuery, queryInstances } from './instancesQuery';

function instance(
  name: string,
  status: InstanceSummary['status'],
  extra: Partial<InstanceSummary> = {},
): InstanceSummary {
  return {
    entityRef: `resource:default/${name}`,
    title: name,
    trustDomain: `${name}.example.com`,
    federationProfile: 'https_web',
    cluster: 'eks-1',
    namespace: `dir-${name}`,
    owner: 'group:default/platform',
    status,
    ...extra,
  };
}

const fleet = [
  instance('acme', 'ok'),
  instance('globex', 'error', { cluster: 'eks-2', federationProfile: 'https_spiffe' }),
  instance('initech', 'warning', { owner: 'group:default/initech' }),
  instance('hooli', 'unknown', { cluster: 'eks-2' }),
  instance('umbrella', 'error'),
];

const names = (items: InstanceSummary[]) => items.map(i => i.title);

describe('parseInstancesQuery', () => {
  it('reads every parameter', () => {
    expect(
      parseInstancesQuery({
        q: ' globex ',
        status: ['error', 'warning'],
        cluster: 'eks-1,eks-2',
        profile: 'https_web',
        owner: 'group:default/platform',
        sort: 'trustDomain',
        order: 'desc',
        limit: '20',
      }),
    ).toEqual({
      q: 'globex',
      status: ['error', 'warning'],
      cluster: ['eks-1', 'eks-2'],
      profile: ['https_web'],
      owner: ['group:default/platform'],
      sort: 'trustDomain',
      order: 'desc',
      limit: 20,
      cursor: undefined,
    });
  });

  it.each([
    [{ status: 'broken' }, 'Query parameter status must be one of ok, warning, error, unknown; got "broken"'],
    [{ sort: 'color' }, 'Query parameter sort must be one of'],
    [{ order: 'up' }, 'Query parameter order must be one of asc, desc'],
    [{ limit: '0' }, 'Query parameter limit must be an integer from 1 to 500'],
    [{ limit: '10.5' }, 'Query parameter limit must be an integer'],
    [{ limit: ['1', '2'] }, 'Query parameter limit must be given once'],
    [{ cursor: 'nonsense' }, 'Query parameter cursor must be the nextCursor of a previous answer'],
    [{ page: '2' }, 'Unknown query parameter page'],
  ])('refuses %j naming the parameter', (query, message) => {
    expect(() => parseInstancesQuery(query)).toThrow(InputError);
    expect(() => parseInstancesQuery(query)).toThrow(message);
  });
});

describe('queryInstances', () => {
  it('sorts worst first by default and counts every status', () => {
    const page = queryInstances([...fleet], {});
    expect(names(page.items)).toEqual(['globex', 'umbrella', 'initech', 'hooli', 'acme']);
    expect(page.totalCount).toBe(5);
    expect(page.counts).toEqual({ ok: 1, warning: 1, error: 2, unknown: 1 });
    expect(page.nextCursor).toBeUndefined();
  });

  it('searches title, trust domain, cluster, namespace and owner', () => {
    const q = (text: string) => names(queryInstances([...fleet], { q: text }).items);
    expect(q('GLOBEX')).toEqual(['globex']);
    expect(q('initech.example')).toEqual(['initech']);
    expect(q('eks-2')).toEqual(['globex', 'hooli']);
    expect(q('dir-acme')).toEqual(['acme']);
    expect(q('group:default/initech')).toEqual(['initech']);
    expect(q('eks-2 hooli')).toEqual(['hooli']);
    expect(q('nothing')).toEqual([]);
  });

  it('filters; counts ignore only the status filter', () => {
    const page = queryInstances([...fleet], { status: ['error'], cluster: ['eks-1'] });
    expect(names(page.items)).toEqual(['umbrella']);
    expect(page.totalCount).toBe(1);
    expect(page.counts).toEqual({ ok: 1, warning: 1, error: 1, unknown: 0 });
    expect(
      names(queryInstances([...fleet], { profile: ['https_spiffe'] }).items),
    ).toEqual(['globex']);
  });

  it('sorts on any column, missing values last', () => {
    const withoutDomain = [...fleet, instance('zeta', 'ok', { trustDomain: undefined })];
    expect(
      names(queryInstances(withoutDomain, { sort: 'trustDomain', order: 'desc' }).items),
    ).toEqual(['umbrella', 'initech', 'hooli', 'globex', 'acme', 'zeta']);
    expect(
      names(queryInstances([...fleet], { sort: 'status', order: 'desc' }).items),
    ).toEqual(['acme', 'hooli', 'initech', 'globex', 'umbrella']);
  });

  it('pages with a cursor', () => {
    const first = queryInstances([...fleet], { sort: 'title', limit: 2 });
    expect(names(first.items)).toEqual(['acme', 'globex']);
    const second = queryInstances([...fleet], {
      sort: 'title',
      limit: 2,
      cursor: first.nextCursor,
    });
    expect(names(second.items)).toEqual(['hooli', 'initech']);
    const third = queryInstances([...fleet], {
      sort: 'title',
      limit: 2,
      cursor: second.nextCursor,
    });
    expect(names(third.items)).toEqual(['umbrella']);
    expect(third.nextCursor).toBeUndefined();
    expect(third.totalCount).toBe(5);
  });
});
