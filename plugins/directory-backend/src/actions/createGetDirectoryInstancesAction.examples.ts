/** Examples of `get-directory-instances`. */
export const examples = [
  {
    title: 'Broken instances',
    description: 'The instances in error on one cluster, worst first.',
    input: { status: ['error' as const], cluster: ['prod-eks-1'] },
  },
  {
    title: 'Search the fleet',
    description:
      'The instances whose trust domain, title or owner mentions acme.',
    input: { q: 'acme', limit: 20 },
  },
];
