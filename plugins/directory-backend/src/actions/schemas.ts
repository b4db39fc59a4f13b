import type { ActionsRegistryService } from '@backstage/backend-plugin-api/alpha';
import { CHECK_STATUSES } from '@directory-ops/plugin-directory-common';

/** The zod the actions registry hands to schema functions. */
export type ActionZod = Parameters<
  Parameters<ActionsRegistryService['register']>[0]['schema']['input']
>[0];

/**
 * A zod object schema of the registry's zod. The schemas below are typed as
 * such, since their inferred types name a zod copy nested in a dependency.
 */
type ActionObjectSchema = ReturnType<ActionZod['object']>;

/** The answer of `GET /health` and `POST /health/refresh`, as action output. */
export function instanceHealthSchema(z: ActionZod): ActionObjectSchema {
  const status = z.enum(CHECK_STATUSES);
  return z.object({
    entityRef: z.string(),
    status: status.describe('The worst status of its checks'),
    checkedAt: z
      .string()
      .optional()
      .describe('ISO 8601 time of the last poll; absent before the first'),
    since: z
      .string()
      .optional()
      .describe('ISO 8601 time the instance entered its current status'),
    checks: z.array(
      z.object({
        id: z.string(),
        title: z.string().optional(),
        status,
        summary: z.string().describe('What the check found'),
        remediation: z
          .string()
          .optional()
          .describe('How to fix it, when the check is not ok'),
        details: z.record(z.unknown()).optional(),
        observedAt: z.string(),
        since: z
          .string()
          .optional()
          .describe('ISO 8601 time the check entered its current status'),
      }),
    ),
  });
}

/** One row of `GET /instances`, as action output. */
export function instanceSummarySchema(z: ActionZod): ActionObjectSchema {
  const status = z.enum(CHECK_STATUSES);
  const check = z.object({
    id: z.string(),
    title: z.string().optional(),
    status,
    summary: z.string(),
  });
  return z.object({
    entityRef: z.string(),
    title: z.string(),
    trustDomain: z.string().optional(),
    federationProfile: z.string().optional(),
    cluster: z.string().optional(),
    namespace: z.string().optional(),
    owner: z.string().optional(),
    status,
    checkedAt: z.string().optional(),
    since: z
      .string()
      .optional()
      .describe('ISO 8601 time the instance entered its current status'),
    worstCheck: check.optional().describe('The worst check, when not ok'),
    checks: z.array(check).optional(),
  });
}

/** The input of the actions that name one instance. */
export function entityRefInputSchema(z: ActionZod): ActionObjectSchema {
  return z.object({
    entityRef: z
      .string()
      .min(1)
      .describe(
        'The Directory instance entity, e.g. resource:default/acme-prod-directory',
      ),
  });
}
