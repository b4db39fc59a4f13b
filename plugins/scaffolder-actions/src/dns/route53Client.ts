import { Route53Client } from '@aws-sdk/client-route-53';
import { AwsCredentialsManager } from '@backstage/integration-aws-node';
import type { Route53Settings } from '@directory-ops/plugin-directory-node';

/**
 * Builds the Route53 client from config, or `undefined` when there is no
 * `aws` config (then DNS plans are not verified). Credentials are resolved
 * on first use through the credentials manager, so startup makes no AWS
 * call.
 * @public
 */
export function createRoute53Client(
  settings: Route53Settings,
  credentialsManager: AwsCredentialsManager,
): Route53Client | undefined {
  if (!settings.awsConfigured) {
    return undefined;
  }
  return new Route53Client({
    region: settings.region,
    endpoint: settings.endpoint,
    credentials: async () => {
      const provider = await credentialsManager.getCredentialProvider(
        settings.accountId ? { accountId: settings.accountId } : undefined,
      );
      return provider.sdkCredentialProvider();
    },
  });
}
