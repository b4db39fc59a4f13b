export {
  TrustDomainPicker,
  trustDomainPickerValidation,
  TRUST_DOMAIN_PICKER_NAME,
} from './TrustDomainPicker';
