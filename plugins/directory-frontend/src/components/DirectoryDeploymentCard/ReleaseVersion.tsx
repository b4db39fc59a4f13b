import { Link } from '@backstage/ui';
import { newerSupportedRelease } from '@directory-ops/plugin-directory-common';

/** The upgrade template, as `templates/directory-upgrade/template.yaml` names it. */
const UPGRADE_TEMPLATE_PATH = '/create/templates/default/directory-upgrade';

/** Where the upgrade template starts for an instance, its form filled in. */
export function upgradeTemplateHref(
  entityRef: string,
  release: string,
): string {
  const formData = JSON.stringify({
    entity: entityRef,
    releaseVersion: release,
  });
  return `${UPGRADE_TEMPLATE_PATH}?formData=${encodeURIComponent(formData)}`;
}

/**
 * "release v1.6.3 (newer: v1.7.0)": the deployed release, and the newest
 * supported one when it is newer, as a link that starts the upgrade template.
 */
export function ReleaseVersion(props: {
  entityRef: string;
  releaseVersion?: string;
}) {
  const { entityRef, releaseVersion } = props;
  if (!releaseVersion) {
    return <span data-testid="directory-release-version">not annotated</span>;
  }
  const newer = newerSupportedRelease(releaseVersion);
  return (
    <span data-testid="directory-release-version">
      release <span>{releaseVersion}</span>
      {newer && (
        <>
          {' (newer: '}
          <Link
            href={upgradeTemplateHref(entityRef, newer)}
            data-testid="directory-release-upgrade"
            title={`Open a pull request that upgrades to ${newer}`}
          >
            {newer}
          </Link>
          )
        </>
      )}
    </span>
  );
}
