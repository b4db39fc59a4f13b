/**
 * Shared types, catalog annotations, validators and permissions for the
 * Directory Ops plugins.
 *
 * @packageDocumentation
 */
export * from './annotations';
export * from './chart';
export * from './federation';
export * from './health';
export * from './hosts';
export * from './instances';
export * from './instance';
export * from './permissions';
export * from './signals';
export * from './redaction';
export * from './releases';
export * from './validation';
