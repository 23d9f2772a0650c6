/** The SMS opt-in of the request form: a checkbox and the mobile number (E.164), words from the catalogue. */
import { t, type Language } from '@uocava/domain';
import { Checkbox, TextField } from '../components';

export function SmsOptInFields({
  field,
  checked,
  language = 'en',
}: {
  field: (name: string) => { name: string; value: string; error?: string };
  checked: boolean;
  language?: Language;
}) {
  const { value: _value, ...optIn } = field('contact.smsOptIn');
  return (
    <fieldset>
      <legend>{t(language, 'request.sms.legend')}</legend>
      <Checkbox {...optIn} checked={checked} label={t(language, 'request.sms.optIn')} />
      <TextField
        {...field('contact.mobile')}
        lang={language}
        type="tel"
        label={t(language, 'request.sms.mobile')}
        autocomplete="tel"
        inputMode="tel"
        width="medium"
        maxLength={20}
        markOptional={false}
      />
    </fieldset>
  );
}
