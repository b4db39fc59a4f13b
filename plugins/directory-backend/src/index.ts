/**
 * Polls the health of every AGNTCY Directory instance on a schedule and
 * serves it under `/api/directory`.
 *
 * @packageDocumentation
 */
export { directoryPlugin as default } from './plugin';
