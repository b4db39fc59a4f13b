/** Examples of `get-directory-instance-health`. */
export const examples = [
  {
    title: 'Why is an instance failing',
    description: 'The checks of one instance, each with its remediation.',
    input: { entityRef: 'resource:default/globex-prod-directory' },
    output: {
      entityRef: 'resource:default/globex-prod-directory',
      status: 'error' as const,
      checkedAt: '2026-11-30T06:00:00.000Z',
      since: '2026-11-30T05:40:00.000Z',
      checks: [
        {
          id: 'tls-passthrough',
          title: 'API TLS passthrough',
          status: 'error' as const,
          summary:
            'api.globex.io serves the ingress fake certificate instead of the SPIFFE SVID',
          remediation:
            'Enable SSL passthrough on the ingress controller (--enable-ssl-passthrough).',
          observedAt: '2026-11-30T06:00:00.000Z',
          since: '2026-11-30T05:40:00.000Z',
        },
      ],
    },
  },
];
