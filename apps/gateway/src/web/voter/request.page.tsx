import {
  Checkbox,
  clientMessages,
  ErrorSummary,
  RadioGroup,
  SelectField,
  TextField,
  type FieldErrors,
} from '../components';
import { countryOptions } from '../countries';
import { REQUEST_FIELDS, type FormValues } from './request-form';
import {
  deliveryLabels,
  idLabels,
  officeGroups,
  options,
  STATE_OPTIONS,
  voterClassLabels,
  type OfficeChoice,
} from './request-labels';
import { capitalise, labelFor, t, type FixedKey, type Language } from '@uocava/domain';
import { SmsOptInFields } from './sms-fields';

export function RequestFormPage({
  offices,
  values,
  errors,
  lang = 'en',
}: {
  offices: OfficeChoice[];
  values: FormValues;
  errors: FieldErrors;
  /** the page language: every word, and the validator's messages (docs/web.md, "Languages") */
  lang?: Language;
}) {
  const v = (k: string) => values[k] ?? '';
  const field = (name: string) => ({ name, value: v(name), error: errors[name], lang });
  const w = (key: FixedKey, values?: Record<string, string | number>) => t(lang, key, values);
  // the page script's message for a field the browser finds empty: the validator's own words
  const missing = (name: string) => w('problem.required', { label: labelFor(name, lang) });
  return (
    <>
      <ErrorSummary errors={errors} order={[...REQUEST_FIELDS]} lang={lang} />
      <h1>{w('web.request.heading')}</h1>
      <p class="lead">{w('web.request.lead')}</p>
      <p>{w('web.request.time')}</p>
      <form method="post" action="/request" data-validate novalidate={false} {...clientMessages(lang)}>
        <input type="hidden" name="lang" value={lang} />
        <fieldset class="section">
          <legend>{w('web.request.office.legend')}</legend>
          <SelectField
            {...field('jurisdictionId')}
            label={w('web.request.office.label')}
            hint={w('web.request.office.hint')}
            groups={officeGroups(offices)}
            options={[]}
            required
            invalidMessage={w('web.request.office.missing')}
          />
          <RadioGroup
            {...field('voterClass')}
            legend={w('web.request.voterClass.legend')}
            options={options(voterClassLabels(lang))}
            required
            invalidMessage={w('web.request.voterClass.missing')}
          />
        </fieldset>

        <fieldset class="section">
          <legend>{w('web.request.about.legend')}</legend>
          <TextField
            {...field('name.first')}
            label={w('web.request.first')}
            autocomplete="given-name"
            required
            maxLength={100}
            spellcheck={false}
            invalidMessage={missing('name.first')}
          />
          <TextField
            {...field('name.middle')}
            label={w('web.request.middle')}
            autocomplete="additional-name"
            maxLength={100}
            spellcheck={false}
          />
          <TextField
            {...field('name.last')}
            label={w('web.request.last')}
            autocomplete="family-name"
            required
            maxLength={100}
            spellcheck={false}
            invalidMessage={missing('name.last')}
          />
          <TextField
            {...field('name.suffix')}
            label={w('web.request.suffix')}
            hint={w('web.request.suffix.hint')}
            autocomplete="honorific-suffix"
            width="short"
            maxLength={20}
          />
          <details open={Boolean(v('previousName.last') || v('previousName.first'))}>
            <summary>{w('web.request.previous.summary')}</summary>
            <TextField
              {...field('previousName.first')}
              label={w('web.request.previous.first')}
              maxLength={100}
            />
            <TextField
              {...field('previousName.last')}
              label={w('web.request.previous.last')}
              maxLength={100}
            />
          </details>
          <TextField
            {...field('dateOfBirth')}
            type="date"
            label={w('web.request.dob')}
            hint={w('web.request.dob.hint')}
            autocomplete="bday"
            width="medium"
            required
            min="1900-01-01"
            invalidMessage={w('web.request.dob.missing')}
          />
          <RadioGroup
            {...field('identification.type')}
            legend={w('web.request.id.legend')}
            hint={w('web.request.id.hint')}
            options={options(idLabels(lang))}
            required
            invalidMessage={w('web.request.id.missing')}
            conditional={{
              none: (
                <Checkbox
                  {...field('identification.attestNoId')}
                  checked={v('identification.attestNoId') === 'yes'}
                  label={w('web.request.id.attest')}
                />
              ),
            }}
          />
          <TextField
            {...field('identification.value')}
            label={w('web.request.id.value')}
            hint={w('web.request.id.value.hint')}
            width="medium"
            maxLength={30}
            spellcheck={false}
            markOptional={false}
          />
        </fieldset>

        <fieldset class="section">
          <legend>{w('web.request.residence.legend')}</legend>
          <p class="hint">{w('web.request.residence.hint')}</p>
          <TextField
            {...field('votingResidence.street')}
            label={w('web.request.street')}
            autocomplete="off"
            required
            maxLength={200}
            invalidMessage={missing('votingResidence.street')}
          />
          <TextField
            {...field('votingResidence.unit')}
            label={w('web.request.unit')}
            width="medium"
            maxLength={50}
          />
          <TextField
            {...field('votingResidence.city')}
            label={w('web.request.city')}
            required
            width="medium"
            maxLength={100}
            invalidMessage={missing('votingResidence.city')}
          />
          <SelectField
            {...field('votingResidence.state')}
            label={w('web.request.state')}
            options={STATE_OPTIONS}
            required
            invalidMessage={w('web.request.state.missing')}
          />
          <TextField
            {...field('votingResidence.zip')}
            label={w('web.request.zip')}
            width="short"
            inputMode="numeric"
            required
            pattern="[0-9]{5}(-[0-9]{4})?"
            maxLength={10}
            invalidMessage={w('problem.pattern', {
              Label: capitalise(labelFor('votingResidence.zip', lang)),
              hint: w('hint.zip'),
            })}
          />
          <TextField
            {...field('votingResidence.county')}
            label={w('web.request.county')}
            width="medium"
            maxLength={100}
          />
        </fieldset>

        <fieldset class="section">
          <legend>{w('web.request.mailing.legend')}</legend>
          <p class="hint">{w('web.request.mailing.hint')}</p>
          <details>
            <summary>{w('web.request.military.summary')}</summary>
            <p>{w('web.request.military.text')}</p>
          </details>
          <details>
            <summary>{w('web.request.abroad.summary')}</summary>
            <p>{w('web.request.abroad.text')}</p>
          </details>
          <TextField
            {...field('mailingAddress.lines[0]')}
            label={w('web.request.line', { n: 1 })}
            autocomplete="address-line1"
            required
            maxLength={200}
            invalidMessage={missing('mailingAddress.lines')}
          />
          <TextField
            {...field('mailingAddress.lines[1]')}
            label={w('web.request.line', { n: 2 })}
            autocomplete="address-line2"
            maxLength={200}
          />
          <TextField
            {...field('mailingAddress.lines[2]')}
            label={w('web.request.line', { n: 3 })}
            autocomplete="address-line3"
            maxLength={200}
          />
          <TextField
            {...field('mailingAddress.city')}
            label={w('web.request.mailCity')}
            autocomplete="address-level2"
            required
            width="medium"
            maxLength={100}
            invalidMessage={missing('mailingAddress.city')}
          />
          <TextField
            {...field('mailingAddress.region')}
            label={w('web.request.region')}
            autocomplete="address-level1"
            width="medium"
            maxLength={100}
          />
          <TextField
            {...field('mailingAddress.postalCode')}
            label={w('web.request.postalCode')}
            autocomplete="postal-code"
            width="short"
            maxLength={20}
          />
          <SelectField
            {...field('mailingAddress.country')}
            label={w('web.request.country')}
            autocomplete="country"
            options={countryOptions(lang)}
            required
            invalidMessage={w('web.request.country.missing')}
          />
        </fieldset>

        <fieldset class="section">
          <legend>{w('web.request.delivery.legend')}</legend>
          <RadioGroup
            {...field('ballotDelivery')}
            legend={w('web.request.delivery.radios')}
            options={options(deliveryLabels(lang))}
            required
            invalidMessage={w('web.request.delivery.missing')}
          />
          <TextField
            {...field('contact.email')}
            type="email"
            label={w('web.request.email')}
            hint={w('web.request.email.hint')}
            autocomplete="email"
            spellcheck={false}
            maxLength={254}
            markOptional={false}
            invalidMessage={w('problem.format', { label: labelFor('contact.email', lang) })}
          />
          <TextField
            {...field('contact.phone')}
            type="tel"
            label={w('web.request.phone')}
            hint={w('web.request.phone.hint')}
            autocomplete="tel"
            width="medium"
            maxLength={40}
          />
          <TextField
            {...field('contact.fax')}
            type="tel"
            label={w('web.request.fax')}
            hint={w('web.request.fax.hint')}
            width="medium"
            maxLength={40}
            markOptional={false}
          />
          <SmsOptInFields field={field} checked={v('contact.smsOptIn') === 'yes'} language={lang} />
          <RadioGroup
            {...field('paperSize')}
            legend={w('web.request.paper.legend')}
            hint={w('web.request.paper.hint')}
            options={[
              { value: 'letter', label: w('web.request.paper', { paper: 'letter' }) },
              { value: 'a4', label: w('web.request.paper', { paper: 'a4' }) },
            ]}
          />
          <TextField
            {...field('party')}
            label={w('web.request.party')}
            hint={w('web.request.party.hint')}
            width="medium"
            maxLength={100}
          />
        </fieldset>

        <fieldset class="section">
          <legend>{w('web.request.signature.legend')}</legend>
          <p>{w('web.request.oath')}</p>
          <Checkbox
            {...field('affirmation.accepted')}
            checked={v('affirmation.accepted') === 'yes'}
            required
            label={w('web.request.agree')}
            invalidMessage={w('problem.affirmation.notAccepted')}
          />
        </fieldset>
        <button type="submit" class="button">
          {w('web.request.submit')}
        </button>
      </form>
    </>
  );
}
