import type {
  PromiseHttpLibrary,
  SecurityAuthentication,
  ServerConfiguration,
} from '@kubernetes/client-node';
import { LARGE_ANSWER_BYTES, largeAnswerTurns } from './LargeAnswerTurns';
import type { ListPage } from './listPages';
import { ModelShapes } from './ModelShapes';

/**
 * One page of a list: the collection's API path and the client-node model
 * of its list.
 * @public
 */
export interface ListPageRequest {
  /** e.g. `/api/v1/pods` or `/apis/batch/v1/namespaces/dir/cronjobs`. */
  path: string;
  /** The client-node model of the answer, e.g. `V1PodList`. */
  model: string;
  /** Only objects whose labels match. */
  labelSelector?: string;
  /** The most items of the page. */
  limit: number;
  /** The `metadata._continue` of the page before. */
  _continue?: string;
}

/**
 * Pages of lists of one cluster, read without client-node's model classes:
 * the answer is parsed and only its `Date` fields and renamed fields are
 * brought to the model's shape, so each item is what
 * the typed client would return, as a plain object. Large lists cost a
 * fraction of the typed client's CPU and garbage. Errors are the typed
 * client's: an `ApiException` with the HTTP status as `code`.
 * @public
 */
export interface ClusterLists {
  /** One page of a list; `T` is the client-node model of its items. */
  page<T>(request: ListPageRequest): Promise<ListPage<T>>;
}

/** {@link ClusterLists} through a cluster's server, credential and HTTP library. */
export class ModelShapedLists implements ClusterLists {
  readonly #k8s: typeof import('@kubernetes/client-node');
  readonly #server: ServerConfiguration<{}>;
  readonly #auth: SecurityAuthentication;
  readonly #http: PromiseHttpLibrary;
  readonly #shapes: ModelShapes;

  constructor(options: {
    k8s: typeof import('@kubernetes/client-node');
    server: ServerConfiguration<{}>;
    auth: SecurityAuthentication;
    http: PromiseHttpLibrary;
    shapes: ModelShapes;
  }) {
    this.#k8s = options.k8s;
    this.#server = options.server;
    this.#auth = options.auth;
    this.#http = options.http;
    this.#shapes = options.shapes;
  }

  async page<T>(request: ListPageRequest): Promise<ListPage<T>> {
    const k8s = this.#k8s;
    const context = this.#server.makeRequestContext(
      request.path,
      k8s.HttpMethod.GET,
    );
    context.setHeaderParam('Accept', 'application/json');
    if (request.labelSelector) {
      context.setQueryParam('labelSelector', request.labelSelector);
    }
    context.setQueryParam('limit', String(request.limit));
    if (request._continue) {
      context.setQueryParam('continue', request._continue);
    }
    await this.#auth.applySecurityAuthentication(context);
    const response = await this.#http.send(context);
    const status = response.httpStatusCode;
    // As client-node's generated clients report a status other than 2xx.
    if (status === 401) {
      throw new k8s.ApiException(
        status,
        'Unauthorized',
        undefined,
        response.headers,
      );
    }
    if (status < 200 || status > 299) {
      throw new k8s.ApiException(
        status,
        'Unknown API Status Code!',
        await response.body.text(),
        response.headers,
      );
    }
    const text = await response.body.text();
    const list = this.#shapes.revive<{
      items?: T[];
      metadata?: { _continue?: string };
    }>(JSON.parse(text), request.model);
    if (text.length >= LARGE_ANSWER_BYTES) {
      // Whoever waits for a large list goes on in a turn of its own.
      await largeAnswerTurns.turn();
    }
    return { items: list.items ?? [], metadata: list.metadata };
  }
}
