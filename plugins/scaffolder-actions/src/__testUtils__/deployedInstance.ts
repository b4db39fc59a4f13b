import { regenerateDeployment } from '../deployment/render';
import { InputOverrides, validDeploymentInput } from './deployment';

/**
 * The GitOps files of an instance as an earlier deployment left them:
 * generated for {@link validDeploymentInput}, with every pin of the
 * current release replaced by `release` (as a generator of that release
 * wrote them). Keyed by path relative to the GitOps folder.
 */
export function deployedFiles(
  overrides: InputOverrides = {},
  release?: string,
): Record<string, string> {
  const rendered = regenerateDeployment(
    validDeploymentInput(overrides) as Record<string, unknown>,
  );
  const current = rendered.spec.releaseVersion;
  return Object.fromEntries(
    rendered.files.map(f => [
      f.path,
      release ? f.content.split(current).join(release) : f.content,
    ]),
  );
}
