import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';

/** Config key of the Route53 endpoint override. @public */
export const ROUTE53_ENDPOINT_KEY = 'directory.route53.endpoint';
/** Config key of the Route53 signing region. */
const ROUTE53_REGION_KEY = 'directory.route53.region';
/** Config key of the AWS account whose credentials query Route53. */
const ROUTE53_ACCOUNT_KEY = 'directory.route53.accountId';
/** The `aws` block read by `DefaultAwsCredentialsManager`. */
const AWS_CONFIG_KEY = 'aws';

/** Route53 is a global service signed in us-east-1. @public */
export const DEFAULT_ROUTE53_REGION = 'us-east-1';

/**
 * How the Directory Ops plugins reach Route53 (`directory.route53` and the
 * presence of `aws`): the backend's `dns` check and `directory:dns:plan`.
 * @public
 */
export interface Route53Settings {
  /** Whether the `aws` config block is present. */
  awsConfigured: boolean;
  /** Endpoint override, for private (VPC) endpoints and tests. */
  endpoint?: string;
  /** Signing region; default {@link DEFAULT_ROUTE53_REGION}. */
  region: string;
  /** The account (from `aws.accounts`) whose credentials are used; default the main account. */
  accountId?: string;
}

function readOptionalString(config: Config, key: string): string | undefined {
  try {
    return config.getOptionalString(key);
  } catch (error) {
    throw new InputError(
      `Invalid config at '${key}': ${(error as Error).message}`,
    );
  }
}

/**
 * Reads {@link Route53Settings}; a malformed value is an `InputError` that
 * names the key and the rule.
 * @public
 */
export function readRoute53Settings(config: Config): Route53Settings {
  const endpoint = readOptionalString(config, ROUTE53_ENDPOINT_KEY);
  if (endpoint !== undefined) {
    let url: URL | undefined;
    try {
      url = new URL(endpoint);
    } catch {
      url = undefined;
    }
    if (!url || !['http:', 'https:'].includes(url.protocol)) {
      throw new InputError(
        `Invalid config at '${ROUTE53_ENDPOINT_KEY}': must be an http(s) URL`,
      );
    }
  }
  return {
    awsConfigured: config.has(AWS_CONFIG_KEY),
    endpoint,
    region:
      readOptionalString(config, ROUTE53_REGION_KEY) ?? DEFAULT_ROUTE53_REGION,
    accountId: readOptionalString(config, ROUTE53_ACCOUNT_KEY),
  };
}
