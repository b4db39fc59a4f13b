/**
 * Shared types, catalog annotations, validators and permissions for the
 * Directory Ops plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './discovery';
export * from './chart';
export * from './federation';
export * from './health';
export * from './hosts';
export * from './instances';
export * from './instance';
export * from './permissions';
export * from './redaction';
export * from './releases';
export * from './signals';
export * from './validation';
