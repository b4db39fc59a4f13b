/**
 * A wire-level fake of the AWS Route53 API.
 */
export { FakeRoute53 } from './FakeRoute53';
export type {
  FakeHostedZone,
  FakeRecord,
  FakeRoute53Options,
  FakeRoute53Stats,
} from './FakeRoute53';
