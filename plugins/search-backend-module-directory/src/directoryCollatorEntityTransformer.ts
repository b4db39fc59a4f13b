import {
  CatalogCollatorEntityTransformer,
  defaultCatalogCollatorEntityTransformer,
} from '@backstage/plugin-search-backend-module-catalog';
import {
  ANNOTATION_BASE_DOMAIN,
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_TRUST_DOMAIN,
  isDirectoryInstanceEntity,
} from '@directory-ops/plugin-directory-common';

const SEARCHABLE_ANNOTATIONS = [
  ANNOTATION_TRUST_DOMAIN,
  ANNOTATION_FEDERATION_PROFILE,
  ANNOTATION_KUBERNETES_CLUSTER,
  ANNOTATION_BASE_DOMAIN,
];

/**
 * The default catalog collator transformer, plus, for Directory instances,
 * the trust domain, federation profile, cluster and base domain in the
 * searchable `text`.
 *
 * @public
 */
export const directoryCollatorEntityTransformer: CatalogCollatorEntityTransformer =
  entity => {
    const document = defaultCatalogCollatorEntityTransformer(entity);
    if (!isDirectoryInstanceEntity(entity)) {
      return document;
    }
    const annotations = entity.metadata.annotations ?? {};
    const extra = SEARCHABLE_ANNOTATIONS.map(a => annotations[a]).filter(
      (v): v is string => !!v,
    );
    return {
      ...document,
      text: [document.text, ...extra].filter(Boolean).join(' '),
    };
  };
