import { compareStatusSeverity, worstCheck, worstStatus } from './health';

describe('health status ordering', () => {
  it('takes the worst status', () => {
    expect(worstStatus([])).toBe('unknown');
    expect(worstStatus(['ok', 'ok'])).toBe('ok');
    expect(worstStatus(['ok', 'unknown'])).toBe('unknown');
    expect(worstStatus(['unknown', 'warning', 'ok'])).toBe('warning');
    expect(worstStatus(['warning', 'error', 'unknown'])).toBe('error');
  });

  it('sorts worst first', () => {
    const sorted = (['ok', 'error', 'unknown', 'warning'] as const)
      .slice()
      .sort(compareStatusSeverity);
    expect(sorted).toEqual(['error', 'warning', 'unknown', 'ok']);
  });

  it('finds the worst check', () => {
    const at = new Date(0).toISOString();
    expect(
      worstCheck([
        {
          id: 'svid',
          title: 'S',
          status: 'ok',
          summary: 'fine',
          observedAt: at,
        },
        {
          id: 'pvcs',
          title: 'P',
          status: 'warning',
          summary: 'small',
          observedAt: at,
        },
        {
          id: 'rollout',
          title: 'R',
          status: 'warning',
          summary: 'later',
          observedAt: at,
        },
      ])?.id,
    ).toBe('pvcs');
    expect(worstCheck([])).toBeUndefined();
  });
});
