/**
 * The data of ConfigMap `<rel>-apiserver`, rendered from production values.
 */
import { stringify } from 'yaml';

/** `server.config.yml`, `reconciler.config.yml` and `authz_policies.csv`. */
export function serverConfigData(
  release: string,
  namespace: string,
  trustDomain: string,
  apiHost: string,
): Record<string, string> {
  const serverConfig = {
    listen_address: '0.0.0.0:8888',
    metrics: { address: ':9090' },
    authn: {
      enabled: true,
      mode: 'x509',
      socket_path: 'unix:///run/spire/agent-sockets/api.sock',
    },
    authz: {
      enabled: true,
      enforcer_policy_file_path: '/etc/agntcy/dir/authz_policies.csv',
    },
    ratelimit: {
      enabled: true,
      global_rps: 500,
      global_burst: 1000,
      per_client_rps: 100,
      per_client_burst: 200,
    },
    store: {
      oci: {
        registry_address: `${release}-zot.${namespace}.svc.cluster.local:5000`,
        repository_name: 'dir',
        auth_config: { insecure: 'true' },
      },
    },
    routing: {
      listen_address: '/ip4/0.0.0.0/tcp/5555',
      key_path: '/etc/routing/node.privkey',
      datastore_dir: '/etc/routing/datastore',
      directory_api_address: `${apiHost}:443`,
      bootstrap_peers: [
        '/dns4/routing.ads.outshift.io/tcp/5555/p2p/12D3KooWLf9p3cedc86xGQBaqak6rAFmQk1HxKAK1yh7umHE3amu',
      ],
      gossipsub: { enabled: true },
    },
    database: {
      type: 'postgres',
      postgres: {
        host: `${release}-postgresql.${namespace}.svc.cluster.local`,
        port: 5432,
        database: 'dir',
        ssl_mode: 'disable',
      },
    },
  };
  const reconcilerConfig = {
    local_registry: {
      registry_address: `${release}-zot.${namespace}.svc.cluster.local:5000`,
      repository_name: 'dir',
    },
    regsync: { enabled: true, interval: '1h', timeout: '10m' },
    indexer: { enabled: true, interval: '1h' },
  };
  return {
    'server.config.yml': stringify(serverConfig),
    'reconciler.config.yml': stringify(reconcilerConfig),
    'authz_policies.csv': [
      `p,${trustDomain},*`,
      'p,*,/agntcy.dir.store.v1.StoreService/Pull',
      'p,*,/agntcy.dir.store.v1.StoreService/PullReferrer',
      'p,*,/agntcy.dir.store.v1.StoreService/Lookup',
      'p,*,/agntcy.dir.store.v1.SyncService/RequestRegistryCredentials',
      '',
    ].join('\n'),
  };
}
