/** Examples of `refresh-directory-instance-health`. */
export const examples = [
  {
    title: 'Check again after a fix',
    description:
      'Runs the checks of an instance now, after its ingress was fixed.',
    input: { entityRef: 'resource:default/globex-prod-directory' },
  },
];
