import { createHash, randomBytes } from 'node:crypto';
import http, { IncomingMessage, ServerResponse } from 'node:http';
import { AddressInfo, Socket } from 'node:net';
import { tarball } from './tarball';

/**
 * Options of {@link FakeGitHubApi.start}.
 * @public
 */
export interface FakeGitHubApiOptions {
  /** Default 0 (any free port). */
  port?: number;
  /** The token to accept; random by default. */
  token?: string;
}

interface Branch {
  sha: string;
  files: Record<string, string>;
  committedAt: Date;
}

interface Repository {
  owner: string;
  name: string;
  defaultBranch: string;
  branches: Map<string, Branch>;
}

const NOT_FOUND = {
  message: 'Not Found',
  documentation_url: 'https://docs.github.com/rest',
  status: '404',
};

function shaOf(files: Record<string, string>): string {
  const hash = createHash('sha1');
  for (const [path, content] of Object.entries(files).sort(([a], [b]) =>
    a.localeCompare(b),
  )) {
    hash.update(`${path}\0${content}\0`);
  }
  return hash.digest('hex');
}

/**
 * A GitHub REST API fake: a real HTTP server speaking the JSON of the
 * endpoints Backstage's GitHub integration reads repositories through
 * (`GithubUrlReader`: repository, commit status, tarball and file
 * contents). Point `integrations.github[].apiBaseUrl` at {@link url}.
 * @public
 */
export class FakeGitHubApi {
  /** `http://127.0.0.1:<port>`: the `apiBaseUrl`. */
  readonly url: string;
  /** The token accepted (`Authorization: token …` or `Bearer …`). */
  readonly token: string;
  /** Request paths served, in order, without the query. */
  readonly requests: string[] = [];

  private readonly server: http.Server;
  private readonly repositories = new Map<string, Repository>();
  private readonly sockets = new Set<Socket>();

  /** Starts the server; resolves once it listens. */
  static async start(
    options: FakeGitHubApiOptions = {},
  ): Promise<FakeGitHubApi> {
    const server = http.createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FakeGitHubApi(server, options);
  }

  private constructor(server: http.Server, options: FakeGitHubApiOptions) {
    this.server = server;
    this.token = options.token ?? randomBytes(20).toString('hex');
    this.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    server.on('connection', socket => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('request', (req, res) => this.handle(req, res));
  }

  /**
   * Creates or replaces the files of a branch (the default branch unless
   * named) as one new commit; returns its sha.
   */
  putFiles(
    fullName: string,
    files: Record<string, string>,
    options: { branch?: string; defaultBranch?: string } = {},
  ): string {
    const [owner, name] = fullName.split('/');
    const repository = this.repositories.get(fullName) ?? {
      owner,
      name,
      defaultBranch: options.defaultBranch ?? 'main',
      branches: new Map(),
    };
    this.repositories.set(fullName, repository);
    const sha = shaOf(files);
    repository.branches.set(options.branch ?? repository.defaultBranch, {
      sha,
      files: { ...files },
      committedAt: new Date(),
    });
    return sha;
  }

  /** Stops the server. */
  async close(): Promise<void> {
    await new Promise<void>(resolve => {
      this.server.close(() => resolve());
      for (const socket of this.sockets) {
        socket.destroy();
      }
    });
  }

  private repositoryJson(repository: Repository) {
    const fullName = `${repository.owner}/${repository.name}`;
    const api = `${this.url}/repos/${fullName}`;
    return {
      id: Number.parseInt(shaOf({ fullName }).slice(0, 8), 16),
      name: repository.name,
      full_name: fullName,
      private: true,
      owner: { login: repository.owner, type: 'Organization' },
      html_url: `https://github.com/${fullName}`,
      url: api,
      default_branch: repository.defaultBranch,
      archive_url: `${api}/{archive_format}{/ref}`,
      trees_url: `${api}/git/trees{/sha}`,
      contents_url: `${api}/contents/{+path}`,
    };
  }

  /** A branch by name, or the commit by sha. */
  private resolve(repository: Repository, ref: string): Branch | undefined {
    return (
      repository.branches.get(ref) ??
      [...repository.branches.values()].find(b => b.sha === ref)
    );
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(url.pathname);
    const authorization = req.headers.authorization ?? '';
    const given = authorization.replace(/^(token|Bearer) /, '');
    if (given !== this.token) {
      this.json(res, 401, {
        message: 'Bad credentials',
        documentation_url: 'https://docs.github.com/rest',
        status: '401',
      });
      return;
    }
    if (req.method !== 'GET') {
      this.json(res, 404, NOT_FOUND);
      return;
    }
    const match = /^\/repos\/([^/]+)\/([^/]+)(?:\/(.*))?$/.exec(url.pathname);
    const repository = match
      ? this.repositories.get(`${match[1]}/${match[2]}`)
      : undefined;
    if (!match || !repository) {
      this.json(res, 404, NOT_FOUND);
      return;
    }
    const rest = match[3] ?? '';
    if (rest === '') {
      this.json(res, 200, this.repositoryJson(repository));
      return;
    }
    const status = /^commits\/(.+)\/status$/.exec(rest);
    if (status) {
      const branch = this.resolve(repository, decodeURIComponent(status[1]));
      if (!branch) {
        this.json(res, 422, {
          message: `No commit found for SHA: ${status[1]}`,
          documentation_url: 'https://docs.github.com/rest',
          status: '422',
        });
        return;
      }
      this.json(res, 200, {
        state: 'pending',
        sha: branch.sha,
        total_count: 0,
        statuses: [],
        repository: this.repositoryJson(repository),
        commit_url: `${this.url}/repos/${repository.owner}/${repository.name}/commits/${branch.sha}`,
      });
      return;
    }
    const archive = /^tarball\/(.+)$/.exec(rest);
    if (archive) {
      const branch = this.resolve(repository, decodeURIComponent(archive[1]));
      if (!branch) {
        this.json(res, 404, NOT_FOUND);
        return;
      }
      const body = tarball(
        `${repository.owner}-${repository.name}-${branch.sha.slice(0, 7)}`,
        branch.files,
        branch.committedAt,
      );
      res.writeHead(200, {
        'content-type': 'application/x-gzip',
        'content-length': body.length,
        'content-disposition': `attachment; filename=${repository.owner}-${
          repository.name
        }-${branch.sha.slice(0, 7)}.tar.gz`,
      });
      res.end(body);
      return;
    }
    const contents = /^contents\/(.+)$/.exec(rest);
    if (contents) {
      const branch = this.resolve(
        repository,
        url.searchParams.get('ref') ?? repository.defaultBranch,
      );
      const path = decodeURIComponent(contents[1]);
      const content = branch?.files[path];
      if (content === undefined) {
        this.json(res, 404, NOT_FOUND);
        return;
      }
      if (
        (req.headers.accept ?? '').includes('application/vnd.github.v3.raw')
      ) {
        res.writeHead(200, {
          'content-type': 'application/vnd.github.v3.raw; charset=utf-8',
          etag: `"${shaOf({ [path]: content })}"`,
        });
        res.end(content);
        return;
      }
      this.json(res, 200, {
        type: 'file',
        encoding: 'base64',
        name: path.split('/').pop(),
        path,
        size: Buffer.byteLength(content),
        sha: shaOf({ [path]: content }),
        content: Buffer.from(content).toString('base64'),
      });
      return;
    }
    this.json(res, 404, NOT_FOUND);
  }

  private json(res: ServerResponse, code: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': Buffer.byteLength(text),
    });
    res.end(text);
  }
}
