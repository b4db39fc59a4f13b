import { isNotFound } from './kubernetesErrors';

describe('isNotFound', () => {
  it('is true only for an error with code 404', () => {
    expect(isNotFound(Object.assign(new Error('gone'), { code: 404 }))).toBe(
      true,
    );
    expect(isNotFound(Object.assign(new Error('no'), { code: 403 }))).toBe(
      false,
    );
    expect(isNotFound(new Error('plain'))).toBe(false);
    expect(isNotFound(undefined)).toBe(false);
  });
});
