export interface Config {
  // `directory.route53`, which `directory:dns:plan` reads, is declared once,
  // by @directory-ops/plugin-directory-node. When the `aws` block
  // (`@backstage/integration-aws-node`) is present, the plan is verified
  // against Route53.
}
