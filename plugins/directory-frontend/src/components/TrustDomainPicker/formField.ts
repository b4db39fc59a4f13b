import { createFormField } from '@backstage/plugin-scaffolder-react/alpha';
import {
  TRUST_DOMAIN_PICKER_NAME,
  TrustDomainPicker,
  trustDomainPickerValidation,
} from './TrustDomainPicker';

/** The `TrustDomainPicker` form field for the new frontend system. */
export const trustDomainPickerFormField = createFormField({
  name: TRUST_DOMAIN_PICKER_NAME,
  component: TrustDomainPicker,
  validation: trustDomainPickerValidation,
});
