export interface Config {
  directory?: {
    /**
     * How Directory Ops reaches Route53: the backend's `dns` check and the
     * `directory:dns:plan` scaffolder action. Credentials come from the `aws`
     * block (`@backstage/integration-aws-node`); without it the plan is not
     * verified against Route53.
     */
    route53?: {
      /**
       * Route53 API endpoint override, for private endpoints (VPC endpoint,
       * proxy) and tests. Default: the AWS endpoint.
       */
      endpoint?: string;
      /** Signing region of the Route53 client. Default `us-east-1`. */
      region?: string;
      /**
       * AWS account (from `aws.accounts`) whose credentials query Route53.
       * Default: the main account.
       */
      accountId?: string;
    };
  };
  /**
   * The Backstage Kubernetes plugin's config. Directory Ops reads the
   * clusters of `type: config` locators from it, so nothing is configured
   * twice. Only the keys Directory Ops reads are listed here.
   */
  kubernetes?: {
    clusterLocatorMethods?: Array<{
      /** Only `config` locators are read; other types are skipped. */
      type: string;
      clusters?: Array<{
        /** Unique cluster name, used by the `agntcy.org/kubernetes-cluster` annotation. */
        name: string;
        title?: string;
        /** API server URL (http or https). */
        url: string;
        /**
         * `serviceAccount` or `aws` (others are not supported by Directory Ops).
         * May instead be given as `authMetadata['kubernetes.io/auth-provider']`.
         */
        authProvider?: string;
        /**
         * Bearer token for `serviceAccount` clusters; without it the pod's own
         * service account token is used.
         * @visibility secret
         */
        serviceAccountToken?: string;
        /**
         * PEM CA bundle (base64) of the API server.
         * @visibility secret
         */
        caData?: string;
        /** @visibility secret */
        caFile?: string;
        skipTLSVerify?: boolean;
        /** IAM role assumed to make the EKS token (`aws` clusters). */
        assumeRole?: string;
        externalId?: string;
        /**
         * `kubernetes.io/x-k8s-aws-id` (EKS cluster name, defaults to `name`),
         * `kubernetes.io/aws-assume-role`, `kubernetes.io/aws-external-id`,
         * `kubernetes.io/auth-provider`.
         * @visibility secret
         */
        authMetadata?: { [key: string]: string };
      }>;
    }>;
  };
}
