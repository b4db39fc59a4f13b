import { renderInTestApp } from '@backstage/test-utils';
import { screen } from '@testing-library/react';
import { ReleaseVersion } from './ReleaseVersion';

describe('ReleaseVersion', () => {
  const entityRef = 'resource:default/globex-prod-directory';

  it('names a newer supported release and links to the upgrade template', async () => {
    await renderInTestApp(
      <ReleaseVersion entityRef={entityRef} releaseVersion="v1.6.3" />,
    );
    expect(screen.getByTestId('directory-release-version')).toHaveTextContent(
      'release v1.6.3 (newer: v1.7.0)',
    );
    const href = screen
      .getByTestId('directory-release-upgrade')
      .getAttribute('href')!;
    expect(
      href.startsWith('/create/templates/default/directory-upgrade?formData='),
    ).toBe(true);
    expect(JSON.parse(decodeURIComponent(href.split('formData=')[1]))).toEqual({
      entity: entityRef,
      releaseVersion: 'v1.7.0',
    });
  });

  it('shows the release alone when it is the newest', async () => {
    await renderInTestApp(
      <ReleaseVersion entityRef={entityRef} releaseVersion="v1.7.0" />,
    );
    expect(screen.getByTestId('directory-release-version')).toHaveTextContent(
      /^release v1\.7\.0$/,
    );
    expect(screen.queryByTestId('directory-release-upgrade')).toBeNull();
  });

  it('says when the entity names no release', async () => {
    await renderInTestApp(<ReleaseVersion entityRef={entityRef} />);
    expect(screen.getByTestId('directory-release-version')).toHaveTextContent(
      'not annotated',
    );
  });
});
