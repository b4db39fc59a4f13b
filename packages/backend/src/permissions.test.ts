import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  AuthService,
  coreServices,
  createBackendModule,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import { catalogProcessingExtensionPoint } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  isResourcePermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import request from 'supertest';

jest.setTimeout(60_000);

const ALICE = 'user:default/alice';
const BOB = 'user:default/bob';
const ALICE_INSTANCE = 'resource:default/alice-directory';
const BOB_INSTANCE = 'resource:default/bob-directory';

function instance(name: string, owner: string): Entity {
  const location = `url:https://git.example.com/${name}/catalog-info.yaml`;
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      title: `Directory of ${owner}`,
      annotations: {
        'backstage.io/managed-by-location': location,
        'backstage.io/managed-by-origin-location': location,
        'agntcy.org/trust-domain': `${name}.example.com`,
        'agntcy.org/federation-profile': 'https_web',
        'agntcy.org/base-domain': `${name}.example.com`,
        'agntcy.org/kubernetes-cluster': 'not-configured',
        'agntcy.org/namespace': `dir-${name}`,
        'agntcy.org/release': `dir-${name}`,
      },
    },
    spec: { type: 'agntcy-directory', owner },
  };
}

/** Puts the two instances into the real catalog. */
const instancesModule = createBackendModule({
  pluginId: 'catalog',
  moduleId: 'directory-permission-test-entities',
  register(env) {
    env.registerInit({
      deps: { processing: catalogProcessingExtensionPoint },
      async init({ processing }) {
        processing.addEntityProvider({
          getProviderName: () => 'directory-permission-test',
          async connect(connection) {
            await connection.applyMutation({
              type: 'full',
              entities: [
                instance('alice-directory', ALICE),
                instance('bob-directory', BOB),
              ].map(entity => ({ entity, locationKey: 'test' })),
            });
          },
        });
      },
    });
  },
});

/**
 * Backstage's mock auth service, except that a token issued on behalf of a
 * user names the issuing plugin as its actor, as the real auth service does
 * (the permission backend only answers users' requests without a
 * resourceRef when a plugin makes them on the user's behalf).
 */
const authWithActors = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }): AuthService {
    const auth = mockServices.auth({ pluginId: plugin.getId() });
    return {
      authenticate: (token, options) => auth.authenticate(token, options),
      getNoneCredentials: () => auth.getNoneCredentials(),
      getOwnServiceCredentials: () => auth.getOwnServiceCredentials(),
      isPrincipal: auth.isPrincipal.bind(auth),
      getLimitedUserToken: credentials => auth.getLimitedUserToken(credentials),
      listPublicServiceKeys: () => auth.listPublicServiceKeys(),
      async getPluginRequestToken(options) {
        const principal = options.onBehalfOf.principal as {
          type: string;
          userEntityRef?: string;
        };
        if (principal.type === 'user' && principal.userEntityRef) {
          return {
            token: mockCredentials.user.token(principal.userEntityRef, {
              actor: { subject: `plugin:${plugin.getId()}` },
            }),
          };
        }
        return auth.getPluginRequestToken(options);
      },
    };
  },
});

type Policy = (request: PolicyQuery, user?: PolicyQueryUser) => PolicyDecision;

function policyModule(policy: Policy) {
  const permissionPolicy: PermissionPolicy = {
    handle: async (query, user) => policy(query, user),
  };
  return createBackendModule({
    pluginId: 'permission',
    moduleId: 'directory-permission-test-policy',
    register(env) {
      env.registerInit({
        deps: { policies: policyExtensionPoint },
        async init({ policies }) {
          policies.setPolicy(permissionPolicy);
        },
      });
    },
  });
}

/** Allows everything but what `decide` answers for. */
function policyFor(
  decide: (
    name: string,
    query: PolicyQuery,
    user?: PolicyQueryUser,
  ) => PolicyDecision | undefined,
): Policy {
  return (query, user) =>
    decide(query.permission.name, query, user) ?? {
      result: AuthorizeResult.ALLOW,
    };
}

/** Only the entities the user owns. */
function ownedOnly(query: PolicyQuery, user?: PolicyQueryUser): PolicyDecision {
  if (!isResourcePermission(query.permission, 'catalog-entity')) {
    return { result: AuthorizeResult.DENY };
  }
  return createCatalogConditionalDecision(
    query.permission,
    catalogConditions.isEntityOwner({
      claims: user?.info.ownershipEntityRefs ?? [],
    }),
  );
}

