import {
  apiserverResourceName,
  chartLabelSelector,
  chartSelectorLabels,
  hasChartLabels,
} from './chart';

describe('chart contract', () => {
  it('names and selects the apiserver of a release', () => {
    expect(apiserverResourceName('dir-prod')).toBe('dir-prod-apiserver');
    expect(chartLabelSelector('apiserver')).toBe(
      'app.kubernetes.io/name=apiserver',
    );
    expect(chartLabelSelector('apiserver', 'dir-prod')).toBe(
      'app.kubernetes.io/name=apiserver,app.kubernetes.io/instance=dir-prod',
    );
    const labels = chartSelectorLabels('apiserver', 'dir-prod');
    expect(hasChartLabels(labels, 'apiserver', 'dir-prod')).toBe(true);
    expect(hasChartLabels(labels, 'apiserver', 'dir')).toBe(false);
    expect(hasChartLabels(undefined, 'apiserver', 'dir-prod')).toBe(false);
  });
});
