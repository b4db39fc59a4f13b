import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_BASE_DOMAIN,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_NAMESPACE,
  ANNOTATION_TRUST_DOMAIN,
  DIRECTORY_ENTITY_TYPE,
} from '@directory-ops/plugin-directory-common';
import { Layout } from './layout';
import { DeploymentSpec } from './spec';

/** Why a new instance cannot deploy next to an existing one. */
export interface InstanceCollision {
  /** The input field to change. */
  field: string;
  /** The rule, naming the instance it collides with. */
  rule: string;
}

/**
 * Looks up the other Directory instances in the catalog (Resources of
 * `spec.type` agntcy-directory; the instance of the same name is this one,
 * regenerated) and returns the first thing the new instance would share
 * with one of them: the trust domain, the base domain (and so the five
 * hosts), the namespace on the cluster, or the cluster itself (one SPIRE per
 * cluster, and a SPIRE server has one trust domain).
 */
export async function findInstanceCollision(
  spec: DeploymentSpec,
  layout: Layout,
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<InstanceCollision | undefined> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'Resource', 'spec.type': DIRECTORY_ENTITY_TYPE },
      fields: [
        'kind',
        'metadata.name',
        'metadata.namespace',
        'metadata.annotations',
      ],
    },
    { credentials },
  );
  const others = items.filter(
    e =>
      !(
        e.metadata.name === spec.name &&
        (e.metadata.namespace ?? 'default') === 'default'
      ),
  );
  const annotation = (e: Entity, key: string) => e.metadata.annotations?.[key];
  const ref = (e: Entity) => stringifyEntityRef(e);

  for (const other of others) {
    if (annotation(other, ANNOTATION_TRUST_DOMAIN) === spec.trustDomain) {
      return {
        field: 'trustDomain',
        rule: `must be unique, but ${ref(other)} already uses ${
          spec.trustDomain
        }`,
      };
    }
    if (annotation(other, ANNOTATION_BASE_DOMAIN) === spec.baseDomain) {
      return {
        field: 'baseDomain',
        rule: `must be unique, but ${ref(
          other,
        )} already serves its hosts under ${spec.baseDomain}`,
      };
    }
  }
  const namespaces = new Set(layout.apps.map(app => layout.namespace(app)));
  for (const other of others) {
    if (
      annotation(other, ANNOTATION_KUBERNETES_CLUSTER) !== spec.cluster.name
    ) {
      continue;
    }
    const namespace = annotation(other, ANNOTATION_NAMESPACE);
    if (namespace && namespaces.has(namespace)) {
      return {
        field: 'name',
        rule: `makes namespace ${namespace} on cluster ${
          spec.cluster.name
        }, which ${ref(other)} already uses`,
      };
    }
    return spec.spire.reuseExisting
      ? {
          field: 'spire.reuseExisting',
          rule: `cannot reuse the SPIRE of cluster ${
            spec.cluster.name
          }: it belongs to ${ref(other)}, whose trust domain ${annotation(
            other,
            ANNOTATION_TRUST_DOMAIN,
          )} a second instance may not share; use another cluster`,
        }
      : {
          field: 'cluster.name',
          rule: `already runs the SPIRE of ${ref(
            other,
          )}; a second SPIRE on the cluster would collide on cluster-wide objects (the csi.spiffe.io CSIDriver, the agent socket). Use another cluster, or set spire.reuseExisting for a SPIRE that no Directory instance owns`,
        };
  }
  return undefined;
}
