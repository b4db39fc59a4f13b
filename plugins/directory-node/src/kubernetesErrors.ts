/**
 * Whether a Kubernetes API call failed with 404 Not Found (the error of a
 * `@kubernetes/client-node` call carries the HTTP status as `code`).
 * @public
 */
export function isNotFound(error: unknown): boolean {
  return (error as { code?: unknown } | undefined)?.code === 404;
}
