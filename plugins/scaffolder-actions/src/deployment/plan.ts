import path from 'node:path';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { findInstanceCollision } from './collisions';
import {
  deploymentInputProblems,
  NormalizedDeploymentInput,
  parseDeploymentInput,
} from './input';
import { renderDeployment, RenderedDeployment } from './render';
import { toDeploymentSpec } from './spec';

/** Why `directory:deployment:generate` refuses an input. */
export interface DeploymentRefusal {
  /** The input field to change (`input` for the input as a whole). */
  field: string;
  rule: string;
}

/** What `directory:deployment:generate` decides before it writes anything. */
export type DeploymentPlan =
  | { refusals: DeploymentRefusal[]; accepted?: undefined }
  | {
      refusals: [];
      accepted: {
        input: NormalizedDeploymentInput;
        rendered: RenderedDeployment;
      };
    };

const WORKSPACE = path.posix.resolve('/workspace');

/** Whether a target path stays inside the workspace it is resolved in. */
function staysInWorkspace(targetPath: string): boolean {
  const resolved = path.posix.resolve(WORKSPACE, targetPath);
  return resolved === WORKSPACE || resolved.startsWith(`${WORKSPACE}/`);
}

/**
 * Checks and renders a deployment input, as `directory:deployment:generate`
 * does before writing: every input problem; else a target path outside the
 * workspace and a collision with another instance in the catalog (asked with
 * `credentials`); else the rendered files. Pure: nothing is written.
 */
export async function planDeployment(
  rawInput: unknown,
  options: { catalog?: CatalogService; credentials?: BackstageCredentials },
): Promise<DeploymentPlan> {
  const problems = deploymentInputProblems(rawInput);
  if (problems.length > 0) {
    return { refusals: problems };
  }
  const input = parseDeploymentInput(rawInput);
  const spec = toDeploymentSpec(input);
  const rendered = renderDeployment(spec);
  const refusals: DeploymentRefusal[] = [];
  if (!staysInWorkspace(input.targetPath)) {
    refusals.push({
      field: 'targetPath',
      rule: 'must stay inside the workspace',
    });
  }
  if (options.catalog && options.credentials) {
    const collision = await findInstanceCollision(
      spec,
      rendered.layout,
      options.catalog,
      options.credentials,
    );
    if (collision) {
      refusals.push(collision);
    }
  }
  if (refusals.length > 0) {
    return { refusals };
  }
  return { refusals: [], accepted: { input, rendered } };
}
