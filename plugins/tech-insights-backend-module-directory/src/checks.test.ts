import fs from 'node:fs';
import path from 'node:path';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import yaml from 'yaml';
import { DIRECTORY_TECH_INSIGHTS_CHECKS } from './checks';
import { createDirectoryFactRetriever } from './directoryFactRetriever';

describe('Directory Tech Insights checks', () => {
  const retriever = createDirectoryFactRetriever({
    catalog: catalogServiceMock(),
  });

  it('are the checks the app config lists', () => {
    const appConfig = yaml.parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../app-config.yaml'),
        'utf8',
      ),
    );
    expect(appConfig.techInsights.factChecker.checks).toEqual(
      DIRECTORY_TECH_INSIGHTS_CHECKS,
    );
    expect(
      appConfig.techInsights.factRetrievers[retriever.id].cadence,
    ).toBeDefined();
  });

  it('only use facts the retriever publishes', () => {
    for (const check of Object.values(DIRECTORY_TECH_INSIGHTS_CHECKS)) {
      expect(check.factIds).toEqual([retriever.id]);
      for (const condition of check.rule.conditions.all) {
        expect(Object.keys(retriever.schema)).toContain(condition.fact);
      }
    }
  });
});
