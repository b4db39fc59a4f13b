import { Entity } from '@backstage/catalog-model';
import {
  CatalogProcessorResult,
  LocationSpec,
} from '@backstage/plugin-catalog-node';
import { DirectoryInstanceProcessor } from './DirectoryInstanceProcessor';

const location: LocationSpec = {
  type: 'url',
  target: 'https://github.com/acme/catalog/blob/main/dir.yaml',
};

function instance(annotations: Record<string, string>): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: { name: 'acme-prod-directory', annotations },
    spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
  };
}

const valid = {
  'agntcy.org/trust-domain': 'acme.com',
  'agntcy.org/federation-profile': 'https_web',
  'agntcy.org/base-domain': 'acme.com',
  'agntcy.org/kubernetes-cluster': 'prod-eks-1',
  'agntcy.org/namespace': 'dir-prod-dir',
  'agntcy.org/release': 'dir-dir-prod-argoapp',
};

async function process(entity: Entity) {
  const emitted: CatalogProcessorResult[] = [];
  const result = await new DirectoryInstanceProcessor().postProcessEntity(
    entity,
    location,
    r => emitted.push(r),
  );
  return { result, emitted };
}

describe('DirectoryInstanceProcessor', () => {
  it('accepts a valid instance', async () => {
    const entity = instance(valid);
    const { result, emitted } = await process(entity);
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
  });

  it('reports each missing and malformed annotation with its rule', async () => {
    const { emitted } = await process(
      instance({
        ...valid,
        'agntcy.org/trust-domain': 'spiffe://Acme.com',
        'agntcy.org/federation-profile': 'https',
        'agntcy.org/release': '',
        'agntcy.org/base-domain': '',
      }),
    );
    expect(emitted).toHaveLength(1);
    const [result] = emitted;
    expect(result.type).toBe('error');
    if (result.type !== 'error') {
      return;
    }
    expect(result.location).toBe(location);
    expect(result.error.name).toBe('InputError');
    const message = result.error.message;
    expect(message).toContain('resource:default/acme-prod-directory');
    expect(message).toContain("annotation 'agntcy.org/base-domain' is missing");
    expect(message).toContain("annotation 'agntcy.org/release' is missing");
    expect(message).toContain(
      "annotation 'agntcy.org/trust-domain' must not include a scheme",
    );
    expect(message).toContain(
      "annotation 'agntcy.org/federation-profile' must be https_web or https_spiffe",
    );
  });

  it('leaves other entities alone', async () => {
    const entity: Entity = {
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'svc' },
      spec: { type: 'service', owner: 'x', lifecycle: 'production' },
    };
    const { result, emitted } = await process(entity);
    expect(result).toBe(entity);
    expect(emitted).toEqual([]);
    const noSpec = {
      apiVersion: 'v1',
      kind: 'Location',
      metadata: { name: 'l' },
    };
    await expect(process(noSpec)).resolves.toMatchObject({ emitted: [] });
  });
});
