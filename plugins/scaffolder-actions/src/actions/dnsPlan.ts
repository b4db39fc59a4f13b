import { Route53Client } from '@aws-sdk/client-route-53';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { createTemplateAction } from '@backstage/plugin-scaffolder-node';
import {
  directoryHosts,
  validateBaseDomain,
} from '@directory-ops/plugin-directory-common';
import { readRoute53Settings } from '@directory-ops/plugin-directory-node';
import { fieldError } from '../config';
import { Route53HostChecker } from '../dns/Route53HostChecker';
import { createRoute53Client } from '../dns/route53Client';
import { examples } from './dnsPlan.examples';

/** The action id. @public */
export const DNS_PLAN_ACTION_ID = 'directory:dns:plan';

/**
 * Options of {@link createDnsPlanAction}. Route53 is reached through
 * `route53` when given, else through a client built from `config` (the `aws`
 * block and `directory.route53.*`); with neither, or without an `aws`
 * block, plans are not verified.
 * @public
 */
export interface DnsPlanActionOptions {
  config?: Config;
  /** Shared AWS credentials; built from `config` when absent. */
  awsCredentialsManager?: AwsCredentialsManager;
  /** A ready Route53 client. */
  route53?: Route53Client;
}

function route53ClientFor(
  options: DnsPlanActionOptions,
): Route53Client | undefined {
  if (options.route53 || !options.config) {
    return options.route53;
  }
  return createRoute53Client(
    readRoute53Settings(options.config),
    options.awsCredentialsManager ??
      DefaultAwsCredentialsManager.fromConfig(options.config),
  );
}

const HOSTED_ZONE_ID = /^(?:\/hostedzone\/)?[A-Z0-9]{1,32}$/;

/** The note of a plan made without AWS config. @public */
export const NOT_VERIFIED_NOTE =
  'DNS plan not verified against Route53 (no `aws` config): check that the hosted zone exists and the five hosts are free before merging.';

/**
 * Creates the `directory:dns:plan` action. It computes the five hosts of an
 * instance and, when AWS is configured, checks with Route53 that the hosted
 * zone exists and that no record already points one of the hosts elsewhere.
 *
 * @public
 */
export function createDnsPlanAction(options: DnsPlanActionOptions = {}) {
  const route53 = route53ClientFor(options);
  const checker = route53 ? new Route53HostChecker(route53) : undefined;
  return createTemplateAction({
    id: DNS_PLAN_ACTION_ID,
    description:
      'Plans the five DNS hosts of a Directory instance and verifies them against Route53 when AWS is configured',
    examples,
    supportsDryRun: true,
    schema: {
      input: {
        baseDomain: z =>
          z.string({
            description: 'DNS domain under which the five hosts are created',
          }),
        hostedZoneId: z =>
          z
            .string({
              description:
                'Route53 hosted zone id; without it the zone is found by name',
            })
            .optional(),
        failOnConflict: z =>
          z
            .boolean({
              description:
                'Fail when a host already has an A, AAAA or CNAME record (default false)',
            })
            .optional(),
      },
      output: {
        hosts: z =>
          z.object(
            {
              api: z.string({ description: 'gRPC API host' }),
              zot: z.string({ description: 'Zot registry host' }),
              routing: z.string({ description: 'P2P routing host' }),
              spire: z.string({ description: 'SPIFFE bundle endpoint host' }),
              oidcDiscovery: z.string({ description: 'OIDC discovery host' }),
            },
            { description: 'The five hosts' },
          ),
        verified: z =>
          z.boolean({
            description: 'Whether the plan was checked against Route53',
          }),
        hostedZoneId: z =>
          z.string({
            description: 'The hosted zone found, or "" when not verified',
          }),
        conflicts: z =>
          z.array(
            z.object({
              host: z.string({ description: 'Host' }),
              type: z.string({ description: 'Record type' }),
              target: z.string({ description: 'Where the record points' }),
            }),
            { description: 'Hosts that already resolve somewhere' },
          ),
        notes: z =>
          z.array(z.string(), { description: 'What was and was not checked' }),
      },
    },
    async handler(ctx) {
      const { baseDomain, hostedZoneId, failOnConflict } = ctx.input;
      const problems = validateBaseDomain(baseDomain);
      if (problems.length > 0) {
        throw fieldError('baseDomain', problems.join('; '));
      }
      if (
        hostedZoneId !== undefined &&
        hostedZoneId !== '' &&
        !HOSTED_ZONE_ID.test(hostedZoneId)
      ) {
        throw fieldError(
          'hostedZoneId',
          'must be a Route53 hosted zone id of uppercase letters and digits',
        );
      }
      const hosts = directoryHosts(baseDomain);
      ctx.output('hosts', { ...hosts });

      if (!checker) {
        ctx.logger.warn(NOT_VERIFIED_NOTE);
        ctx.output('verified', false);
        ctx.output(
          'hostedZoneId',
          hostedZoneId?.replace(/^\/hostedzone\//, '') ?? '',
        );
        ctx.output('conflicts', []);
        ctx.output('notes', [NOT_VERIFIED_NOTE]);
        return;
      }

      const result = await checker.check({
        baseDomain,
        hosts,
        hostedZoneId: hostedZoneId?.replace(/^\/hostedzone\//, '') || undefined,
      });
      const notes = [
        `Route53 hosted zone ${result.hostedZoneId} (${result.zoneName}) holds ${baseDomain}.`,
        ...(result.conflicts.length === 0
          ? ['None of the five hosts has an A, AAAA or CNAME record yet.']
          : result.conflicts.map(
              c =>
                `${c.host} already resolves: ${c.type} record pointing to ${c.target}.`,
            )),
      ];
      notes.forEach(n => ctx.logger.info(n));
      if (failOnConflict && result.conflicts.length > 0) {
        throw fieldError(
          'baseDomain',
          `hosts must be free, but ${result.conflicts
            .map(c => `${c.host} (${c.type} → ${c.target})`)
            .join(', ')} already exist in zone ${result.hostedZoneId}`,
        );
      }
      ctx.output('verified', true);
      ctx.output('hostedZoneId', result.hostedZoneId);
      ctx.output('conflicts', result.conflicts);
      ctx.output('notes', notes);
    },
  });
}
