import { Entity } from '@backstage/catalog-model';
import {
  isDirectoryInstanceEntity,
  readDirectoryInstance,
  toDirectoryInstanceEntity,
} from './instance';

const entity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Resource',
  metadata: {
    name: 'acme-prod-directory',
    title: 'ACME production Directory',
    annotations: {
      'agntcy.org/trust-domain': 'acme.com',
      'agntcy.org/federation-profile': 'https_web',
      'agntcy.org/base-domain': 'acme.com',
      'agntcy.org/kubernetes-cluster': 'prod-eks-1',
      'agntcy.org/namespace': 'dir-prod-dir',
      'agntcy.org/admin-namespace': 'dir-prod-dir-admin',
      'agntcy.org/release': 'dir-dir-prod-argoapp',
      'agntcy.org/route53-hosted-zone-id': '/hostedzone/Z0123456789',
      'agntcy.org/federated-peers': 'spire.ads.outshift.io, globex.io',
      'argocd/app-name': 'dir-dir-prod-argoapp',
    },
  },
  spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
};

describe('readDirectoryInstance', () => {
  it('reads a complete instance', () => {
    const result = readDirectoryInstance(entity);
    expect(result).toEqual({
      ok: true,
      instance: expect.objectContaining({
        entityRef: 'resource:default/acme-prod-directory',
        title: 'ACME production Directory',
        trustDomain: 'acme.com',
        federationProfile: 'https_web',
        cluster: 'prod-eks-1',
        namespace: 'dir-prod-dir',
        adminNamespace: 'dir-prod-dir-admin',
        release: 'dir-dir-prod-argoapp',
        route53HostedZoneId: 'Z0123456789',
        argocdAppName: 'dir-dir-prod-argoapp',
        federatedPeers: ['spire.ads.outshift.io', 'globex.io'],
        hosts: {
          api: 'api.acme.com',
          zot: 'zot.acme.com',
          routing: 'routing.acme.com',
          spire: 'spire.acme.com',
          oidcDiscovery: 'oidc-discovery.spire.acme.com',
        },
      }),
    });
    expect(isDirectoryInstanceEntity(entity)).toBe(true);
  });

  it('names missing and malformed annotations', () => {
    const result = readDirectoryInstance({
      ...entity,
      metadata: {
        name: 'broken',
        annotations: {
          'agntcy.org/trust-domain': 'Not A Domain',
          'agntcy.org/federation-profile': 'https_mtls',
        },
      },
    });
    expect(result.ok).toBe(false);
    if (result.ok) throw new Error('unreachable');
    expect(result.missing).toEqual([
      'agntcy.org/base-domain',
      'agntcy.org/kubernetes-cluster',
      'agntcy.org/namespace',
      'agntcy.org/release',
    ]);
    expect(result.invalid.map(i => i.annotation)).toEqual([
      'agntcy.org/trust-domain',
      'agntcy.org/federation-profile',
    ]);
    expect(result.invalid[1].problem).toBe('must be https_web or https_spiffe');
  });
});

describe('isDirectoryInstanceEntity', () => {
  it('is false for a template of the same type', () => {
    expect(isDirectoryInstanceEntity({ ...entity, kind: 'Template' })).toBe(
      false,
    );
  });
});

describe('toDirectoryInstanceEntity', () => {
  it('writes an entity that readDirectoryInstance reads back', () => {
    const written = toDirectoryInstanceEntity(
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_spiffe',
        baseDomain: 'dir.acme.com',
        cluster: 'prod-eks-1',
        namespace: 'dir-prod-dir',
        adminNamespace: 'dir-prod-dir-admin',
        release: 'dir-dir-prod-argoapp',
        releaseVersion: 'v1.7.0',
        route53HostedZoneId: 'Z0123456789',
        argocdAppName: 'dir-dir-prod-argoapp',
        federatedPeers: ['spire.ads.outshift.io'],
      },
      {
        name: 'acme-prod-directory',
        title: 'ACME production Directory',
        owner: 'group:default/platform',
        tags: ['prod'],
      },
    );
    expect(isDirectoryInstanceEntity(written)).toBe(true);
    expect(written.metadata.tags).toEqual([
      'agntcy-directory',
      'https-spiffe',
      'prod',
    ]);
    expect(written.spec).toEqual({
      type: 'agntcy-directory',
      owner: 'group:default/platform',
      system: 'agntcy-directory',
      dependsOn: ['resource:default/prod-eks-1'],
    });
    const read = readDirectoryInstance(written);
    expect(read).toEqual({
      ok: true,
      instance: {
        entityRef: 'resource:default/acme-prod-directory',
        title: 'ACME production Directory',
        trustDomain: 'acme.com',
        federationProfile: 'https_spiffe',
        baseDomain: 'dir.acme.com',
        hosts: expect.objectContaining({ api: 'api.dir.acme.com' }),
        cluster: 'prod-eks-1',
        namespace: 'dir-prod-dir',
        adminNamespace: 'dir-prod-dir-admin',
        release: 'dir-dir-prod-argoapp',
        releaseVersion: 'v1.7.0',
        route53HostedZoneId: 'Z0123456789',
        argocdAppName: 'dir-dir-prod-argoapp',
        federatedPeers: ['spire.ads.outshift.io'],
      },
    });
  });

  it('leaves out the optional annotations it has no value for', () => {
    const written = toDirectoryInstanceEntity(
      {
        trustDomain: 'acme.com',
        federationProfile: 'https_web',
        baseDomain: 'acme.com',
        cluster: 'prod-eks-1',
        namespace: 'dir',
        release: 'dir',
      },
      { name: 'dir', title: 'Dir', owner: 'group:default/platform' },
    );
    expect(Object.keys(written.metadata.annotations ?? {})).toEqual([
      'agntcy.org/trust-domain',
      'agntcy.org/federation-profile',
      'agntcy.org/base-domain',
      'agntcy.org/kubernetes-cluster',
      'agntcy.org/namespace',
      'agntcy.org/release',
    ]);
  });
});