async function start(policy: Policy) {
  const backend = await startTestBackend({
    features: [
      import('@backstage/plugin-catalog-backend'),
      instancesModule,
      import('@backstage/plugin-permission-backend'),
      policyModule(policy),
      import('@directory-ops/plugin-directory-backend'),
      permissionsServiceFactory,
      authWithActors,
      mockServices.rootConfig.factory({
        data: {
          permission: { enabled: true },
          catalog: { processingInterval: { seconds: 1 } },
        },
      }),
      mockServices.scheduler.factory({ skipTaskRunOnStartup: true }),
    ],
  });
  // Wait until the catalog has processed both instances.
  for (let attempt = 0; ; attempt++) {
    const res = await request(backend.server)
      .get('/api/catalog/entities/by-query?filter=spec.type=agntcy-directory')
      .set('Authorization', mockCredentials.service.header());
    const ready = (res.body.items ?? []).filter((e: Entity) =>
      e.relations?.some(r => r.type === 'ownedBy'),
    );
    if (ready.length === 2) {
      break;
    }
    if (attempt > 200) {
      throw new Error('The catalog did not process the test instances');
    }
    await new Promise(resolve => setTimeout(resolve, 100));
  }
  return backend;
}

function as(user: string) {
  return mockCredentials.user.header(user);
}

async function instanceRefs(
  server: Parameters<typeof request>[0],
  user: string,
) {
  const res = await request(server)
    .get('/api/directory/instances')
    .set('Authorization', as(user));
  return {
    status: res.status,
    refs: (res.body.items ?? []).map((i: { entityRef: string }) => i.entityRef),
    body: JSON.stringify(res.body),
  };
}

describe('Directory permissions on catalog entities', () => {
  it('shows nothing of an instance the catalog hides from the user', async () => {
    const backend = await start(
      policyFor((name, query, user) =>
        name === 'catalog.entity.read' && user?.info.userEntityRef === BOB
          ? ownedOnly(query, user)
          : undefined,
      ),
    );
    try {
      const bob = await instanceRefs(backend.server, BOB);
      expect(bob.status).toBe(200);
      expect(bob.refs).toEqual([BOB_INSTANCE]);
      expect(bob.body).not.toContain('Directory of user:default/alice');
      expect(bob.body).not.toContain('alice-directory.example.com');

      for (const path of ['/health', '/health/history']) {
        const hidden = await request(backend.server)
          .get(`/api/directory${path}?entityRef=${ALICE_INSTANCE}`)
          .set('Authorization', as(BOB));
        expect(hidden.status).toBe(404);
      }
      const refresh = await request(backend.server)
        .post(`/api/directory/health/refresh?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(BOB));
      expect(refresh.status).toBe(404);

      const own = await request(backend.server)
        .get(`/api/directory/health?entityRef=${BOB_INSTANCE}`)
        .set('Authorization', as(BOB));
      expect(own.status).toBe(200);

      const alice = await instanceRefs(backend.server, ALICE);
      expect(alice.refs).toEqual([ALICE_INSTANCE, BOB_INSTANCE]);
    } finally {
      await backend.stop();
    }
  });

  it('answers 403 when the policy denies the directory permissions', async () => {
    const backend = await start(
      policyFor(name =>
        name.startsWith('directory.')
          ? { result: AuthorizeResult.DENY }
          : undefined,
      ),
    );
    try {
      expect((await instanceRefs(backend.server, ALICE)).status).toBe(403);
      const health = await request(backend.server)
        .get(`/api/directory/health?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(health.status).toBe(403);
      const refresh = await request(backend.server)
        .post(`/api/directory/health/refresh?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(refresh.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });

  it('lets every user read and refresh every instance when the policy allows', async () => {
    const backend = await start(policyFor(() => undefined));
    try {
      const bob = await instanceRefs(backend.server, BOB);
      expect(bob.refs).toEqual([ALICE_INSTANCE, BOB_INSTANCE]);
      const refresh = await request(backend.server)
        .post(`/api/directory/health/refresh?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(BOB));
      expect(refresh.status).toBe(200);
      expect(refresh.body.entityRef).toBe(ALICE_INSTANCE);
    } finally {
      await backend.stop();
    }
  });

  it('decides per entity with a catalog condition (isEntityOwner)', async () => {
    const backend = await start(
      policyFor((name, query, user) =>
        name.startsWith('directory.') ? ownedOnly(query, user) : undefined,
      ),
    );
    try {
      const alice = await instanceRefs(backend.server, ALICE);
      expect(alice.status).toBe(200);
      expect(alice.refs).toEqual([ALICE_INSTANCE]);

      const own = await request(backend.server)
        .get(`/api/directory/health?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(own.status).toBe(200);
      const other = await request(backend.server)
        .get(`/api/directory/health?entityRef=${BOB_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(other.status).toBe(403);

      const refreshOwn = await request(backend.server)
        .post(`/api/directory/health/refresh?entityRef=${ALICE_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(refreshOwn.status).toBe(200);
      const refreshOther = await request(backend.server)
        .post(`/api/directory/health/refresh?entityRef=${BOB_INSTANCE}`)
        .set('Authorization', as(ALICE));
      expect(refreshOther.status).toBe(403);
    } finally {
      await backend.stop();
    }
  });
});
