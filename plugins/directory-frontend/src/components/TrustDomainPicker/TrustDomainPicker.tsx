import { useApiHolder } from '@backstage/core-plugin-api';
import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { TextField } from '@backstage/ui';
import {
  DomainUsage,
  validateBaseDomain,
  validateTrustDomain,
} from '@directory-ops/plugin-directory-common';
import { useEffect, useState } from 'react';
import { directoryApiRef } from '../../api';

/** The name templates use in `ui:field`. */
export const TRUST_DOMAIN_PICKER_NAME = 'TrustDomainPicker';

/** What the field holds: a SPIFFE trust domain, or (`ui:options.domainKind: baseDomain`) a DNS base domain. */
type DomainKind = 'trustDomain' | 'baseDomain';

const LABELS: Record<DomainKind, string> = {
  trustDomain: 'Trust domain',
  baseDomain: 'Base domain',
};

function kindOf(uiSchema: unknown): DomainKind {
  const options = (uiSchema as { 'ui:options'?: { domainKind?: unknown } })?.[
    'ui:options'
  ];
  return options?.domainKind === 'baseDomain' ? 'baseDomain' : 'trustDomain';
}

/** The `environment` value of the form, when the template asks for one. */
function environmentOf(formData: unknown): string | undefined {
  if (typeof formData !== 'object' || formData === null) {
    return undefined;
  }
  const environment = (formData as Record<string, unknown>).environment;
  return typeof environment === 'string' ? environment : undefined;
}

function domainProblems(
  kind: DomainKind,
  value: string | undefined,
  formData: unknown,
): string[] {
  const problems =
    kind === 'baseDomain'
      ? validateBaseDomain(value)
      : validateTrustDomain(value, { environment: environmentOf(formData) });
  return [...new Set(problems)];
}

/** "is already used by ACME production Directory (resource:default/acme-prod-directory)". */
function takenProblem(kind: DomainKind, usage: DomainUsage): string | undefined {
  const entry = usage[kind];
  if (!entry || entry.usedBy.length === 0) return undefined;
  return `is already used by ${entry.usedBy
    .map(u => `${u.title} (${u.entityRef})`)
    .join(', ')}; ${
    kind === 'trustDomain'
      ? 'a trust domain must be unique to one SPIRE deployment'
      : 'its hosts would clash with that instance'
  }`;
}

/**
 * A text field for a SPIFFE trust domain (or, with
 * `ui:options.domainKind: baseDomain`, the instance's base domain). It says
 * what is wrong as the user types, and whether a Directory in the catalog
 * already uses the value;
 * `example.org` and other local-only names are accepted only when the form's
 * `environment` is `dev`.
 * @public
 */
export function TrustDomainPicker(
  props: FieldExtensionComponentProps<string>,
) {
  const {
    formData,
    onChange,
    required,
    disabled,
    rawErrors,
    schema,
    uiSchema,
    idSchema,
    formContext,
  } = props;
  const kind = kindOf(uiSchema);
  const directoryApi = useApiHolder().get(directoryApiRef);
  const problems = formData
    ? domainProblems(kind, formData, formContext?.formData)
    : [];
  const [taken, setTaken] = useState<{ value: string; problem?: string }>();

  useEffect(() => {
    if (!directoryApi || !formData || problems.length > 0) return undefined;
    const timer = setTimeout(() => {
      directoryApi.getDomainUsage({ [kind]: formData }).then(
        usage => {
          const problem = takenProblem(kind, usage);
          setTaken({ value: formData, problem: problem && `${formData} ${problem}` });
        },
        () => setTaken(undefined),
      );
    }, 300);
    return () => clearTimeout(timer);
    // problems is derived from formData
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [directoryApi, formData, kind]);

  const takenNow = taken?.value === formData ? taken?.problem : undefined;
  // Live problems replace what the last Next press reported: once the value
  // is valid, stale messages go.
  let errors: string[];
  if (formData) {
    errors = takenNow ? [...problems, takenNow] : problems;
  } else {
    errors = [...new Set(rawErrors ?? [])];
  }
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? LABELS[kind]}
      description={
        schema.description ??
        'The SPIFFE trust domain, for example dir.acme.com (no scheme, port or path).'
      }
      placeholder={
        uiSchema?.['ui:placeholder'] ??
        (kind === 'baseDomain' ? 'acme.com' : 'dir.acme.com')
      }
      value={formData ?? ''}
      onChange={value => onChange(value === '' ? undefined : value)}
      isRequired={required}
      isDisabled={disabled}
      validationBehavior="aria"
      validate={() => (errors.length > 0 ? errors.join('; ') : null)}
      data-testid={
        kind === 'baseDomain'
          ? 'directory-base-domain-picker'
          : 'directory-trust-domain-picker'
      }
    />
  );
}

/**
 * Refuses an invalid domain, and one another Directory in the catalog
 * already uses, when the step is submitted.
 * @public
 */
export const trustDomainPickerValidation: CustomFieldValidator<string> = async (
  value,
  validation,
  context,
) => {
  if (!value) {
    return;
  }
  const kind = kindOf(context.uiSchema);
  const problems = domainProblems(kind, value, context.formData);
  for (const problem of problems) {
    validation.addError(`${LABELS[kind]} ${problem}`);
  }
  const directoryApi = context.apiHolder.get(directoryApiRef);
  if (problems.length > 0 || !directoryApi) {
    return;
  }
  try {
    const problem = takenProblem(
      kind,
      await directoryApi.getDomainUsage({ [kind]: value }),
    );
    if (problem) {
      validation.addError(`${LABELS[kind]} ${value} ${problem}`);
    }
  } catch {
    // The backend is unreachable: the run's own checks still refuse a clash.
  }
};
