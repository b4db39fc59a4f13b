import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  CatalogProcessor,
  CatalogProcessorEmit,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import {
  isDirectoryInstanceEntity,
  readDirectoryInstance,
} from '@directory-ops/plugin-directory-common';

/**
 * Validates the `agntcy.org/*` annotations of Directory instance entities
 * (`spec.type: agntcy-directory`) and reports each missing or malformed one
 * as a processing error on the entity. Other entities pass untouched.
 *
 * @public
 */
export class DirectoryInstanceProcessor implements CatalogProcessor {
  getProcessorName(): string {
    return 'DirectoryInstanceProcessor';
  }

  async postProcessEntity(
    entity: Entity,
    location: LocationSpec,
    emit: CatalogProcessorEmit,
  ): Promise<Entity> {
    if (!isDirectoryInstanceEntity(entity)) {
      return entity;
    }
    const result = readDirectoryInstance(entity);
    if (!result.ok) {
      const problems = [
        ...result.missing.map(
          a =>
            `annotation '${a}' is missing (required on every Directory instance)`,
        ),
        ...result.invalid.map(
          ({ annotation, problem }) => `annotation '${annotation}' ${problem}`,
        ),
      ];
      emit(
        processingResult.inputError(
          location,
          `Directory instance ${stringifyEntityRef(
            entity,
          )} (spec.type agntcy-directory) has invalid annotations: ${problems.join(
            '; ',
          )}`,
        ),
      );
    }
    return entity;
  }
}
