export type {
  CustomObjectListRequest,
  DirectoryCheck,
  DirectoryCheckContext,
  DirectoryClusterReader,
  DirectoryDnsReader,
  DirectorySvidLogReader,
  DirectoryTlsProbe,
  DnsRecord,
  PodLogRequest,
  SvidLogReading,
  SvidLogRequest,
  SvidLogVerdict,
  TlsPeer,
} from './DirectoryCheck';
export { directoryChecksExtensionPoint } from './extensionPoint';
export type { DirectoryChecksExtensionPoint } from './extensionPoint';
