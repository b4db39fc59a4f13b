/**
 * The namespaces the poller may read (`directory.namespaces.allowed`): glob
 * patterns (`*` matches any run of characters), and `!pattern` to exclude. A
 * namespace is allowed when it matches a pattern and no exclusion.
 */
export class NamespaceAllowList {
  readonly #allow: RegExp[];
  readonly #deny: RegExp[];

  constructor(patterns: readonly string[]) {
    const toRegExp = (glob: string) =>
      new RegExp(
        `^${glob
          .split('*')
          .map(part => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      );
    this.#allow = patterns.filter(p => !p.startsWith('!')).map(toRegExp);
    this.#deny = patterns
      .filter(p => p.startsWith('!'))
      .map(p => toRegExp(p.slice(1)));
  }

  /** Whether the poller may read `namespace`. */
  allows(namespace: string): boolean {
    return (
      this.#allow.some(p => p.test(namespace)) &&
      !this.#deny.some(p => p.test(namespace))
    );
  }
}
