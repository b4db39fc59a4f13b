import { mockCredentials } from '@backstage/backend-test-utils';
import { Entity } from '@backstage/catalog-model';
import { InputError } from '@backstage/errors';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import { createTrustDomainValidateAction } from './trustDomainValidate';

function instance(name: string, trustDomain: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name,
      namespace: 'default',
      annotations: { 'agntcy.org/trust-domain': trustDomain },
    },
    spec: { type: 'agntcy-directory', owner: 'group:default/platform' },
  };
}

const entities = [
  instance('acme-directory', 'dir.acme.com'),
  instance('research-directory', 'research.acme.com'),
  {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Resource',
    metadata: {
      name: 'some-bucket',
      annotations: { 'agntcy.org/trust-domain': 'bucket.acme.com' },
    },
    spec: { type: 's3-bucket', owner: 'group:default/platform' },
  },
];

async function validate(
  input: Record<string, unknown>,
  catalog = catalogServiceMock({ entities }),
) {
  const action = createTrustDomainValidateAction({ catalog });
  const ctx = createMockActionContext({
    input: input as Parameters<typeof action.handler>[0]['input'],
  });
  await action.handler(ctx);
  return Object.fromEntries(
    (ctx.output as jest.Mock).mock.calls.map(([k, v]) => [k, v]),
  );
}

describe('directory:trust-domain:validate', () => {
  it('accepts a new, unique trust domain', async () => {
    await expect(
      validate({
        trustDomain: 'new.acme.com',
        name: 'new-directory',
        environment: 'prod',
      }),
    ).resolves.toEqual({ trustDomain: 'new.acme.com', valid: true });
  });

  it('accepts an existing instance that keeps its trust domain', async () => {
    await expect(
      validate({
        trustDomain: 'dir.acme.com',
        name: 'acme-directory',
        environment: 'prod',
      }),
    ).resolves.toEqual({
      trustDomain: 'dir.acme.com',
      valid: true,
      existingInstance: 'resource:default/acme-directory',
    });
  });

  it('refuses a trust domain another instance uses', async () => {
    await expect(
      validate({
        trustDomain: 'research.acme.com',
        name: 'new-directory',
        environment: 'prod',
      }),
    ).rejects.toThrow(
      "Invalid input 'trustDomain': must be globally unique, but resource:default/research-directory already uses research.acme.com",
    );
  });

  it('ignores entities that are not Directory instances', async () => {
    await expect(
      validate({
        trustDomain: 'bucket.acme.com',
        name: 'new-directory',
        environment: 'prod',
      }),
    ).resolves.toMatchObject({ valid: true });
  });

  it('refuses to change the trust domain of an existing instance', async () => {
    await expect(
      validate({
        trustDomain: 'dir2.acme.com',
        name: 'acme-directory',
        environment: 'prod',
      }),
    ).rejects.toThrow(
      /'trustDomain': can never change: resource:default\/acme-directory runs with trust domain dir\.acme\.com/,
    );
  });

  it('asks the catalog with the initiator credentials', async () => {
    const catalog = catalogServiceMock.mock({
      getEntities: jest.fn().mockResolvedValue({ items: [] }),
    });
    await validate(
      { trustDomain: 'new.acme.com', name: 'x', environment: 'prod' },
      catalog,
    );
    expect(catalog.getEntities).toHaveBeenCalledWith(
      expect.objectContaining({
        filter: { kind: 'Resource', 'spec.type': 'agntcy-directory' },
      }),
      { credentials: mockCredentials.user() },
    );
  });

  it.each([
    ['example.org', 'prod', 'local use only'],
    ['example.org', 'staging', 'local use only'],
    ['Dir.Acme.com', 'prod', 'lowercase'],
    ['spiffe://dir.acme.com', 'prod', 'scheme'],
    ['dir.acme.com:8443', 'prod', 'port'],
    ['dir..acme.com', 'prod', 'empty labels'],
    ['.acme.com', 'prod', 'empty labels'],
    [`${'a'.repeat(250)}.acme.com`, 'prod', '255 bytes'],
    ['dir acme.com', 'prod', 'lowercase letters, digits'],
    ['dir.acme.com\nkind: Secret', 'prod', 'must not include a port'],
    ['', 'prod', 'non-empty'],
    ['spire.ads.outshift.io', 'prod', 'public AGNTCY network'],
  ])('refuses %j for %s (%s)', async (trustDomain, environment, rule) => {
    const promise = validate({
      trustDomain,
      name: 'new-directory',
      environment,
    });
    await expect(promise).rejects.toThrow(InputError);
    await expect(promise).rejects.toThrow("'trustDomain'");
    await expect(promise).rejects.toThrow(rule);
  });

  it('allows example.org for dev only', async () => {
    await expect(
      validate({
        trustDomain: 'example.org',
        name: 'sandbox',
        environment: 'dev',
      }),
    ).resolves.toMatchObject({ valid: true });
  });

  it('refuses a bad name or environment', async () => {
    await expect(
      validate({
        trustDomain: 'new.acme.com',
        name: 'Bad Name',
        environment: 'prod',
      }),
    ).rejects.toThrow("'name'");
    await expect(
      validate({
        trustDomain: 'new.acme.com',
        name: 'ok',
        environment: 'prod: x',
      }),
    ).rejects.toThrow("'environment'");
  });
});
