import { PUBLIC_AGNTCY_NETWORK } from '@directory-ops/plugin-directory-common';
import { DEPLOYMENT_DEFAULTS, TESTED_CHARTS } from '../config';
import { helmBinary } from '../__testUtils__/helm';
import {
  RenderCase,
  caseInput,
  formPattern,
  longest,
  renderCases,
  yamlLookalikeInputs,
} from '../__testUtils__/renderMatrix';
import {
  RefusedInput,
  RenderedStack,
  generate,
  prerequisiteRangeProblems,
  renderStack,
  vendoredChartVersions,
} from '../__testUtils__/renderedStack';
import {
  apiIngressCheck,
  customKindsCheck,
  duplicatesCheck,
  identitiesCheck,
  nodePortCheck,
  limitsCheck,
  projectCheck,
  renderProblems,
  schemaCheck,
  secretsCheck,
  sharedBetween,
  tlsIssuerCheck,
} from '../__testUtils__/stackChecks';
import { validDeploymentInput } from '../__testUtils__/deployment';

/**
 * Every generated Argo CD app, rendered with a real helm and the upstream
 * charts (vendored under `__fixtures__/charts`), exactly as Argo CD renders
 * it: the ApplicationSet expanded against the generated files, the pinned
 * chart, the release name, the destination namespace and the value files.
 *
 * The `dir-secrets` app uses the dysnix `raw` chart and the `dir` chart's
 * PostgreSQL comes from bitnami; neither is vendored. The raw chart's
 * `resources` list is checked as the plain objects it applies (with the
 * labels the chart adds); nothing the bitnami chart renders is checked
 * (the vendored `postgresql` sub-chart is a stub).
 */

const TIMEOUT = 120_000;

/** The trust domains an input federates with (the preset is the public network). */
function peerTrustDomains(input: RenderedStack['input']): string[] {
  const peers = (input.federateWith ?? []).map(p =>
    typeof p === 'string' ? PUBLIC_AGNTCY_NETWORK.trustDomain : p.trustDomain,
  );
  if (input.federateWithPublicNetwork) {
    peers.push(PUBLIC_AGNTCY_NETWORK.trustDomain);
  }
  return [...new Set(peers)];
}

/** The SPIRE controller class the input asks for. */
function spireClass(input: RenderedStack['input']): string {
  return (
    (input as { spire?: { className?: string } }).spire?.className ??
    DEPLOYMENT_DEFAULTS.spire.className
  );
}

/** Every problem the checks of this file find in a stack. */
async function allProblems(stack: RenderedStack): Promise<string[]> {
  return [
    ...renderProblems(stack),
    ...(await schemaCheck(stack)),
    ...projectCheck(stack),
    ...duplicatesCheck(stack),
    ...limitsCheck(stack),
    ...apiIngressCheck(stack),
    ...nodePortCheck(stack),
    ...tlsIssuerCheck(stack),
    ...secretsCheck(stack),
    ...identitiesCheck(
      stack,
      peerTrustDomains(stack.input),
      spireClass(stack.input),
    ),
    ...customKindsCheck(stack),
  ];
}

describe('helm', () => {
  it('is installed by the project setup (scripts/env.sh)', () => {
    expect(() => helmBinary()).not.toThrow();
  });
});

describe('the chart versions the pull request names', () => {
  it('are the vendored charts these tests render', () => {
    const vendored = vendoredChartVersions();
    expect(
      TESTED_CHARTS.filter(
        ({ chart, version }) =>
          !(vendored[chart.split(' ')[0]] ?? []).includes(version),
      ),
    ).toEqual([]);
  });
});

describe('cluster prerequisites', () => {
  it('serve the custom resource kinds read for the version ranges the generator states', () => {
    expect(prerequisiteRangeProblems()).toEqual([]);
  });
});

