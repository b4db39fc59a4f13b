import { createMockDirectory } from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  PUBLIC_AGNTCY_NETWORK_NOTE,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';
import { DeploymentInput } from '../deployment/input';
import {
  InputOverrides,
  at,
  leaves,
  parseYaml,
  readTree,
  validDeploymentInput,
} from '../__testUtils__/deployment';
import { createDeploymentGenerateAction } from './deploymentGenerate';

const ENV = 'prod';
const NAME = 'acme-directory';
const FOLDER = `${ENV}/${NAME}`;
const RELEASE = `${NAME}-dir`;
const DIR_NS = `${NAME}-dir`;
const paths = {
  project: `projects/dir/${FOLDER}/project.yaml`,
  bootstrapProject: `projects/dir/${FOLDER}/bootstrap-project.yaml`,
  projectApp: `projectapps/dir/${FOLDER}/projectapp.yaml`,
  appSet: `applicationsets/dir/${FOLDER}/applicationset.yaml`,
  cluster: `clusters/dir/${FOLDER}/cluster-config.json`,
  catalog: `clusters/dir/${FOLDER}/catalog-info.yaml`,
  spec: `clusters/dir/${FOLDER}/directory-spec.yaml`,
  readme: `clusters/dir/${FOLDER}/README.md`,
  config: (app: string) => `applications/${app}/${FOLDER}/config.json`,
  values: (app: string) => `applications/${app}/${FOLDER}/values.yaml`,
};

