export interface Config {
  /**
   * AWS accounts (`aws.mainAccount`, `aws.accounts`, `aws.accountDefaults`) as
   * read by `@backstage/integration-aws-node`. When the `aws` block is
   * present, `directory:dns:plan` verifies its plan against Route53.
   */
  directory?: {
    route53?: {
      /**
       * Route53 API endpoint override, for private endpoints (VPC endpoint,
       * proxy) and tests. Shared with the Directory backend's `dns` check.
       */
      endpoint?: string;
      /** Signing region of the Route53 client. Defaults to `us-east-1`. */
      region?: string;
      /**
       * AWS account (from `aws.accounts`) whose credentials query Route53.
       * Defaults to the main account.
       */
      accountId?: string;
    };
  };
}
