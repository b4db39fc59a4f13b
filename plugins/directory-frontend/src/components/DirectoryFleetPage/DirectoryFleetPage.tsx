import { Content, Header, Page } from '@backstage/core-components';
import { Container } from '@backstage/ui';
import { DirectoryFleetTable } from './DirectoryFleetTable';

/** The fleet table inside the page that the app frame gives a header. */
export function DirectoryFleetContent() {
  return (
    <Container>
      <DirectoryFleetTable />
    </Container>
  );
}

/** The fleet page with its own header, for apps on the legacy system. */
export function DirectoryFleetLegacyPage() {
  return (
    <Page themeId="tool">
      <Header
        title="Directory fleet"
        subtitle="Every AGNTCY Directory instance, worst first"
      />
      <Content>
        <DirectoryFleetTable />
      </Content>
    </Page>
  );
}
