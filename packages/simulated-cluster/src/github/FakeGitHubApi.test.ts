import { gunzipSync } from 'node:zlib';
import { FakeGitHubApi } from './FakeGitHubApi';

/** Paths of the regular files in a ustar archive. */
function tarPaths(archive: Buffer): string[] {
  const paths: string[] = [];
  for (let offset = 0; offset + 512 <= archive.length; ) {
    const header = archive.subarray(offset, offset + 512);
    if (header.every(b => b === 0)) {
      break;
    }
    const text = (start: number, length: number) =>
      header
        .subarray(start, start + length)
        .toString('utf8')
        .replace(/\0.*$/s, '');
    const size = parseInt(text(124, 12), 8);
    const prefix = text(345, 155);
    const name = text(0, 100);
    if (text(156, 1) === '0') {
      paths.push(prefix ? `${prefix}/${name}` : name);
    }
    offset += 512 + Math.ceil(size / 512) * 512;
  }
  return paths;
}

describe('FakeGitHubApi', () => {
  let github: FakeGitHubApi;
  let sha: string;
  const long = `deploy/${'applications/dir-admin/prod/'.repeat(4)}values.yaml`;

  beforeAll(async () => {
    github = await FakeGitHubApi.start({ token: 'ghp_test' });
    sha = github.putFiles('acme/gitops', {
      'deploy/a.yaml': 'a: 1\n',
      [long]: 'b: 2\n',
    });
  });
  afterAll(() => github.close());

  const get = (path: string, headers: Record<string, string> = {}) =>
    fetch(`${github.url}${path}`, {
      headers: { authorization: 'token ghp_test', ...headers },
    });

  it('refuses a request without the token', async () => {
    const res = await fetch(`${github.url}/repos/acme/gitops`);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('serves the repository and the commit status of a branch', async () => {
    const repo = await (await get('/repos/acme/gitops')).json();
    expect(repo).toMatchObject({
      full_name: 'acme/gitops',
      default_branch: 'main',
      archive_url: `${github.url}/repos/acme/gitops/{archive_format}{/ref}`,
    });
    const status = await (
      await get('/repos/acme/gitops/commits/main/status?per_page=0')
    ).json();
    expect(status).toMatchObject({
      sha,
      repository: { full_name: 'acme/gitops' },
    });
    expect((await get('/repos/acme/nothing')).status).toBe(404);
  });

  it('serves file contents raw or as base64 JSON', async () => {
    const raw = await get(
      '/repos/acme/gitops/contents/deploy/a.yaml?ref=main',
      {
        accept: 'application/vnd.github.v3.raw',
      },
    );
    expect(await raw.text()).toBe('a: 1\n');
    const json = await (
      await get('/repos/acme/gitops/contents/deploy/a.yaml')
    ).json();
    expect(Buffer.from(json.content, 'base64').toString()).toBe('a: 1\n');
  });

  it('serves the tarball of a commit under one top folder, long paths included', async () => {
    const res = await get(`/repos/acme/gitops/tarball/${sha}`);
    expect(res.headers.get('content-type')).toBe('application/x-gzip');
    const paths = tarPaths(gunzipSync(Buffer.from(await res.arrayBuffer())));
    const top = `acme-gitops-${sha.slice(0, 7)}`;
    expect(paths).toEqual([`${top}/deploy/a.yaml`, `${top}/${long}`]);
  });
});
