export * from './certificates';
export * from './startTlsEndpoint';
