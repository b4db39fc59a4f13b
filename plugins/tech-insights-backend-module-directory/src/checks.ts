import { DIRECTORY_FACT_RETRIEVER_ID } from './directoryFactRetriever';

/**
 * Tech Insights checks on the Directory facts, in the format of the
 * json-rules-engine fact checker (`techInsights.factChecker.checks`). The
 * app config lists them (see the README); a test keeps the two equal.
 *
 * @public
 */
export const DIRECTORY_TECH_INSIGHTS_CHECKS = {
  directoryPassthroughServesSvid: {
    type: 'json-rules-engine',
    name: 'Passthrough serves the SVID',
    description:
      'The Directory API host presents the SPIFFE SVID (SSL passthrough), not an ingress certificate',
    factIds: [DIRECTORY_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          {
            fact: 'checks',
            path: "$['tls-passthrough']",
            operator: 'equal',
            value: 'ok',
          },
        ],
      },
    },
  },
  directoryNoErrorFor24h: {
    type: 'json-rules-engine',
    name: 'No check in error for 24 h',
    description:
      'Neither the Directory instance nor any of its checks was in error in the last 24 hours',
    factIds: [DIRECTORY_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [{ fact: 'errorInLast24h', operator: 'equal', value: false }],
      },
    },
  },
  directoryNewestSupportedRelease: {
    type: 'json-rules-engine',
    name: 'Release is the newest supported',
    description:
      'The Directory runs the newest release Directory Ops supports and generates',
    factIds: [DIRECTORY_FACT_RETRIEVER_ID],
    rule: {
      conditions: {
        all: [
          { fact: 'releaseIsNewestSupported', operator: 'equal', value: true },
        ],
      },
    },
  },
};
