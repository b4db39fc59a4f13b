import {
  FEDERATION_PROFILE_DESCRIPTIONS,
  PUBLIC_AGNTCY_NETWORK_NOTE,
} from '@directory-ops/plugin-directory-common';
import { CLUSTER_PREREQUISITES, TESTED_CHARTS } from '../config';
import { Layout, SYNC_WAVES } from './layout';
import { toYaml } from './yamlDocument';
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
    ...layout.apps.map(app => {
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
      `rate limit ${spec.rateLimit.globalRps} RPS global (burst ${
        spec.rateLimit.globalBurst
      }), ${
        spec.rateLimit.perClientRps
      } RPS per client; JSON logs; metrics on port 9090${
        spec.monitoring
          ? ' with a ServiceMonitor'
          : ' (no ServiceMonitor: `monitoring` is off)'
      }.`,
    '',
    `Rendered in the tests with the upstream charts ${TESTED_CHARTS.map(
      c => `${c.chart} ${c.version}`,
    ).join(', ')}.`,
    '',
  ];
}

function federationSection(spec: DeploymentSpec, layout: Layout): string[] {
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
    `Each peer gets one ClusterFederatedTrustDomain (\`${layout.fullname(
      'dir',
      'apiserver',
    )}-<peer>\`). The apiserver and reconciler identities (ClusterSPIFFEIDs \`${layout.release(
      'dir',
    )}-apiserver-svid\` and \`${layout.release(
      'dir',
    )}-reconciler-svid\`) federate with every peer; dirctl only calls this instance and gets no federated bundle. Federated callers may pull, look up and request registry credentials; only this trust domain has full access.`,
    '',
  ];
  if (spec.federatesWithPublicNetwork) {
    const onboarding = federationEntry(
      {
        trustDomain: spec.trustDomain,
        bundleEndpointURL: `https://${spec.hosts.spire}`,
        profile: spec.federationProfile,
      },
      'dir-spire',
    );
    lines.push(
      `> **Warning:** ${PUBLIC_AGNTCY_NETWORK_NOTE} Do not depend on it for production traffic.`,
      '',
      `Federation goes both ways: open a pull request titled \`federation: add ${spec.trustDomain}\` against agntcy/dir-staging that adds \`onboarding/federation/${spec.trustDomain}.yaml\`:`,
      '',
      '```yaml',
      toYaml(onboarding, '').trimEnd(),
      '```',
      '',
      'Until it is merged the public network rejects calls from this trust domain.',
      '',
    );
  }
  return lines;
}

function prerequisite(key: keyof typeof CLUSTER_PREREQUISITES): string {
  const p = CLUSTER_PREREQUISITES[key];
  return `${p.name} ${p.range}`;
}

function prerequisitesSection(spec: DeploymentSpec, layout: Layout): string[] {
  const h = spec.hosts;
  const zone = spec.route53HostedZoneId
    ? ` (hosted zone \`${spec.route53HostedZoneId}\`)`
    : '';
  const spire = spec.spire.reuseExisting
    ? `- [ ] SPIRE (reused, not installed by this change): the cluster's SPIRE server has trust domain \`${spec.trustDomain}\`, federation on, its bundle endpoint published at \`https://${h.spire}\` (${spec.federationProfile}), the spire-crds CRDs, the SPIFFE CSI driver \`csi.spiffe.io\`, and a controller manager of class \`${spec.spire.className}\` that does not watch classless identities.`
    : `- [ ] SPIRE: installed by this change (\`${layout.release(
        'spire-crds',
      )}\`, \`${layout.release('spire')}\`) with controller class \`${
        spec.spire.className
      }\`; the cluster runs no other SPIRE (they would collide on the \`csi.spiffe.io\` CSIDriver and the agent socket) and no other controller manager uses that class.`;
  return [
    '## Prerequisites',
    '',
    'Cluster components and the versions this deployment needs:',
    '',
    `- [ ] ${prerequisite('kubernetes')}: cluster \`${
      spec.cluster.name
    }\` registered in Argo CD as \`${spec.cluster.server}\`.`,
    `- [ ] ${prerequisite('argocd')}, with the OCI Helm repository \`${
      chartConfig('dir', spec).chart_repo
    }\` registered (\`enableOCI\`).`,
    `- [ ] ${prerequisite(
      'ingressNginx',
    )} behind an AWS NLB (the API ingress depends on passthrough; recheck after every controller upgrade).`,
    spire,
    `- [ ] ${prerequisite('externalDns')} managing \`${
      spec.baseDomain
    }\`${zone} in Route53.`,
    `- [ ] ${prerequisite('certManager')} with the ClusterIssuer \`${
      spec.certIssuer
    }\`.`,
    `- [ ] ${prerequisite('externalSecrets')} (${
      CLUSTER_PREREQUISITES.externalSecrets.why
    }), with the ${spec.vault.secretStoreKind} \`${
      spec.vault.secretStore
    }\` reading Vault; \`${spec.vault.path}\` holds: ${VAULT_PROPERTIES.map(
      p => `\`${p}\``,
    ).join(
      ', ',
    )}. The node key is an Ed25519 key (\`openssl genpkey -algorithm Ed25519\`); \`zot-htpasswd\` holds bcrypt lines for \`admin\` (= \`oci-username\`) and the sync user.`,
    `- [ ] ${prerequisite('ebsCsi')} and the encrypted StorageClass \`${
      spec.storageClass
    }\`.`,
    ...(spec.monitoring
      ? [
          `- [ ] ${prerequisite(
            'prometheusOperator',
          )}: the apiserver gets a \`monitoring.coreos.com/v1\` ServiceMonitor.`,
        ]
      : []),
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
    )} -f ${layout.repoPath(
      layout.paths.bootstrapProject,
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
    `kubectl -n argocd get applications -l instance=${spec.name}`,
    `kubectl -n ${ns} get pvc                   # ${release}-apiserver-pvc and the Zot/PostgreSQL claims are Bound`,
    `kubectl -n ${ns} logs deploy/${release}-apiserver | grep "Successfully obtained valid X509-SVID"`,
    `kubectl -n ${ns} get svc ${release}-apiserver-routing   # EXTERNAL-IP of the NLB`,
    `openssl s_client -connect ${h.api}:443 -servername ${h.api} </dev/null | grep spiffe   # a SPIRE SVID, not ingress.local`,
    `curl -s https://${h.spire}                                    # the trust bundle (JSON)`,
    `curl -s https://${h.oidcDiscovery}/.well-known/openid-configuration`,
    `nc -zv ${h.routing} 5555`,
    ...(spec.peers.length > 0 && !spec.spire.reuseExisting
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
    ...federationSection(spec, layout),
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
    layout.paths.bootstrapProject,
    layout.paths.projectApp,
    layout.paths.appSet,
    layout.paths.clusterConfig,
    ...layout.apps.flatMap(app => [
      layout.paths.appConfig(app),
      layout.paths.appValues(app),
    ]),
    layout.paths.catalogInfo,
    layout.paths.deploymentSpec,
  ];
  return [
    `# Directory \`${spec.name}\` (environment \`${spec.environment}\`)`,
    '',
    `Owner: \`${spec.owner}\`. Generated by the \`directory:deployment:generate\` scaffolder action; change it by editing these files through pull requests.`,
    '',
    '## Files',
    '',
    ...files.map(f => `- \`${f}\``),
    '',
    ...deployedSection(spec, layout),
    ...federationSection(spec, layout),
    ...prerequisitesSection(spec, layout),
    ...verifySection(spec, layout),
  ].join('\n');
}
