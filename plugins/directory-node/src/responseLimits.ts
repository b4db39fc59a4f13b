import type {
  HttpLibrary,
  PromiseHttpLibrary,
  RequestContext,
  ResponseBody,
  ResponseContext,
} from '@kubernetes/client-node';

/**
 * The most bytes one Kubernetes API response may have, unless the caller
 * sets another limit. Small enough that client-node's parse and
 * deserialization of a full response blocks the event loop briefly (about
 * 7 ms for a list of 512 KiB of pods on a shared 2-core machine; 1 MiB took
 * about 15 ms, 4 MiB about 90 ms); lists are paged below it.
 * @public
 */
export const DEFAULT_MAX_RESPONSE_BYTES = 512 * 1024;

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
 * stream is cancelled: the result is cut (`truncate`) or the read fails.
 */
async function readBounded(
  stream: ReadableStream<Uint8Array>,
  maxBytes: number,
  truncate: boolean,
): Promise<Buffer> {
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) {
        break;
      }
      if (total + value.byteLength > maxBytes) {
        if (!truncate) {
          throw new ResponseTooLargeError(maxBytes);
        }
        chunks.push(value.subarray(0, maxBytes - total));
        total = maxBytes;
        break;
      }
      chunks.push(value);
      total += value.byteLength;
    }
  } finally {
    reader.cancel().catch(() => undefined);
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

/**
 * Wraps client-node's HTTP library so that every response body is read
 * with a byte limit: a pod log read is cut at the `limitBytes` it asked
 * for, and any other response past `maxBytes` is aborted with a
 * {@link ResponseTooLargeError}.
 */
export function boundedHttpLibrary(
  k8s: typeof import('@kubernetes/client-node'),
  maxBytes: number,
): HttpLibrary {
  const base = new k8s.IsomorphicFetchHttpLibrary();
  const library: PromiseHttpLibrary = {
    async send(request: RequestContext): Promise<ResponseContext> {
      const response = await base.send(request).toPromise();
      const stream = response.body.stream();
      if (!stream) {
        return response;
      }
      const log = logLimit(request.getUrl());
      let data: Promise<Buffer> | undefined;
      const read = () => {
        data ??= readBounded(stream, log ?? maxBytes, log !== undefined);
        return data;
      };
      const body: ResponseBody = {
        text: async () => (await read()).toString('utf8'),
        binary: read,
        stream: () => null,
      };
      return new k8s.ResponseContext(
        response.httpStatusCode,
        response.headers,
        body,
      );
    },
  };
  return k8s.wrapHttpLibrary(library);
}