describe.each(renderCases().map(c => [c.id, c] as [string, RenderCase]))(
  'generated deployment: %s',
  (_id, renderCase) => {
    let stack: RenderedStack;

    beforeAll(async () => {
      helmBinary();
      stack = await renderStack(await caseInput(renderCase));
    }, TIMEOUT);

    it('helm renders every app without error', () => {
      const reusesSpire =
        (stack.input as { spire?: { reuseExisting?: boolean } }).spire
          ?.reuseExisting === true;
      expect(stack.apps.map(a => a.chart).sort()).toEqual(
        [
          'dir',
          'dirctl',
          'raw',
          ...(reusesSpire ? [] : ['spire', 'spire-crds']),
        ].sort(),
      );
      expect(renderProblems(stack)).toEqual([]);
    });

    it(
      'every object validates against its schema, with no unknown fields',
      async () => {
        expect(await schemaCheck(stack)).toEqual([]);
      },
      TIMEOUT,
    );

    it('every object lands where the AppProject allows', () => {
      expect(projectCheck(stack)).toEqual([]);
    });

    it('no object is applied by two apps', () => {
      expect(duplicatesCheck(stack)).toEqual([]);
    });

    it("names and label values stay within the API server's limits", () => {
      expect(limitsCheck(stack)).toEqual([]);
    });

    it('the API Ingress is SSL passthrough to GRPCS, with a TLS host and no secretName', () => {
      expect(apiIngressCheck(stack)).toEqual([]);
    });

    it('no Service is a NodePort', () => {
      expect(nodePortCheck(stack)).toEqual([]);
    });

    it('every TLS secret an Ingress names has an issuer', () => {
      expect(tlsIssuerCheck(stack)).toEqual([]);
    });

    it('every Secret a workload reads is produced by an ExternalSecret (or the chart)', () => {
      expect(secretsCheck(stack)).toEqual([]);
    });

    it('every Directory workload gets an SVID, and those that talk to peers get every peer bundle', () => {
      expect(
        identitiesCheck(
          stack,
          peerTrustDomains(stack.input),
          spireClass(stack.input),
        ),
      ).toEqual([]);
    });

    it('every custom resource kind is installed by the stack or a prerequisite', () => {
      expect(customKindsCheck(stack)).toEqual([]);
    });
  },
);

describe('two instances on one cluster', () => {
  it(
    'share no object, Argo CD app or project, GitOps file or host (the second reuses the SPIRE of the first)',
    async () => {
      const first = validDeploymentInput({ federateWith: [] });
      const second = {
        ...first,
        name: 'beta-directory',
        baseDomain: 'beta.acme.com',
        spire: { reuseExisting: true },
      } as typeof first;
      const [a, b] = await Promise.all([
        renderStack(first),
        renderStack(second),
      ]);
      expect(sharedBetween(a, b)).toEqual([]);
    },
    TIMEOUT,
  );
});

describe('inputs longer than the longest that renders', () => {
  it.each(['name', 'environment'] as const)(
    'a %s one character longer is refused by the form or by the action, naming the field',
    async field => {
      const base = validDeploymentInput({ federateWith: [] });
      const value = `${(await longest(field, base))[field]}z`;
      const refusal = formPattern(field).test(value)
        ? await generate({ ...base, [field]: value }).then(
            () => 'accepted',
            (error: Error) =>
              error instanceof RefusedInput ? error.message : String(error),
          )
        : `the form's pattern refuses the ${field}`;
      expect(refusal).not.toBe('accepted');
      expect(refusal).toContain(field);
    },
    TIMEOUT,
  );
});

describe('free text that YAML reads as a number, a boolean or null', () => {
  it.each(yamlLookalikeInputs())(
    '%s is refused naming the field, or deploys',
    async (field, input) => {
      const refusal = await generate(input).then(
        () => undefined,
        (error: Error) => error.message,
      );
      const problems = refusal
        ? [refusal].filter(message => !message.includes(`'${field}'`))
        : await allProblems(await renderStack(input));
      expect(problems).toEqual([]);
    },
    TIMEOUT,
  );
});
