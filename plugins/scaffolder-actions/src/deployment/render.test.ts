import yaml from 'yaml';
import {
  InputOverrides,
  at,
  leaves,
  validDeploymentInput,
} from '../__testUtils__/deployment';
import { CLUSTER_PREREQUISITES } from '../config';
import { parseDeploymentInput } from './input';
import { regenerateDeployment, renderDeployment } from './render';
import { toDeploymentSpec } from './spec';

function render(overrides: InputOverrides = {}) {
  const rendered = renderDeployment(
    toDeploymentSpec(parseDeploymentInput(validDeploymentInput(overrides))),
  );
  const file = (suffix: string) => {
    const found = rendered.files.find(f => f.path.endsWith(suffix));
    if (!found) {
      throw new Error(`no file ${suffix}`);
    }
    return found.content;
  };
  const values = (app: string) =>
    yaml.parse(
      file(`applications/${app}/prod/${rendered.spec.name}/values.yaml`),
    );
  return { rendered, file, values };
}

const partner = {
  trustDomain: 'partner.example-corp.io',
  bundleEndpointURL: 'https://spire.partner.example-corp.io',
  profile: 'https_web',
};

describe('renderDeployment', () => {
  it('writes every scalar so that YAML 1.1 and 1.2 read back the same type', () => {
    const { rendered, file } = render({
      name: '0o10',
      environment: '1e3',
      owner: 'yes',
    });
    for (const { path, content } of rendered.files) {
      if (!path.endsWith('.yaml')) {
        continue;
      }
      const v11 = yaml.parse(content, { version: '1.1' });
      const v12 = yaml.parse(content, { version: '1.2' });
      expect({ path, same: v12 }).toEqual({ path, same: v11 });
    }
    const entity = yaml.parse(file('catalog-info.yaml'), { version: '1.2' });
    expect(at(entity, 'metadata.name')).toBe('0o10');
    expect(at(entity, 'spec.owner')).toBe('yes');
    expect(at(entity, 'metadata.tags[2]')).toBe('1e3');
    const spec = yaml.parse(file('directory-spec.yaml'), { version: '1.2' });
    expect(spec).toMatchObject({
      name: '0o10',
      environment: '1e3',
      owner: 'yes',
    });
  });

  it('declares the federated identities where they take effect', () => {
    const { values } = render({
      federateWith: ['public-agntcy-network', partner],
    });
    const peers = ['spire.ads.outshift.io', 'partner.example-corp.io'];
    const identities = (values('dir-secrets').resources as unknown[]).filter(
      r => at(r, 'kind') === 'ClusterSPIFFEID',
    );
    const byName = Object.fromEntries(
      identities.map(r => [at(r, 'metadata.name'), at(r, 'spec')]),
    );
    expect(Object.keys(byName).sort()).toEqual([
      'acme-directory-dir-admin-dirctl-svid',
      'acme-directory-dir-apiserver-svid',
      'acme-directory-dir-reconciler-svid',
    ]);
    expect(byName['acme-directory-dir-apiserver-svid']).toMatchObject({
      className: 'dir-spire',
      federatesWith: peers,
      dnsNameTemplates: ['api.dir.acme.com'],
      podSelector: {
        matchLabels: {
          'app.kubernetes.io/name': 'apiserver',
          'app.kubernetes.io/instance': 'acme-directory-dir',
        },
      },
      namespaceSelector: {
        matchLabels: { 'kubernetes.io/metadata.name': 'acme-directory-dir' },
      },
      workloadSelectorTemplates: [
        'k8s:pod-image:ghcr.io/agntcy/dir-apiserver:v1.7.0',
        'k8s:sa:default',
      ],
    });
    expect(byName['acme-directory-dir-reconciler-svid']).toMatchObject({
      federatesWith: peers,
    });
    expect(
      byName['acme-directory-dir-admin-dirctl-svid'].federatesWith,
    ).toBeUndefined();
    // The charts' own identities are parked, and the SPIRE chart's fallback
    // default identity carries no federation.
    expect(at(values('dir'), 'apiserver.spire.className')).toBe('unclaimed');
    expect(at(values('dir-admin'), 'spire.className')).toBe('unclaimed');
    expect(JSON.stringify(values('spire'))).not.toContain('federatesWith');
    expect(
      (at(values('dir'), 'apiserver.spire.federation') as unknown[]).length,
    ).toBe(2);
    expect(at(values('dir-admin'), 'spire.federation')).toEqual([]);
  });

  it('grants the AppProjects only what the stack deploys', () => {
    const { file } = render();
    const project = yaml.parse(file('/project.yaml'));
    const bootstrap = yaml.parse(file('/bootstrap-project.yaml'));
    const text = JSON.stringify([project, bootstrap]);
    expect(text).not.toContain('"*"');
    expect(at(project, 'spec.sourceRepos')).toEqual([
      'https://github.com/acme/gitops.git',
      'https://spiffe.github.io/helm-charts-hardened',
      'https://dysnix.github.io/charts',
      'ghcr.io/agntcy/dir/helm-charts',
    ]);
    expect(at(project, 'spec.destinations')).toEqual(
      ['spire-crds', 'spire', 'dir', 'dir-admin'].map(app => ({
        server: 'https://ABCDEF.gr7.eu-west-1.eks.amazonaws.com',
        namespace: `acme-directory-${app}`,
      })),
    );
    expect(
      (
        at(project, 'spec.namespaceResourceWhitelist') as Array<{
          kind: string;
        }>
      ).map(k => k.kind),
    ).not.toContain('ServiceMonitor');
    expect(at(bootstrap, 'spec.destinations')).toEqual([
      { server: 'https://kubernetes.default.svc', namespace: 'argocd' },
    ]);
    expect(at(bootstrap, 'spec.namespaceResourceWhitelist')).toEqual([
      { group: 'argoproj.io', kind: 'ApplicationSet' },
    ]);
    expect(at(bootstrap, 'spec.clusterResourceWhitelist')).toEqual([]);
  });

  it('writes ExternalSecrets of external-secrets.io/v1 and a ClusterIP Zot', () => {
    const { values } = render();
    const secrets = (values('dir-secrets').resources as unknown[]).filter(
      r => at(r, 'kind') === 'ExternalSecret',
    );
    expect(secrets.map(s => at(s, 'apiVersion'))).toEqual([
      'external-secrets.io/v1',
      'external-secrets.io/v1',
    ]);
    expect(at(values('dir'), 'apiserver.zot.service.type')).toBe('ClusterIP');
  });

  it('renders a ServiceMonitor and names the Prometheus Operator only with monitoring', () => {
    const off = render();
    expect(
      at(off.values('dir'), 'apiserver.metrics.serviceMonitor.enabled'),
    ).toBe(false);
    expect(off.rendered.summary).not.toContain('Prometheus Operator');
    const on = render({ monitoring: true });
    expect(
      at(on.values('dir'), 'apiserver.metrics.serviceMonitor.enabled'),
    ).toBe(true);
    expect(on.rendered.summary).toContain(
      `Prometheus Operator ${CLUSTER_PREREQUISITES.prometheusOperator.range}`,
    );
    expect(
      at(
        yaml.parse(on.file('/project.yaml')),
        'spec.namespaceResourceWhitelist',
      ),
    ).toContainEqual({
      group: 'monitoring.coreos.com',
      kind: 'ServiceMonitor',
    });
  });

  it('states the tested chart versions and every prerequisite with its version range', () => {
    const { rendered } = render();
    for (const text of [
      'dir v1.7.0',
      'dirctl v1.7.0',
      'spire 0.28.4',
      'spire-crds 0.5.0',
      'zot',
    ]) {
      expect(rendered.summary).toContain(text);
    }
    for (const key of [
      'kubernetes',
      'ingressNginx',
      'certManager',
      'externalSecrets',
      'ebsCsi',
    ] as const) {
      const p = CLUSTER_PREREQUISITES[key];
      expect(rendered.summary).toContain(`${p.name} ${p.range}`);
    }
    expect(rendered.summary).toContain('--enable-ssl-passthrough');
  });

  it('leaves SPIRE out when the cluster SPIRE is reused, keeping the federation', () => {
    const { rendered, values } = render({
      spire: { reuseExisting: true, className: 'platform-spire' },
    });
    const paths = rendered.files.map(f => f.path);
    expect(paths.filter(p => p.includes('/spire'))).toEqual([]);
    expect(at(values('dir'), 'apiserver.spire.federation[0].className')).toBe(
      'platform-spire',
    );
    const identities = (values('dir-secrets').resources as unknown[]).filter(
      r => at(r, 'kind') === 'ClusterSPIFFEID',
    );
    expect(identities.map(r => at(r, 'spec.className'))).toEqual([
      'platform-spire',
      'platform-spire',
      'platform-spire',
    ]);
    expect(rendered.summary).toContain(
      'SPIRE (reused, not installed by this change)',
    );
    const appSet = yaml.parse(
      rendered.files.find(f => f.path.endsWith('applicationset.yaml'))!.content,
    );
    expect(
      (
        at(
          appSet,
          'spec.generators[0].merge.generators[0].list.elements',
        ) as Array<{
          appName: string;
        }>
      ).map(e => e.appName),
    ).toEqual(['dir-secrets', 'dir', 'dir-admin']);
  });

  it('regenerates the same files from its directory-spec.yaml', () => {
    const { rendered, file } = render({
      federateWith: [partner],
      zotStorage: 's3',
      zotS3: { bucket: 'acme-zot', region: 'eu-west-1' },
      monitoring: true,
    });
    const again = regenerateDeployment(file('directory-spec.yaml'));
    expect(again.files).toEqual(rendered.files);
    expect(
      leaves(yaml.parse(file('directory-spec.yaml'))).length,
    ).toBeGreaterThan(30);
    expect(() =>
      regenerateDeployment({
        ...rendered.spec.input,
        releaseVersion: 'v1.6.3',
      }),
    ).toThrow("Invalid input 'releaseVersion'");
  });
});
