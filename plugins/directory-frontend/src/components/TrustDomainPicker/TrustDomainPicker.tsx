import {
  CustomFieldValidator,
  FieldExtensionComponentProps,
} from '@backstage/plugin-scaffolder-react';
import { TextField } from '@backstage/ui';
import { validateTrustDomain } from '@directory-ops/plugin-directory-common';

/** The name templates use in `ui:field`. */
export const TRUST_DOMAIN_PICKER_NAME = 'TrustDomainPicker';

/** The `environment` value of the form, when the template asks for one. */
function environmentOf(formData: unknown): string | undefined {
  if (typeof formData !== 'object' || formData === null) {
    return undefined;
  }
  const environment = (formData as Record<string, unknown>).environment;
  return typeof environment === 'string' ? environment : undefined;
}

function trustDomainProblems(value: string | undefined, formData: unknown) {
  return validateTrustDomain(value, { environment: environmentOf(formData) });
}

/**
 * A text field for a SPIFFE trust domain that says what is wrong with it as
 * the user types; `example.org` and other local-only names are accepted only
 * when the form's `environment` is `dev`.
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
  const problems = formData
    ? trustDomainProblems(formData, formContext?.formData)
    : [];
  const errors = problems.length > 0 ? problems : rawErrors ?? [];
  return (
    <TextField
      id={idSchema?.$id}
      label={schema.title ?? 'Trust domain'}
      description={
        schema.description ??
        'The SPIFFE trust domain, for example dir.acme.com (no scheme, port or path).'
      }
      placeholder={uiSchema?.['ui:placeholder'] ?? 'dir.acme.com'}
      value={formData ?? ''}
      onChange={value => onChange(value === '' ? undefined : value)}
      isRequired={required}
      isDisabled={disabled}
      validationBehavior="aria"
      validate={() => (errors.length > 0 ? errors.join('; ') : null)}
      data-testid="directory-trust-domain-picker"
    />
  );
}

/**
 * Refuses an invalid trust domain when the step is submitted.
 * @public
 */
export const trustDomainPickerValidation: CustomFieldValidator<string> = (
  value,
  validation,
  context,
) => {
  if (!value) {
    return;
  }
  for (const problem of trustDomainProblems(value, context.formData)) {
    validation.addError(`Trust domain ${problem}`);
  }
};