describe('directory:deployment:generate', () => {
  const mockDir = createMockDirectory();
  const action = createDeploymentGenerateAction();

  beforeEach(() => mockDir.clear());

  async function generate(
    input: DeploymentInput,
    extra: { isDryRun?: boolean } = {},
  ) {
    const ctx = {
      ...createMockActionContext({
        input: input as unknown as Parameters<
          typeof action.handler
        >[0]['input'],
        workspacePath: mockDir.path,
      }),
      ...extra,
    };
    await action.handler(ctx);
    const outputs = Object.fromEntries(
      (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
    );
    return { outputs, tree: await readTree(mockDir.path) };
  }

  it('writes the dir-staging layout with the Argo CD objects and sync waves', async () => {
    const { outputs, tree } = await generate(validDeploymentInput());

    const expected = [
      paths.project,
      paths.bootstrapProject,
      paths.spec,
      paths.projectApp,
      paths.appSet,
      paths.cluster,
      paths.catalog,
      paths.readme,
      ...['spire-crds', 'spire', 'dir-secrets', 'dir', 'dir-admin'].flatMap(
        a => [paths.config(a), paths.values(a)],
      ),
    ];
    expect(Object.keys(tree).sort()).toEqual([...expected].sort());
    expect([...outputs.files].sort()).toEqual([...expected].sort());

    const project = parseYaml(tree[paths.project]);
    expect(at(project, 'kind')).toBe('AppProject');
    expect(at(project, 'metadata.name')).toBe(`dir-${NAME}`);
    expect(at(project, 'spec.sourceRepos')).toContain(
      'https://github.com/acme/gitops.git',
    );

    const projectApp = parseYaml(tree[paths.projectApp]);
    expect(at(projectApp, 'kind')).toBe('Application');
    expect(at(projectApp, 'spec.project')).toBe(`dir-${NAME}-bootstrap`);
    expect(at(projectApp, 'spec.source.path')).toBe(
      `applicationsets/dir/${FOLDER}`,
    );
    expect(at(projectApp, 'spec.source.targetRevision')).toBe('main');

    const appSet = parseYaml(tree[paths.appSet]);
    expect(at(appSet, 'kind')).toBe('ApplicationSet');
    expect(at(appSet, 'spec.template.metadata.name')).toBe(
      `${NAME}-{{appName}}`,
    );
    expect(at(appSet, 'spec.template.spec.project')).toBe(`dir-${NAME}`);
    expect(
      at(
        appSet,
        'spec.template.metadata.annotations["argocd.argoproj.io/sync-wave"]',
      ),
    ).toBe('{{syncWave}}');
    const elements = at(
      appSet,
      'spec.generators[0].merge.generators[0].list.elements',
    ) as Array<{
      appName: string;
      syncWave: string;
      namespace: string;
    }>;
    const wave = (app: string) =>
      Number(elements.find(e => e.appName === app)!.syncWave);
    expect(wave('spire-crds')).toBeLessThan(wave('spire'));
    expect(wave('spire')).toBeLessThan(wave('dir'));
    expect(wave('dir')).toBeLessThan(wave('dir-admin'));
    expect(elements.find(e => e.appName === 'dir')!.namespace).toBe(DIR_NS);

    expect(JSON.parse(tree[paths.cluster])).toEqual({
      cluster_name: 'eks-prod-eu',
      cluster_address: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
    });
  });

  it('pins every chart and image to the release, never latest', async () => {
    const { tree } = await generate(validDeploymentInput());
    expect(JSON.parse(tree[paths.config('dir')])).toEqual({
      chart_repo: 'ghcr.io/agntcy/dir/helm-charts',
      chart_name: 'dir',
      chart_version: 'v1.7.0',
    });
    expect(JSON.parse(tree[paths.config('dir-admin')]).chart_version).toBe(
      'v1.7.0',
    );
    for (const app of ['spire-crds', 'spire', 'dir-secrets']) {
      expect(JSON.parse(tree[paths.config(app)]).chart_version).toMatch(
        /^\d+\.\d+\.\d+$/,
      );
    }
    const dir = parseYaml(tree[paths.values('dir')]);
    expect(at(dir, 'apiserver.image.tag')).toBe('v1.7.0');
    expect(at(dir, 'apiserver.reconciler.image.tag')).toBe('v1.7.0');
    expect(at(parseYaml(tree[paths.values('dir-admin')]), 'image.tag')).toBe(
      'v1.7.0',
    );
    for (const [file, text] of Object.entries(tree)) {
      expect({ file, latest: /\blatest\b/i.test(text) }).toEqual({
        file,
        latest: false,
      });
    }
  });

  it('generates the dir values the production guide requires', async () => {
    const { tree } = await generate(validDeploymentInput());
    const v = parseYaml(tree[paths.values('dir')]);
    const a = (p: string) => at(v, `apiserver.${p}`);

    // SPIRE
    expect(a('spire.enabled')).toBe(true);
    expect(a('spire.useCSIDriver')).toBe(true);
    // The chart's own ClusterSPIFFEIDs are parked: the ones with
    // federatesWith come from the dir-secrets app.
    expect(a('spire.className')).toBe('unclaimed');
    expect(a('spire.trustDomain')).toBe('dir.acme.com');
    expect(a('spire.dnsNameTemplates')).toEqual(['api.dir.acme.com']);
    expect(a('spire.federation')).toEqual([
      {
        className: 'dir-spire',
        trustDomain: 'spire.ads.outshift.io',
        bundleEndpointURL: 'https://spire.ads.outshift.io',
        bundleEndpointProfile: { type: 'https_web' },
      },
    ]);

    // API ingress: passthrough, GRPCS, external-dns, TLS without secret, full rule
    expect(a('ingress.enabled')).toBe(true);
    expect(
      a('ingress.annotations["nginx.ingress.kubernetes.io/ssl-passthrough"]'),
    ).toBe('true');
    expect(
      a('ingress.annotations["nginx.ingress.kubernetes.io/backend-protocol"]'),
    ).toBe('GRPCS');
    expect(
      a('ingress.annotations["external-dns.alpha.kubernetes.io/hostname"]'),
    ).toBe('api.dir.acme.com');
    expect(a('ingress.tls')).toEqual([{ hosts: ['api.dir.acme.com'] }]);
    expect(a('ingress.tls[0].secretName')).toBeUndefined();
    expect(a('ingress.hosts[0].host')).toBe('api.dir.acme.com');
    expect(a('ingress.hosts[0].http.paths[0].backend.service')).toEqual({
      name: `${RELEASE}-apiserver`,
      port: { number: 8888 },
    });

    // Storage
    expect(a('strategy.type')).toBe('Recreate');
    expect(a('pvc')).toEqual({
      create: true,
      storageClassName: 'ebs-sc-encrypted',
      size: '20Gi',
    });
    expect(a('config.routing.datastore_dir')).toBe('/etc/routing/datastore');
    // Federated with the public network: the chart's public bootstrap peer stays.
    expect(a('config.routing.bootstrap_peers')).toBeUndefined();
    expect(a('postgresql.primary.persistence')).toEqual({
      enabled: true,
      storageClass: 'ebs-sc-encrypted',
      size: '5Gi',
    });

    // Zot
    expect(a('zot.persistence')).toBe(true);
    expect(a('zot.pvc')).toMatchObject({
      create: true,
      storage: '100Gi',
      storageClassName: 'ebs-sc-encrypted',
    });
    expect(a('zot.ingress.enabled')).toBe(true);
    expect(a('zot.ingress.annotations["cert-manager.io/cluster-issuer"]')).toBe(
      'letsencrypt-prod',
    );
    expect(
      a('zot.ingress.annotations["external-dns.alpha.kubernetes.io/hostname"]'),
    ).toBe('zot.dir.acme.com');
    expect(a('zot.ingress.tls[0].hosts')).toEqual(['zot.dir.acme.com']);
    expect(a('zot.ingress.tls[0].secretName')).toEqual(expect.any(String));
    expect(a('config.store.oci.advertised_registry_address')).toBe(
      'zot.dir.acme.com',
    );

    // Secrets
    expect(a('externalSecrets')).toMatchObject({
      enabled: true,
      vaultPath: 'secret/data/agntcy/directory',
      secretStore: 'vault-backend',
      secretStoreKind: 'ClusterSecretStore',
    });
    expect(a('image.pullSecrets')).toEqual([]);

    // Authorization
    const policy = String(a('authz_policies_csv')).trim().split('\n');
    expect(policy[0]).toBe('p,dir.acme.com,*');
    expect(policy).toContain(
      'p,*,/agntcy.dir.store.v1.SyncService/RequestRegistryCredentials',
    );
    expect(policy.join('\n')).not.toContain('agntcy.dir.sync.v1');
    expect(a('config.authn')).toMatchObject({ enabled: true, mode: 'x509' });
    expect(a('config.authz.enabled')).toBe(true);

    // Routing
    expect(a('routingService.type')).toBe('LoadBalancer');
    expect(a('routingService.cloudProvider')).toBe('aws');
    expect(
      a(
        'routingService.annotations["service.beta.kubernetes.io/aws-load-balancer-type"]',
      ),
    ).toBe('nlb');
    expect(
      a(
        'routingService.annotations["external-dns.alpha.kubernetes.io/hostname"]',
      ),
    ).toBe('routing.dir.acme.com');

    // Operations
    expect(a('resources')).toEqual({
      requests: { cpu: '500m', memory: '1Gi' },
      limits: { cpu: '2000m', memory: '4Gi' },
    });
    expect(a('config.ratelimit.enabled')).toBe(true);
    expect(a('config.ratelimit.global_rps')).toBeGreaterThanOrEqual(500);
    expect(a('config.ratelimit.global_burst')).toBeGreaterThanOrEqual(
      a('config.ratelimit.global_rps') as number,
    );
    expect(a('log_format')).toBe('json');
    expect(a('metrics.enabled')).toBe(true);
    // No ServiceMonitor unless monitoring is asked for (Prometheus Operator).
    expect(a('metrics.serviceMonitor.enabled')).toBe(false);
    expect(a('zot.service.type')).toBe('ClusterIP');
  });

  it('writes SPIRE values for https_web with the federation and OIDC discovery ingresses', async () => {
    const { tree } = await generate(validDeploymentInput());
    const s = parseYaml(tree[paths.values('spire')]);
    expect(at(s, 'global.spire.trustDomain')).toBe('dir.acme.com');
    expect(at(s, 'global.spire.clusterName')).toBe('eks-prod-eu');
    const fed = at(s, '["spire-server"].federation');
    expect(at(fed, 'enabled')).toBe(true);
    expect(at(fed, 'tls.certManager.enabled')).toBe(true);
    expect(at(fed, 'tls.certManager.certificate.issuerRef.name')).toBe(
      'letsencrypt-prod',
    );
    expect(at(fed, 'tls.spire.enabled')).toBe(false);
    expect(at(fed, 'ingress.host')).toBe('spire.dir.acme.com');
    expect(
      at(
        fed,
        'ingress.annotations["nginx.ingress.kubernetes.io/ssl-passthrough"]',
      ),
    ).toBe('false');
    // The Certificate of the chart writes <release>-server-federation-cert.
    expect(at(fed, 'ingress.tlsSecret')).toBe(
      `${NAME}-spire-server-federation-cert`,
    );
    expect(at(s, '["spire-server"].controllerManager')).toEqual({
      enabled: true,
      className: 'dir-spire',
      watchClassless: false,
    });
    // Strict mode: a CA subject other than the chart's defaults, and every
    // object in the app's namespace.
    expect(at(s, 'global.spire.caSubject')).toEqual({
      country: 'US',
      organization: 'AGNTCY Directory',
      commonName: 'dir.acme.com',
    });
    expect(at(s, 'global.spire.recommendations')).toEqual({
      enabled: true,
      namespaceLayout: false,
    });
    const oidc = at(s, '["spiffe-oidc-discovery-provider"]');
    expect(at(oidc, 'enabled')).toBe(true);
    expect(at(oidc, 'ingress.host')).toBe('oidc-discovery.spire.dir.acme.com');
    expect(at(oidc, 'config')).toEqual({
      additionalDomains: ['oidc-discovery.spire.dir.acme.com'],
    });
  });

  it('turns passthrough on for https_spiffe and carries the peer SPIFFE ID', async () => {
    const { outputs, tree } = await generate(
      validDeploymentInput({
        federationProfile: 'https_spiffe',
        federateWith: [
          {
            trustDomain: 'partner.example-corp.io',
            bundleEndpointURL: 'https://spire.partner.example-corp.io',
            profile: 'https_spiffe',
            endpointSPIFFEID: 'spiffe://partner.example-corp.io/spire/server',
          },
        ],
      }),
    );
    expect(outputs.summary).toContain(
      'Bootstrap bundle of `partner.example-corp.io`',
    );
    const s = parseYaml(tree[paths.values('spire')]);
    const fed = at(s, '["spire-server"].federation');
    expect(at(fed, 'tls.spire.enabled')).toBe(true);
    expect(at(fed, 'tls.certManager.enabled')).toBe(false);
    // The chart turns SSL passthrough on for ingress-nginx.
    expect(at(s, 'global.spire.ingressControllerType')).toBe('ingress-nginx');
    expect(at(s, '["spiffe-oidc-discovery-provider"].ingress.host')).toBe(
      'oidc-discovery.spire.dir.acme.com',
    );
    const entry = {
      className: 'dir-spire',
      trustDomain: 'partner.example-corp.io',
      bundleEndpointURL: 'https://spire.partner.example-corp.io',
      bundleEndpointProfile: {
        type: 'https_spiffe',
        endpointSPIFFEID: 'spiffe://partner.example-corp.io/spire/server',
      },
    };
    expect(
      at(parseYaml(tree[paths.values('dir')]), 'apiserver.spire.federation'),
    ).toEqual([entry]);
    // One ClusterFederatedTrustDomain per peer: dirctl declares none.
    expect(
      at(parseYaml(tree[paths.values('dir-admin')]), 'spire.federation'),
    ).toEqual([]);
    expect(
      at(
        parseYaml(tree[paths.values('dir')]),
        'apiserver.config.routing.bootstrap_peers',
      ),
    ).toEqual([]);
  });

  it('quotes strings Helm would read as booleans and writes no aliases', async () => {
    const { tree } = await generate(validDeploymentInput());
    const spire = tree[paths.values('spire')];
    expect(spire).toContain(
      'nginx.ingress.kubernetes.io/proxy-ssl-verify: "off"',
    );
    expect(spire).toContain(
      'nginx.ingress.kubernetes.io/proxy-ssl-server-name: "on"',
    );
    for (const text of Object.values(tree)) {
      expect(text).not.toMatch(/(^|\s)[&*][a-z]+\d*\s*$/m);
    }
  });

  it('carries the bootstrap bundle of an https_spiffe peer into every federation entry', async () => {
    const bundle = {
      keys: [
        {
          use: 'x509-svid',
          kty: 'EC',
          crv: 'P-256',
          x: 'abc',
          y: 'def',
          x5c: ['MIIB'],
        },
      ],
      spiffe_refresh_hint: 300,
    };
    const { outputs, tree } = await generate(
      validDeploymentInput({
        federateWith: [
          {
            trustDomain: 'partner.example-corp.io',
            bundleEndpointURL: 'https://spire.partner.example-corp.io',
            profile: 'https_spiffe',
            endpointSPIFFEID: 'spiffe://partner.example-corp.io/spire/server',
            trustDomainBundle: JSON.stringify(bundle),
          },
        ],
      }),
    );
    const dirEntry = at(
      parseYaml(tree[paths.values('dir')]),
      'apiserver.spire.federation[0]',
    );
    expect(JSON.parse(String(at(dirEntry, 'trustDomainBundle')))).toEqual(
      bundle,
    );
    expect(outputs.summary).not.toContain('Bootstrap bundle of');
  });

  it('writes dirctl values that reach the apiserver through SPIFFE', async () => {
    const { tree } = await generate(validDeploymentInput());
    const d = parseYaml(tree[paths.values('dir-admin')]);
    expect(at(d, 'spire')).toMatchObject({
      enabled: true,
      className: 'unclaimed',
      useCSIDriver: true,
    });
    expect(at(d, 'env')).toEqual(
      expect.arrayContaining([
        {
          name: 'DIRECTORY_CLIENT_SERVER_ADDRESS',
          value: `${RELEASE}-apiserver.${DIR_NS}.svc.cluster.local:8888`,
        },
        { name: 'DIRECTORY_CLIENT_AUTH_MODE', value: 'x509' },
      ]),
    );
    expect(at(d, 'image.pullSecrets')).toEqual([]);
    expect(at(d, 'cronjobs.push.enabled')).toBe(false);
  });

  it('sets dedupe false for Zot on S3', async () => {
    const { tree } = await generate(
      validDeploymentInput({
        zotStorage: 's3',
        zotS3: { bucket: 'acme-zot', region: 'eu-west-1' },
      }),
    );
    const zot = at(parseYaml(tree[paths.values('dir')]), 'apiserver.zot');
    const config = JSON.parse(String(at(zot, 'configFiles["config.json"]')));
    expect(config.storage).toMatchObject({
      dedupe: false,
      rootDirectory: '/var/lib/registry',
      storageDriver: { name: 's3', bucket: 'acme-zot', region: 'eu-west-1' },
    });
    expect(at(zot, 'pvc.create')).toBe(true);
  });

  it('puts no password, key or token in any file', async () => {
    const { tree } = await generate(validDeploymentInput());
    const secretKey =
      /^(password|privKey|token|htpasswd|apiKey|authHeader|access_token|refresh_token)$/i;
    const found = Object.entries(tree).flatMap(([file, text]) => {
      const inText = /BEGIN [A-Z ]*PRIVATE KEY|\$2[aby]\$|dirpassword/.test(
        text,
      )
        ? [`${file}: secret text`]
        : [];
      // JSON is YAML too; the README is not structured.
      const doc = file.endsWith('.md') ? {} : parseYaml(text);
      const inKeys = leaves(doc)
        .filter(
          ([leaf, value]) =>
            secretKey.test(leaf.split('.').pop() ?? '') && value !== '',
        )
        .map(([leaf]) => `${file}: ${leaf}`);
      return [...inText, ...inKeys];
    });
    expect(found).toEqual([]);
    const dir = parseYaml(tree[paths.values('dir')]);
    expect(at(dir, 'apiserver.secrets')).toBeUndefined();
    expect(at(dir, 'apiserver.postgresql.auth.password')).toBeUndefined();
    expect(at(dir, 'apiserver.zot.secretFiles')).toBeUndefined();
  });

  it('writes a catalog entity that the shared reader accepts', async () => {
    const { outputs, tree } = await generate(validDeploymentInput());
    expect(outputs.catalogInfoPath).toBe(paths.catalog);
    expect(outputs.entityRef).toBe('resource:default/acme-directory');
    const entity = parseYaml(tree[paths.catalog]) as Parameters<
      typeof readDirectoryInstance
    >[0];
    expect(entity.kind).toBe('Resource');
    expect(entity.spec).toEqual({
      type: 'agntcy-directory',
      owner: 'group:default/platform',
      system: 'agntcy-directory',
      dependsOn: ['resource:default/eks-prod-eu'],
    });
    expect(entity.metadata.tags).toEqual([
      'agntcy-directory',
      'https-web',
      'prod',
    ]);
    expect(entity.metadata.annotations).toEqual({
      'agntcy.org/trust-domain': 'dir.acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'dir.acme.com',
      'agntcy.org/kubernetes-cluster': 'eks-prod-eu',
      'agntcy.org/namespace': DIR_NS,
      'agntcy.org/admin-namespace': `${NAME}-dir-admin`,
      'agntcy.org/release': RELEASE,
      'argocd/app-name': RELEASE,
      'agntcy.org/release-version': 'v1.7.0',
      'agntcy.org/federated-peers': 'spire.ads.outshift.io',
      'agntcy.org/route53-hosted-zone-id': 'Z0123456789ABC',
    });
    const read = readDirectoryInstance(entity);
    expect(read.ok).toBe(true);
  });

  it('outputs the hosts and a summary with the prerequisites and verification', async () => {
    const { outputs, tree } = await generate(validDeploymentInput());
    expect(outputs.hosts).toEqual({
      api: 'api.dir.acme.com',
      zot: 'zot.dir.acme.com',
      routing: 'routing.dir.acme.com',
      spire: 'spire.dir.acme.com',
      oidcDiscovery: 'oidc-discovery.spire.dir.acme.com',
    });
    expect(outputs.catalogInfoUrl).toBe(
      `https://github.com/acme/gitops/blob/main/${paths.catalog}`,
    );
    const summary = outputs.summary as string;
    for (const text of [
      '--enable-ssl-passthrough',
      'SPIRE',
      'ExternalDNS',
      'cert-manager',
      'External Secrets Operator',
      'Vault',
      'EBS CSI',
      'api.dir.acme.com',
      'zot.dir.acme.com',
      'routing.dir.acme.com',
      'spire.dir.acme.com',
      'oidc-discovery.spire.dir.acme.com',
      'Verify after merge',
      PUBLIC_AGNTCY_NETWORK_NOTE,
      'onboarding/federation/dir.acme.com.yaml',
    ]) {
      expect(summary).toContain(text);
    }
    expect(tree[paths.readme]).toContain('Prerequisites');
  });

  it('accepts the boolean preset and the RepoUrlPicker form of the GitOps repo', async () => {
    const { outputs, tree } = await generate(
      validDeploymentInput({
        federateWith: [],
        federateWithPublicNetwork: true,
        gitops: {
          repoUrl: 'github.com?owner=acme&repo=gitops',
          targetRevision: 'main',
          path: 'deploy/dir',
        },
      }),
    );
    const dir = parseYaml(tree[paths.values('dir')]);
    expect(at(dir, 'apiserver.spire.federation[0].trustDomain')).toBe(
      'spire.ads.outshift.io',
    );
    const appSet = parseYaml(tree[paths.appSet]);
    expect(at(appSet, 'spec.template.spec.sources[1].repoURL')).toBe(
      'https://github.com/acme/gitops.git',
    );
    expect(at(appSet, 'spec.template.spec.sources[0].helm.valueFiles[0]')).toBe(
      `$values/deploy/dir/applications/{{appName}}/${FOLDER}/values.yaml`,
    );
    expect(outputs.catalogInfoUrl).toBe(
      `https://github.com/acme/gitops/blob/main/deploy/dir/${paths.catalog}`,
    );
  });

  it('writes under targetPath and still writes in dry run', async () => {
    const { outputs, tree } = await generate(
      validDeploymentInput({ targetPath: 'gitops' }),
      {
        isDryRun: true,
      },
    );
    expect(outputs.catalogInfoPath).toBe(`gitops/${paths.catalog}`);
    expect(Object.keys(tree)).toContain(`gitops/${paths.values('dir')}`);
  });

  describe('bad input', () => {
    const cases: Array<[string, InputOverrides, string]> = [
      ['name', { name: 'Acme_Dir' }, 'DNS-1123'],
      ['environment', { environment: 'production-environment-eu' }, 'at most'],
      ['owner', { owner: 'group:default/platform team' }, 'entity reference'],
      ['trustDomain', { trustDomain: 'example.org' }, 'local use only'],
      ['trustDomain', { trustDomain: 'spiffe://dir.acme.com' }, 'scheme'],
      ['trustDomain', { trustDomain: 'dir.acme.com:443' }, 'port'],
      ['trustDomain', { trustDomain: 'Dir.Acme.com' }, 'lowercase'],
      ['trustDomain', { trustDomain: 'dir..acme.com' }, 'empty labels'],
      [
        'trustDomain',
        { trustDomain: 'spire.ads.outshift.io' },
        'public AGNTCY network',
      ],
      ['baseDomain', { baseDomain: 'localhost' }, 'two labels'],
      ['federationProfile', { federationProfile: 'mtls' }, 'https_web'],
      [
        'cluster.server',
        { cluster: { name: 'eks', server: 'http://insecure' } },
        'https',
      ],
      [
        'cluster.name',
        { cluster: { name: 'EKS Prod', server: 'https://k8s' } },
        'DNS-1123',
      ],
      [
        'gitops.repoUrl',
        {
          gitops: {
            repoUrl: 'git@github.com:acme/gitops.git',
            targetRevision: 'main',
            path: '.',
          },
        },
        'https',
      ],
      [
        'gitops.targetRevision',
        {
          gitops: {
            repoUrl: 'https://github.com/a/b',
            targetRevision: 'main branch',
            path: '.',
          },
        },
        'branch',
      ],
      [
        'gitops.path',
        {
          gitops: {
            repoUrl: 'https://github.com/a/b',
            targetRevision: 'main',
            path: '../other',
          },
        },
        'inside the repository',
      ],
      ['releaseVersion', { releaseVersion: 'latest' }, 'never "latest"'],
      ['releaseVersion', { releaseVersion: '1.7' }, 'release tag'],
      ['storageClass', { storageClass: 'EBS SC' }, 'DNS-1123'],
      ['storage.routing', { storage: { routing: '20GB' } }, 'quantity'],
      [
        'resources.limits.cpu',
        { resources: { limits: { cpu: 'two' } } },
        'CPU quantity',
      ],
      [
        'rateLimit.globalRps',
        { rateLimit: { globalRps: 499 } },
        'at least 500',
      ],
      [
        'rateLimit.globalBurst',
        { rateLimit: { globalRps: 800, globalBurst: 600 } },
        'at least',
      ],
      [
        'vault.secretStoreKind',
        { vault: { secretStoreKind: 'Vault' } },
        'ClusterSecretStore',
      ],
      ['certIssuer', { certIssuer: 'Lets Encrypt' }, 'DNS-1123'],
      ['zotStorage', { zotStorage: 'efs' }, 'pvc, s3'],
      ['zotS3.bucket', { zotStorage: 's3' }, 'required'],
      ['federateWith[0]', { federateWith: ['public'] }, 'preset'],
      [
        'federateWith[0].trustDomain',
        {
          federateWith: [
            {
              trustDomain: 'dir.acme.com',
              bundleEndpointURL: 'https://spire.x.io',
              profile: 'https_web',
            },
          ],
        },
        'differ',
      ],
      [
        'federateWith[0].endpointSPIFFEID',
        {
          federateWith: [
            {
              trustDomain: 'p.io',
              bundleEndpointURL: 'https://spire.p.io',
              profile: 'https_spiffe',
            },
          ],
        },
        'required',
      ],
      [
        'federateWith[0].bundleEndpointURL',
        {
          federateWith: [
            {
              trustDomain: 'p.io',
              bundleEndpointURL: 'http://spire.p.io',
              profile: 'https_web',
            },
          ],
        },
        'https',
      ],
      [
        'federationProfile',
        {
          federationProfile: 'https_spiffe',
          federateWith: ['public-agntcy-network'],
        },
        'public AGNTCY network',
      ],
      ['route53HostedZoneId', { route53HostedZoneId: 'z-123' }, 'hosted zone'],
      [
        'federateWith[0].trustDomainBundle',
        {
          federateWith: [
            {
              trustDomain: 'p.io',
              bundleEndpointURL: 'https://spire.p.io',
              profile: 'https_spiffe',
              endpointSPIFFEID: 'spiffe://p.io/spire/server',
              trustDomainBundle: 'keys: []',
            },
          ],
        },
        'JSON',
      ],
      [
        'federateWith[0].trustDomainBundle',
        {
          federateWith: [
            {
              trustDomain: 'p.io',
              bundleEndpointURL: 'https://spire.p.io',
              profile: 'https_spiffe',
              endpointSPIFFEID: 'spiffe://p.io/spire/server',
              trustDomainBundle: '{"keys": []}',
            },
          ],
        },
        'non-empty',
      ],
      [
        'federateWith[0].trustDomainBundle',
        {
          federateWith: [
            {
              trustDomain: 'p.io',
              bundleEndpointURL: 'https://spire.p.io',
              profile: 'https_web',
              trustDomainBundle: '{"keys": [{}]}',
            },
          ],
        },
        'only used with the https_spiffe',
      ],
      ['targetPath', { targetPath: '../outside' }, 'inside the workspace'],
    ];

    it.each(cases)(
      'refuses a bad %s and writes nothing',
      async (field, overrides, rule) => {
        const promise = generate(validDeploymentInput(overrides));
        await expect(promise).rejects.toThrow(InputError);
        await expect(promise).rejects.toThrow(`'${field}'`);
        await expect(promise).rejects.toThrow(rule);
        expect(await readTree(mockDir.path)).toEqual({});
      },
    );

    const hostile = [
      'evil\nkind: Secret',
      'a: b',
      'x #comment',
      '{ injected: true }',
      '&anchor value',
      '*alias',
      '"quoted"',
      "'single'",
      '[list]',
      '| block',
      '--- doc',
    ];
    const fields: Array<[string, (v: string) => InputOverrides]> = [
      ['name', v => ({ name: v })],
      ['environment', v => ({ environment: v })],
      ['owner', v => ({ owner: v })],
      ['trustDomain', v => ({ trustDomain: v })],
      ['baseDomain', v => ({ baseDomain: v })],
      [
        'cluster.name',
        v => ({ cluster: { name: v, server: 'https://k8s.acme.com' } }),
      ],
      [
        'cluster.server',
        v => ({
          cluster: { name: 'eks', server: `https://k8s.acme.com/${v}` },
        }),
      ],
      [
        'gitops.targetRevision',
        v => ({
          gitops: {
            repoUrl: 'https://github.com/a/b',
            targetRevision: v,
            path: '.',
          },
        }),
      ],
      [
        'gitops.path',
        v => ({
          gitops: {
            repoUrl: 'https://github.com/a/b',
            targetRevision: 'main',
            path: v,
          },
        }),
      ],
      ['releaseVersion', v => ({ releaseVersion: `v1.7.0-${v}` })],
      ['storageClass', v => ({ storageClass: v })],
      ['storage.zot', v => ({ storage: { zot: v } })],
      ['vault.path', v => ({ vault: { path: v } })],
      ['vault.secretStore', v => ({ vault: { secretStore: v } })],
      ['certIssuer', v => ({ certIssuer: v })],
      ['route53HostedZoneId', v => ({ route53HostedZoneId: v })],
    ];
    it.each(
      fields.flatMap(([field, make]) =>
        hostile.map(v => [field, v, make] as const),
      ),
    )('refuses YAML syntax in %s (%j)', async (field, value, make) => {
      const promise = generate(validDeploymentInput(make(value)));
      await expect(promise).rejects.toThrow(InputError);
      await expect(promise).rejects.toThrow(`'${field}'`);
      expect(await readTree(mockDir.path)).toEqual({});
    });
  });
});
