/**
 * The naming and label contract of the `dir` and `dirctl` Helm charts: how
 * the objects of a release are named and selected. The generator writes to
 * it, and the checks and discovery read by it.
 */

/** The recommended Kubernetes label that names the component. @public */
export const CHART_NAME_LABEL = 'app.kubernetes.io/name';

/** The recommended Kubernetes label that carries the Helm release. @public */
export const CHART_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** The apiserver: its Deployment's component label and container name. @public */
export const APISERVER_COMPONENT = 'apiserver';

/** The dir-admin CronJobs of the `dirctl` chart. @public */
export const DIRCTL_COMPONENT = 'dirctl';

/**
 * The labels that select a component of a release, as the charts set them
 * on pods (for a pod selector or a `matchLabels`).
 * @public
 */
export function chartSelectorLabels(
  component: string,
  release: string,
): Record<string, string> {
  return { [CHART_NAME_LABEL]: component, [CHART_INSTANCE_LABEL]: release };
}

/**
 * A label selector string for a component, of one release or of all.
 * @public
 */
export function chartLabelSelector(
  component: string,
  release?: string,
): string {
  return release === undefined
    ? `${CHART_NAME_LABEL}=${component}`
    : `${CHART_NAME_LABEL}=${component},${CHART_INSTANCE_LABEL}=${release}`;
}

/**
 * Whether an object's labels mark it as a component of a release.
 * @public
 */
export function hasChartLabels(
  labels: Record<string, string> | undefined,
  component: string,
  release: string,
): boolean {
  return (
    labels?.[CHART_NAME_LABEL] === component &&
    labels?.[CHART_INSTANCE_LABEL] === release
  );
}

/**
 * The name the `dir` chart gives the apiserver's Deployment, ConfigMap,
 * Service, Ingress and ClusterSPIFFEID: `<release>-apiserver`.
 * @public
 */
export function apiserverResourceName(release: string): string {
  return `${release}-${APISERVER_COMPONENT}`;
}
