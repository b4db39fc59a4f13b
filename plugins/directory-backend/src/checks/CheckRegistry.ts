import type { DirectoryCheck } from '@directory-ops/plugin-directory-node';

const CHECK_ID_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/**
 * The checks added through `directoryChecksExtensionPoint`, in the order
 * they were added. Ids are unique: a second check with a taken id fails the
 * plugin's startup.
 */
export class CheckRegistry {
  readonly #checks = new Map<string, DirectoryCheck>();

  add(check: DirectoryCheck): void {
    if (!CHECK_ID_PATTERN.test(check.id ?? '')) {
      throw new Error(
        `Invalid Directory check id '${check.id}': use lower-case letters, digits and single dashes`,
      );
    }
    if (!check.title?.trim()) {
      throw new Error(`Directory check '${check.id}' has no title`);
    }
    if (typeof check.run !== 'function') {
      throw new Error(`Directory check '${check.id}' has no run function`);
    }
    const existing = this.#checks.get(check.id);
    if (existing) {
      throw new Error(
        `Directory check id '${check.id}' is registered twice ('${existing.title}' and '${check.title}'); check ids must be unique`,
      );
    }
    this.#checks.set(check.id, check);
  }

  /** The checks in the order they were added. */
  list(): DirectoryCheck[] {
    return [...this.#checks.values()];
  }
}
