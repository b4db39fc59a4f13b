import {
  FEDERATION_PROFILE_DESCRIPTIONS,
  PUBLIC_AGNTCY_NETWORK_NOTE,
} from '@directory-ops/plugin-directory-common';
import yaml from 'yaml';
import { APPS, Layout, SYNC_WAVES } from './layout';
import { DeploymentSpec } from './spec';
import { VAULT_PROPERTIES, chartConfig, federationEntry } from './values';

/**
 * The markdown that explains a generated deployment: the pull-request body
 * and the environment's README share it.
 */

function deployedSection(spec: DeploymentSpec, layout: Layout): string[] {
  const h = spec.hosts;
  return [
    '## What gets deployed',
    '',
    `- Trust domain \`${spec.trustDomain}\` (permanent: it can never change once deployed).`,
    `- Federation profile \`${spec.federationProfile}\`: ${
      FEDERATION_PROFILE_DESCRIPTIONS[spec.federationProfile]
    }`,
    `- Directory release \`${spec.releaseVersion}\` (charts and images pinned), on cluster \`${spec.cluster.name}\` (${spec.cluster.server}).`,
    '',
    '| Argo CD application | Chart | Version | Namespace | Sync wave |',
    '|---|---|---|---|---|',
    ...APPS.map(app => {
      const c = chartConfig(app, spec);
      return `| \`${layout.release(app)}\` | \`${c.chart_repo}/${
        c.chart_name
      }\` | \`${c.chart_version}\` | \`${layout.namespace(app)}\` | ${
        SYNC_WAVES[app]
      } |`;
    }),
    '',
    'Hosts (published by ExternalDNS):',
    '',
    `- \`${h.api}\`: gRPC API on 443, SSL passthrough to the apiserver SPIFFE SVID (no TLS secret on the ingress).`,
    `- \`${h.zot}\`: Zot OCI registry on 443, TLS terminated with cert-manager issuer \`${spec.certIssuer}\`.`,
    `- \`${h.routing}\`: P2P routing on TCP 5555 through an AWS NLB; ${
      spec.federatesWithPublicNetwork
        ? 'the node joins the public DHT through its bootstrap peer.'
        : 'the node is its own DHT bootstrap node (no public bootstrap peers).'
    }`,
    `- \`${h.spire}\`: SPIFFE federation bundle endpoint on 443.`,
    `- \`${h.oidcDiscovery}\`: SPIRE OIDC discovery provider on 443.`,
    '',
    `Storage class \`${spec.storageClass}\`: routing datastore ${
      spec.storage.routing
    }, PostgreSQL ${spec.storage.database}, Zot ${spec.storage.zot} (${
      spec.zot.storage === 's3'
        ? `S3 bucket \`${spec.zot.bucket}\`, dedupe off`
        : 'PVC'
    }). ` +
      `apiserver requests ${spec.resources.requests.cpu}/${spec.resources.requests.memory}, limits ${spec.resources.limits.cpu}/${spec.resources.limits.memory}; ` +
      `rate limit ${spec.rateLimit.globalRps} RPS global (burst ${spec.rateLimit.globalBurst}), ${spec.rateLimit.perClientRps} RPS per client; JSON logs; metrics with a ServiceMonitor.`,
    '',
  ];
}

function federationSection(spec: DeploymentSpec): string[] {
  if (spec.peers.length === 0) {
    return [
      '## Federation',
      '',
      'No federation peers. Add entries to `federateWith` later to federate.',
      '',
    ];
  }
  const lines = [
    '## Federation',
    '',
    ...spec.peers.map(
      p => `- \`${p.trustDomain}\` (${p.profile}) at ${p.bundleEndpointURL}`,
    ),
    '',
    'Each peer gets a ClusterFederatedTrustDomain (SPIRE controller manager, dir chart and dirctl chart) and is listed in the default ClusterSPIFFEID `federatesWith`. Federated callers may pull, look up and request registry credentials; only this trust domain has full access.',
    '',
  ];
  if (spec.federatesWithPublicNetwork) {
    const onboarding = federationEntry({
      trustDomain: spec.trustDomain,
      bundleEndpointURL: `https://${spec.hosts.spire}`,
      profile: spec.federationProfile,
    });
    lines.push(
      `> **Warning:** ${PUBLIC_AGNTCY_NETWORK_NOTE} Do not depend on it for production traffic.`,
      '',
      `Federation goes both ways: open a pull request titled \`federation: add ${spec.trustDomain}\` against agntcy/dir-staging that adds \`onboarding/federation/${spec.trustDomain}.yaml\`:`,
      '',
      '```yaml',
      yaml.stringify(onboarding).trimEnd(),
      '```',
      '',
      'Until it is merged the public network rejects calls from this trust domain.',
      '',
    );
  }
  return lines;
}

