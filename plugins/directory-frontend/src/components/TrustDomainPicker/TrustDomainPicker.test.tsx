import { renderInTestApp } from '@backstage/frontend-test-utils';
import { FieldExtensionComponentProps } from '@backstage/plugin-scaffolder-react';
import { ApiHolder } from '@backstage/core-plugin-api';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { DirectoryApi, directoryApiRef } from '../../api';
import {
  TrustDomainPicker,
  trustDomainPickerValidation,
} from './TrustDomainPicker';

function Form(props: {
  environment?: string;
  onValue?: (v?: string) => void;
  initial?: string;
  rawErrors?: string[];
}) {
  const [value, setValue] = useState<string | undefined>(props.initial);
  const fieldProps = {
    formData: value,
    onChange: (v?: string) => {
      setValue(v);
      props.onValue?.(v);
    },
    schema: { type: 'string', title: 'Trust domain' },
    uiSchema: {},
    idSchema: { $id: 'root_trustDomain' },
    rawErrors: props.rawErrors ?? [],
    required: true,
    disabled: false,
    formContext: {
      formData: props.environment ? { environment: props.environment } : {},
    },
  } as unknown as FieldExtensionComponentProps<string>;
  return <TrustDomainPicker {...fieldProps} />;
}

function validate(value: string, formData: Record<string, string>) {
  const errors: string[] = [];
  const validation = {
    addError: (message: string) => errors.push(message),
  } as unknown as Parameters<typeof trustDomainPickerValidation>[1];
  trustDomainPickerValidation(value, validation, {
    apiHolder: { get: () => undefined } as ApiHolder,
    formData,
    schema: {},
  });
  return errors;
}

const takenUsage = {
  trustDomain: {
    value: 'acme.com',
    usedBy: [{ entityRef: 'resource:default/acme-prod-directory', title: 'ACME production Directory' }],
  },
};

describe('TrustDomainPicker', () => {
  it('drops the errors of the last Next press once the value is valid', async () => {
    const stale = 'Trust domain must not include a port or userinfo (no ":")';
    await renderInTestApp(
      <Form environment="prod" initial="Example.org:443" rawErrors={[stale, stale, stale]} />,
    );
    const input = screen.getByRole('textbox');
    await userEvent.clear(input);
    await userEvent.type(input, 'dir.acme.com');
    expect(screen.queryByText(/must not include a port/)).not.toBeInTheDocument();
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
  });

  it('says while typing that another Directory uses the trust domain', async () => {
    const getDomainUsage = jest.fn().mockResolvedValue(takenUsage);
    await renderInTestApp(<Form environment="prod" />, {
      apis: [[directoryApiRef, { getDomainUsage } as unknown as DirectoryApi]],
    });
    await userEvent.type(screen.getByRole('textbox'), 'acme.com');
    expect(
      await screen.findByText(/already used by ACME production Directory/, undefined, { timeout: 3000 }),
    ).toBeInTheDocument();
    expect(getDomainUsage).toHaveBeenLastCalledWith({ trustDomain: 'acme.com' });
  });

  it('refuses a taken trust domain when the step is submitted', async () => {
    const errors: string[] = [];
    await trustDomainPickerValidation(
      'acme.com',
      { addError: (m: string) => errors.push(m) } as unknown as Parameters<
        typeof trustDomainPickerValidation
      >[1],
      {
        apiHolder: {
          get: () => ({ getDomainUsage: async () => takenUsage }),
        } as unknown as ApiHolder,
        formData: { environment: 'prod' },
        schema: {},
      },
    );
    expect(errors).toEqual([
      'Trust domain acme.com is already used by ACME production Directory (resource:default/acme-prod-directory); a trust domain must be unique to one SPIRE deployment',
    ]);
  });

  it('says what is wrong as the user types', async () => {
    const onValue = jest.fn();
    await renderInTestApp(<Form environment="prod" onValue={onValue} />);
    expect(screen.getByTestId('directory-trust-domain-picker')).toBeInTheDocument();
    const input = screen.getByRole('textbox');
    await userEvent.type(input, 'spiffe://Dir');
    expect(
      screen.getByText(/must not include a scheme such as spiffe:\/\//),
    ).toBeInTheDocument();
    expect(input).toHaveAttribute('aria-invalid', 'true');

    await userEvent.clear(input);
    await userEvent.type(input, 'dir.acme.com');
    expect(screen.queryByText(/must/)).not.toBeInTheDocument();
    expect(input).not.toHaveAttribute('aria-invalid', 'true');
    expect(onValue).toHaveBeenLastCalledWith('dir.acme.com');
  });

  it('allows example.org only for the dev environment', async () => {
    const { unmount } = await renderInTestApp(<Form environment="prod" />);
    await userEvent.type(screen.getByRole('textbox'), 'example.org');
    expect(screen.getByText(/is for local use only/)).toBeInTheDocument();
    unmount();

    await renderInTestApp(<Form environment="dev" />);
    await userEvent.type(screen.getByRole('textbox'), 'example.org');
    expect(screen.queryByText(/is for local use only/)).not.toBeInTheDocument();
  });

  it('refuses an invalid trust domain when the step is submitted', () => {
    expect(validate('dir.acme.com', { environment: 'prod' })).toEqual([]);
    expect(validate('example.org', { environment: 'dev' })).toEqual([]);
    expect(validate('example.org', { environment: 'prod' })).toEqual([
      'Trust domain "example.org" is for local use only and cannot federate; it is allowed only for the dev environment',
    ]);
    expect(validate('dir.acme.com:8443', {})).toEqual([
      'Trust domain must not include a port or userinfo (no ":")',
    ]);
  });
});
