import { deadValueKeys } from '../__testUtils__/deadValues';
import { helmBinary } from '../__testUtils__/helm';
import {
  RenderCase,
  caseInput,
  renderCases,
} from '../__testUtils__/renderMatrix';
import { RenderedStack, renderStack } from '../__testUtils__/renderedStack';

/**
 * No generated values key is dead: changing any leaf of a generated values
 * file changes what helm renders. Checked for the two richest inputs of the
 * matrix (one per federation profile, with peers of both profiles, Zot on
 * S3 and on a PVC, monitoring on and off), which between them write every
 * key the generator writes. The `dir-secrets` app
 * is left out: the raw chart applies its `resources` verbatim. Keys that
 * only the bitnami `postgresql` sub-chart reads (`apiserver.postgresql.*`)
 * are not checked: that chart is not vendored (a stub stands in for it).
 */

const TIMEOUT = 240_000;

describe.each(
  renderCases()
    .slice(0, 2)
    .map(c => [c.id, c] as [string, RenderCase]),
)('generated values: %s', (_id, renderCase) => {
  let stack: RenderedStack;

  beforeAll(async () => {
    helmBinary();
    stack = await renderStack(await caseInput(renderCase));
  }, TIMEOUT);

  it.each(['spire', 'dir', 'dirctl'])(
    'every key of the %s values changes the render',
    async chart => {
      const app = stack.apps.find(a => a.chart === chart);
      expect(app?.render).toBeDefined();
      expect(await deadValueKeys(app!)).toEqual([]);
    },
    TIMEOUT,
  );
});
