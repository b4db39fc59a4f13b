/**
 * Wire-level fakes of the systems Directory Ops talks to: a Kubernetes API
 * server, TLS endpoints with SPIFFE and ingress certificates, and seeded
 * Directory deployments.
 *
 * @packageDocumentation
 */
export * from './demo';
export * from './kubernetes';
export * from './scenarios';
export * from './tls';
export * from './route53';
export * from './github';
