/**
 * Turns failures of Kubernetes API calls into reasons an operator can act on.
 * Reasons never quote response headers or request credentials, and quote
 * remote text only as a short redacted excerpt.
 */
import { types } from 'node:util';
import { redactedExcerpt } from '@directory-ops/plugin-directory-common';

/** The error of a cluster whose checks ran out of time. */
export class ClusterTimeoutError extends Error {
  /** Past the per-cluster timeout. */
  static afterClusterTimeout(cluster: string, timeoutMs: number) {
    return new ClusterTimeoutError(
      `timeout: cluster ${cluster} did not answer within ${timeoutMs} ms`,
    );
  }

  /** The poll task was aborted (its scheduled timeout passed). */
  static afterTaskAbort(cluster: string) {
    return new ClusterTimeoutError(
      `timeout: the poll ended (directory.schedule timeout) before cluster ${cluster} answered`,
    );
  }

  private constructor(message: string) {
    super(message);
    this.name = 'ClusterTimeoutError';
  }
}

function statusCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}

/** The `message` of a Kubernetes `Status` answer, if the error carries one. */
function statusMessage(error: unknown): string | undefined {
  let body = (error as { body?: unknown }).body;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (body as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' ? redactedExcerpt(message) : undefined;
}

function causeCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') {
      return code;
    }
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/**
 * A one-line reason for a failed call to a cluster: timeout, connection
 * refused, 401/403, server error or a malformed answer.
 */
export function describeClusterFailure(
  error: unknown,
  cluster: string,
): string {
  // Errors raised by Node itself (a reset socket) are not `instanceof
  // Error` where the caller runs in another realm, as under Jest.
  if (!(error instanceof Error) && !types.isNativeError(error)) {
    return `cluster ${cluster}: ${String(error)}`;
  }
  if (error instanceof ClusterTimeoutError) {
    return error.message;
  }
  if (
    error.name === 'ResponseTooLargeError' ||
    error.name === 'ListTooLongError'
  ) {
    return `cluster ${cluster}: ${error.message}; the answer was not read further`;
  }
  if (error.name === 'TimeoutError' || error.name === 'AbortError') {
    return `timeout: cluster ${cluster} did not answer in time`;
  }
  const status = statusCode(error);
  if (status === 401) {
    return `unauthorized: cluster ${cluster} rejected the Backstage credentials (for EKS, map the IAM principal with an access entry or aws-auth)`;
  }
  const detail = statusMessage(error);
  if (status === 403) {
    return `forbidden (403): the Backstage identity lacks RBAC on cluster ${cluster}${
      detail ? `: ${detail}` : ''
    }`;
  }
  if (status !== undefined && status >= 400) {
    return `cluster ${cluster} answered HTTP ${status}${
      detail ? `: ${detail}` : ''
    }`;
  }
  if (error instanceof SyntaxError) {
    return `cluster ${cluster} sent a malformed (non-JSON) answer`;
  }
  const code = causeCode(error);
  switch (code) {
    case 'ECONNREFUSED':
      return `cluster ${cluster} unreachable: connection refused`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `cluster ${cluster} unreachable: its API server host does not resolve`;
    case 'ECONNRESET':
    case 'UND_ERR_SOCKET':
      return `cluster ${cluster} unreachable: the connection was reset`;
    case 'UND_ERR_CONNECT_TIMEOUT':
    case 'UND_ERR_HEADERS_TIMEOUT':
    case 'UND_ERR_BODY_TIMEOUT':
    case 'ETIMEDOUT':
      return `timeout: cluster ${cluster} did not answer in time`;
    default:
      break;
  }
  if (code?.startsWith('ERR_TLS') || code?.includes('CERT')) {
    return `cluster ${cluster}: TLS verification of the API server failed (${code}); check caData/caFile`;
  }
  return `cluster ${cluster}: ${redactedExcerpt(error.message.split('\n')[0])}`;
}
