import { Sha256 } from '@aws-crypto/sha256-js';
import { fromTemporaryCredentials } from '@aws-sdk/credential-providers';
import { Config } from '@backstage/config';
import {
  AwsCredentialsManager,
  DefaultAwsCredentialsManager,
} from '@backstage/integration-aws-node';
import { SignatureV4 } from '@smithy/signature-v4';

const DEFAULT_REGION = 'us-east-1';
/** What `aws eks get-token` uses; EKS accepts tokens for 15 minutes. */
const PRESIGN_EXPIRY_SECONDS = 60;
const NO_MATCHING_INTEGRATION = 'There is no AWS integration that matches';

/**
 * The cluster fields an EKS token depends on.
 * @public
 */
export interface EksTokenRequest {
  name: string;
  assumeRole?: string;
  externalId?: string;
  /** EKS cluster name; defaults to `name`. */
  awsClusterId?: string;
}

/**
 * Makes EKS bearer tokens (`k8s-aws-v1.` + base64url of a presigned STS
 * GetCallerIdentity URL bound to the cluster by the `x-k8s-aws-id` header),
 * with credentials from the `aws` config section, the same way the Backstage
 * Kubernetes plugin does for `authProvider: aws`.
 *
 * @public
 */
export class EksTokenFactory {
  readonly #credentials: AwsCredentialsManager;

  /** Reads `aws.mainAccount`, `aws.accounts` and `aws.accountDefaults`. */
  static fromConfig(config: Config): EksTokenFactory {
    return new EksTokenFactory(DefaultAwsCredentialsManager.fromConfig(config));
  }

  private constructor(credentials: AwsCredentialsManager) {
    this.#credentials = credentials;
  }

  /** Creates a token for one cluster. The token is a secret: never log it. */
  async createToken(cluster: EksTokenRequest): Promise<string> {
    const region = process.env.AWS_REGION ?? DEFAULT_REGION;
    const masterCredentials = await this.#masterCredentials(cluster.assumeRole);
    const credentials = cluster.assumeRole
      ? fromTemporaryCredentials({
          masterCredentials,
          clientConfig: { region },
          params: {
            RoleArn: cluster.assumeRole,
            ExternalId: cluster.externalId,
          },
        })
      : masterCredentials;
    const signer = new SignatureV4({
      credentials,
      region,
      service: 'sts',
      sha256: Sha256,
    });
    const hostname = `sts.${region}.amazonaws.com`;
    const request = await signer.presign(
      {
        method: 'GET',
        protocol: 'https:',
        hostname,
        path: '/',
        headers: {
          host: hostname,
          'x-k8s-aws-id': cluster.awsClusterId ?? cluster.name,
        },
        query: { Action: 'GetCallerIdentity', Version: '2011-06-15' },
      },
      { expiresIn: PRESIGN_EXPIRY_SECONDS },
    );
    const query = Object.entries(request.query ?? {})
      .flatMap(([key, value]) =>
        (Array.isArray(value) ? value : [value]).map(
          v => `${encodeURIComponent(key)}=${encodeURIComponent(v ?? '')}`,
        ),
      )
      .join('&');
    const url = `https://${request.hostname}${request.path}?${query}`;
    return `k8s-aws-v1.${Buffer.from(url).toString('base64url')}`;
  }

  async #masterCredentials(assumeRole: string | undefined) {
    if (assumeRole) {
      try {
        return (
          await this.#credentials.getCredentialProvider({ arn: assumeRole })
        ).sdkCredentialProvider;
      } catch (error) {
        if (
          !String((error as Error)?.message).includes(NO_MATCHING_INTEGRATION)
        ) {
          throw error;
        }
      }
    }
    return (await this.#credentials.getCredentialProvider())
      .sdkCredentialProvider;
  }
}