function prerequisitesSection(spec: DeploymentSpec, layout: Layout): string[] {
  const h = spec.hosts;
  const zone = spec.route53HostedZoneId
    ? ` (hosted zone \`${spec.route53HostedZoneId}\`)`
    : '';
  return [
    '## Prerequisites',
    '',
    `- [ ] EKS 1.31+ cluster \`${spec.cluster.name}\` registered in Argo CD as \`${spec.cluster.server}\`.`,
    '- [ ] NGINX ingress controller (ingress-nginx) behind an AWS NLB, started with `--enable-ssl-passthrough=true` (the API ingress depends on it; recheck after every controller upgrade).',
    `- [ ] SPIRE: installed by this change (\`${layout.release(
      'spire-crds',
    )}\`, \`${layout.release(
      'spire',
    )}\`) with controller class \`dir-spire\`; no other SPIRE controller in the cluster may use that class.`,
    `- [ ] ExternalDNS managing \`${spec.baseDomain}\`${zone} in Route53.`,
    `- [ ] cert-manager with the ClusterIssuer \`${spec.certIssuer}\`.`,
    `- [ ] External Secrets Operator (ESO) with the ${
      spec.vault.secretStoreKind
    } \`${spec.vault.secretStore}\` reading Vault; \`${
      spec.vault.path
    }\` holds: ${VAULT_PROPERTIES.map(p => `\`${p}\``).join(
      ', ',
    )}. The node key is an Ed25519 key (\`openssl genpkey -algorithm Ed25519\`); \`zot-htpasswd\` holds bcrypt lines for \`admin\` (= \`oci-username\`) and the sync user.`,
    `- [ ] The AWS EBS CSI driver and the encrypted StorageClass \`${spec.storageClass}\`.`,
    ...(spec.zot.storage === 's3'
      ? [
          `- [ ] S3 bucket \`${spec.zot.bucket}\` in \`${
            spec.zot.region
          }\`, writable by the Zot pod${
            spec.zot.roleArn ? ` through IRSA role \`${spec.zot.roleArn}\`` : ''
          }.`,
        ]
      : []),
    `- [ ] DNS names free: \`${h.api}\`, \`${h.zot}\`, \`${h.routing}\`, \`${h.spire}\`, \`${h.oidcDiscovery}\`.`,
    ...spec.peers
      .filter(p => p.profile === 'https_spiffe' && !p.trustDomainBundle)
      .map(
        p =>
          `- [ ] Bootstrap bundle of \`${p.trustDomain}\` (https_spiffe): get it from the peer (\`spire-server bundle show -format spiffe\`) and set it as \`trustDomainBundle\` of its federation entries; refresh it before the peer's CA rotates.`,
      ),
    ...(spec.federationProfile === 'https_spiffe'
      ? [
          `- [ ] Give each peer this instance's bootstrap bundle (\`spire-server bundle show -format spiffe\`) and the endpoint SPIFFE ID \`spiffe://${spec.trustDomain}/spire/server\`.`,
        ]
      : []),

    `- [ ] Bootstrap once: \`kubectl apply -n argocd -f ${layout.repoPath(
      layout.paths.project,
    )} -f ${layout.repoPath(layout.paths.projectApp)}\`.`,
    '',
  ];
}

function verifySection(spec: DeploymentSpec, layout: Layout): string[] {
  const h = spec.hosts;
  const ns = layout.namespace('dir');
  const release = layout.release('dir');
  const spireNs = layout.namespace('spire');
  return [
    '## Verify after merge',
    '',
    '```sh',
    `kubectl -n argocd get applications -l env=${spec.environment}`,
    `kubectl -n ${ns} get pvc                   # ${release}-apiserver-pvc and the Zot/PostgreSQL claims are Bound`,
    `kubectl -n ${ns} logs deploy/${release}-apiserver | grep "Successfully obtained valid X509-SVID"`,
    `kubectl -n ${ns} get svc ${release}-apiserver-routing   # EXTERNAL-IP of the NLB`,
    `openssl s_client -connect ${h.api}:443 -servername ${h.api} </dev/null | grep spiffe   # a SPIRE SVID, not ingress.local`,
    `curl -s https://${h.spire}                                    # the trust bundle (JSON)`,
    `curl -s https://${h.oidcDiscovery}/.well-known/openid-configuration`,
    `nc -zv ${h.routing} 5555`,
    ...(spec.peers.length > 0
      ? [
          `SPIRE_SERVER=$(kubectl -n ${spireNs} get pod -l app.kubernetes.io/name=server -o name | head -1)`,
          ...spec.peers.map(
            p =>
              `kubectl -n ${spireNs} exec "$SPIRE_SERVER" -c spire-server -- spire-server bundle list -id spiffe://${p.trustDomain} -format spiffe`,
          ),
        ]
      : []),
    '```',
    '',
    `The catalog entity \`resource:default/${spec.name}\` shows the health of the instance once it is registered.`,
    '',
  ];
}

/** The pull-request body. */
export function deploymentSummary(
  spec: DeploymentSpec,
  layout: Layout,
): string {
  return [
    `# AGNTCY Directory \`${spec.name}\` (${spec.environment})`,
    '',
    `Deploys a production AGNTCY Directory for trust domain \`${spec.trustDomain}\` under \`${spec.baseDomain}\`, following the AGNTCY production guide and the dir-staging layout.`,
    '',
    ...(spec.federatesWithPublicNetwork
      ? [`> **Warning:** ${PUBLIC_AGNTCY_NETWORK_NOTE}`, '']
      : []),
    ...deployedSection(spec, layout),
    ...federationSection(spec),
    ...prerequisitesSection(spec, layout),
    ...verifySection(spec, layout),
  ].join('\n');
}

/** The environment's README. */
export function environmentReadme(
  spec: DeploymentSpec,
  layout: Layout,
): string {
  const files = [
    layout.paths.project,
    layout.paths.projectApp,
    layout.paths.appSet,
    layout.paths.clusterConfig,
    ...APPS.flatMap(app => [
      layout.paths.appConfig(app),
      layout.paths.appValues(app),
    ]),
    layout.paths.catalogInfo,
  ];
  return [
    `# Directory environment \`${spec.environment}\`: ${spec.name}`,
    '',
    `Owner: \`${spec.owner}\`. Generated by the \`directory:deployment:generate\` scaffolder action; change it by editing these files through pull requests.`,
    '',
    '## Files',
    '',
    ...files.map(f => `- \`${f}\``),
    '',
    ...deployedSection(spec, layout),
    ...federationSection(spec),
    ...prerequisitesSection(spec, layout),
    ...verifySection(spec, layout),
  ].join('\n');
}
