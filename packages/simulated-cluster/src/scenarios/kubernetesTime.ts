/** Kubernetes `metav1.Time`: RFC 3339, UTC, whole seconds. */
export function kubernetesTime(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** `date` moved by `seconds` (negative for earlier). */
export function shift(date: Date, seconds: number): Date {
  return new Date(date.getTime() + seconds * 1000);
}
