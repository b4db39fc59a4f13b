import type {
  PromiseHttpLibrary,
  RequestContext,
  ResponseBody,
  ResponseContext,
} from '@kubernetes/client-node';
import { type Dispatcher, request as undiciRequest } from 'undici';
import { Deadline } from './Deadline';
import { LARGE_ANSWER_BYTES, largeAnswerTurns } from './LargeAnswerTurns';

/**
 * The most bytes one Kubernetes API response may have, unless the caller
 * sets another limit. Small enough that a full response blocks the event
 * loop briefly: on a shared 2-core machine, a list of 256 KiB of pods added
 * about 9 ms to the longest block of a poll (parsing, shaping and the
 * young-generation collection of the result); with client-node's
 * deserialization it was about 15 ms, 30 ms at 512 KiB and over 100 ms at
 * 4 MiB. Lists are paged below it (`LIST_PAGE_SIZE` items a page).
 * @public
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 256 * 1024;

/**
 * A Kubernetes API response was larger than the byte limit; it was aborted
 * while being read.
 * @public
 */
export class ResponseTooLargeError extends Error {
  readonly maxBytes: number;

  constructor(maxBytes: number) {
    super(`response too large: more than ${maxBytes} bytes`);
    this.name = 'ResponseTooLargeError';
    this.maxBytes = maxBytes;
  }
}

/**
 * Reads at most `maxBytes` of a body. Past them the read stops and the
 * request is aborted: the result is cut (`truncate`) or the read fails.
 */
async function readBounded(
  body: AsyncIterable<Buffer> & { destroy(): unknown },
  maxBytes: number,
  truncate: boolean,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  try {
    for await (const chunk of body) {
      if (total + chunk.length > maxBytes) {
        if (!truncate) {
          throw new ResponseTooLargeError(maxBytes);
        }
        chunks.push(chunk.subarray(0, maxBytes - total));
        total = maxBytes;
        break;
      }
      chunks.push(chunk);
      total += chunk.length;
    }
  } finally {
    body.destroy();
  }
  return Buffer.concat(chunks, total);
}

/** A pod log read: cut at its own `limitBytes`, whatever the server sends. */
function logLimit(url: string): number | undefined {
  const parsed = new URL(url);
  if (!parsed.pathname.endsWith('/log')) {
    return undefined;
  }
  const limit = Number(parsed.searchParams.get('limitBytes'));
  return Number.isInteger(limit) && limit > 0 ? limit : undefined;
}

/** The body client-node set (JSON as a string; no call of ours sends a form). */
function requestBodyOf(request: RequestContext): string | undefined {
  const body = request.getBody();
  if (body === undefined || typeof body === 'string') {
    return body;
  }
  if (body instanceof URLSearchParams) {
    return body.toString();
  }
  throw new Error('unsupported request body: multipart form data');
}

/** Response headers as client-node keeps them: one string per name. */
function singleValued(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) {
      result[name] = Array.isArray(value) ? value.join(', ') : value;
    }
  }
  return result;
}

/**
 * client-node's HTTP library with every response body read, as it arrives,
 * under a byte limit: a pod log read is cut at the `limitBytes` it asked
 * for, and any other response past `maxBytes` is aborted with a
 * {@link ResponseTooLargeError}. Each call has its own deadline
 * ({@link Deadline}), released when its body is read. A large answer is
 * parsed in an event-loop turn of its own ({@link LargeAnswerTurns}).
 * Requests go through undici's `request` with the dispatcher client-node
 * chose (TLS and credentials of the cluster), which costs a poll far less
 * than `fetch`. client-node takes it through its `wrapHttpLibrary`.
 */
export function boundedHttpLibrary(
  k8s: typeof import('@kubernetes/client-node'),
  limits: {
    /** The most bytes of a response other than a pod log. */
    maxBytes: number;
    /** The deadline of each call, from its start to the end of its body. */
    timeoutMs: number;
    /** Aborts every call, e.g. a task's signal. */
    signal?: AbortSignal;
  },
): PromiseHttpLibrary {
  return {
    async send(request: RequestContext): Promise<ResponseContext> {
      const deadline = new Deadline(limits.timeoutMs, limits.signal);
      let data: Buffer;
      let response: Dispatcher.ResponseData;
      try {
        response = await undiciRequest(request.getUrl(), {
          method: request.getHttpMethod().toString() as Dispatcher.HttpMethod,
          headers: request.getHeaders(),
          body: requestBodyOf(request),
          signal: deadline.signal,
          dispatcher: request.getDispatcher(),
        });
        const log = logLimit(request.getUrl());
        data = await readBounded(
          response.body,
          log ?? limits.maxBytes,
          log !== undefined,
        );
      } finally {
        deadline.clear();
      }
      if (data.length >= LARGE_ANSWER_BYTES) {
        await largeAnswerTurns.turn();
      }
      const body: ResponseBody = {
        text: async () => data.toString('utf8'),
        binary: async () => data,
        stream: () => null,
      };
      return new k8s.ResponseContext(
        response.statusCode,
        singleValued(response.headers),
        body,
      );
    },
  };
}
