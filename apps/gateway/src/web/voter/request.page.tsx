import { Checkbox, ErrorSummary, RadioGroup, SelectField, TextField, type FieldErrors } from '../components';
import { countryOptions } from '../countries';
import { REQUEST_FIELDS, type FormValues } from './request-form';
import {
  DELIVERY_LABELS,
  ID_LABELS,
  officeGroups,
  options,
  STATE_OPTIONS,
  VOTER_CLASS_LABELS,
  type OfficeChoice,
} from './request-labels';
import { SmsOptInFields } from './sms-fields';

export function RequestFormPage({
  offices,
  values,
  errors,
}: {
  offices: OfficeChoice[];
  values: FormValues;
  errors: FieldErrors;
}) {
  const v = (k: string) => values[k] ?? '';
  const field = (name: string) => ({ name, value: v(name), error: errors[name] });
  return (
    <>
      <ErrorSummary errors={errors} order={[...REQUEST_FIELDS]} />
      <h1>Request your absentee ballot</h1>
      <p class="lead">
        For U.S. citizens in the military or living abroad. This is the Federal Post Card Application (FPCA):
        it registers you to vote, if you are not yet, and asks for your ballots for every federal election
        this year.
      </p>
      <p>It takes about 10 minutes. You will get a tracking code at the end.</p>
      <form method="post" action="/request" data-validate novalidate={false}>
        <fieldset class="section">
          <legend>Your election office</legend>
          <SelectField
            {...field('jurisdictionId')}
            label="Election office"
            hint="The county or town where you last lived in the United States (or where your parent last lived, if you never did)."
            groups={officeGroups(offices)}
            options={[]}
            required
            invalidMessage="Choose your election office"
          />
          <RadioGroup
            {...field('voterClass')}
            legend="Which describes you?"
            options={options(VOTER_CLASS_LABELS)}
            required
            invalidMessage="Choose what describes you"
          />
        </fieldset>

        <fieldset class="section">
          <legend>About you</legend>
          <TextField
            {...field('name.first')}
            label="First name"
            autocomplete="given-name"
            required
            maxLength={100}
            spellcheck={false}
            invalidMessage="Please fill in your first name."
          />
          <TextField
            {...field('name.middle')}
            label="Middle name"
            autocomplete="additional-name"
            maxLength={100}
            spellcheck={false}
          />
          <TextField
            {...field('name.last')}
            label="Last name"
            autocomplete="family-name"
            required
            maxLength={100}
            spellcheck={false}
            invalidMessage="Please fill in your last name."
          />
          <TextField
            {...field('name.suffix')}
            label="Suffix"
            hint="For example Jr. or III"
            autocomplete="honorific-suffix"
            width="short"
            maxLength={20}
          />
          <details open={Boolean(v('previousName.last') || v('previousName.first'))}>
            <summary>I registered to vote under a different name</summary>
            <TextField {...field('previousName.first')} label="Previous first name" maxLength={100} />
            <TextField {...field('previousName.last')} label="Previous last name" maxLength={100} />
          </details>
          <TextField
            {...field('dateOfBirth')}
            type="date"
            label="Date of birth"
            hint="Year, month and day, for example 1990-04-25"
            autocomplete="bday"
            width="medium"
            required
            min="1900-01-01"
            invalidMessage="Please fill in your date of birth (year-month-day)."
          />
          <RadioGroup
            {...field('identification.type')}
            legend="Your identification"
            hint="Your state uses it to find you on the voter roll."
            options={options(ID_LABELS)}
            required
            invalidMessage="Choose your identification"
            conditional={{
              none: (
                <Checkbox
                  {...field('identification.attestNoId')}
                  checked={v('identification.attestNoId') === 'yes'}
                  label="I confirm that I have not been issued a driver's license, state ID or Social Security Number"
                />
              ),
            }}
          />
          <TextField
            {...field('identification.value')}
            label="Your identification number"
            hint="The number of the identification you chose above. Leave it empty if you have none."
            width="medium"
            maxLength={30}
            spellcheck={false}
            markOptional={false}
          />
        </fieldset>

        <fieldset class="section">
          <legend>Your voting residence</legend>
          <p class="hint">Your last address in the United States, even if you no longer have a home there.</p>
          <TextField
            {...field('votingResidence.street')}
            label="Street address"
            autocomplete="off"
            required
            maxLength={200}
            invalidMessage="Please fill in the street of your voting residence."
          />
          <TextField
            {...field('votingResidence.unit')}
            label="Apartment or unit"
            width="medium"
            maxLength={50}
          />
          <TextField
            {...field('votingResidence.city')}
            label="City or town"
            required
            width="medium"
            maxLength={100}
            invalidMessage="Please fill in the city of your voting residence."
          />
          <SelectField
            {...field('votingResidence.state')}
            label="State"
            options={STATE_OPTIONS}
            required
            invalidMessage="Choose the state of your voting residence"
          />
          <TextField
            {...field('votingResidence.zip')}
            label="ZIP code"
            width="short"
            inputMode="numeric"
            required
            pattern="[0-9]{5}(-[0-9]{4})?"
            maxLength={10}
            invalidMessage="ZIP code of your voting residence must be a 5-digit ZIP code, or ZIP+4 such as 12345-6789."
          />
          <TextField {...field('votingResidence.county')} label="County" width="medium" maxLength={100} />
        </fieldset>

        <fieldset class="section">
          <legend>Where we should send mail</legend>
          <p class="hint">Your current address, where your election office can write to you.</p>
          <details>
            <summary>Help with military (APO, FPO, DPO) addresses</summary>
            <p>
              Write your unit and box on the first line (for example <code>Unit 2050 Box 4190</code>), put{' '}
              <code>APO</code>, <code>FPO</code> or <code>DPO</code> as the city, <code>AA</code>,{' '}
              <code>AE</code> or <code>AP</code> as the state or region, the ZIP code as the postal code, and
              choose United States as the country.
            </p>
          </details>
          <details>
            <summary>Help with addresses in other countries</summary>
            <p>
              Write the address the way the local post office does: street and house number on the first
              lines, then the city, the region if there is one, and the postal code. Choose the country from
              the list.
            </p>
          </details>
          <TextField
            {...field('mailingAddress.lines[0]')}
            label="Address line 1"
            autocomplete="address-line1"
            required
            maxLength={200}
            invalidMessage="Please fill in your address lines of your mailing address."
          />
          <TextField
            {...field('mailingAddress.lines[1]')}
            label="Address line 2"
            autocomplete="address-line2"
            maxLength={200}
          />
          <TextField
            {...field('mailingAddress.lines[2]')}
            label="Address line 3"
            autocomplete="address-line3"
            maxLength={200}
          />
          <TextField
            {...field('mailingAddress.city')}
            label="City (or APO, FPO, DPO)"
            autocomplete="address-level2"
            required
            width="medium"
            maxLength={100}
            invalidMessage="Please fill in your city of your mailing address."
          />
          <TextField
            {...field('mailingAddress.region')}
            label="State, province or region (or AA, AE, AP)"
            autocomplete="address-level1"
            width="medium"
            maxLength={100}
          />
          <TextField
            {...field('mailingAddress.postalCode')}
            label="Postal code"
            autocomplete="postal-code"
            width="short"
            maxLength={20}
          />
          <SelectField
            {...field('mailingAddress.country')}
            label="Country"
            autocomplete="country"
            options={countryOptions()}
            required
            invalidMessage="Choose the country of your mailing address"
          />
        </fieldset>

        <fieldset class="section">
          <legend>How you want to get your ballot</legend>
          <RadioGroup
            {...field('ballotDelivery')}
            legend="Send my blank ballot"
            options={options(DELIVERY_LABELS)}
            required
            invalidMessage="Choose how you want to get your ballot"
          />
          <TextField
            {...field('contact.email')}
            type="email"
            label="E-mail address"
            hint="We write to you at each step, with a link: never an attachment."
            autocomplete="email"
            spellcheck={false}
            maxLength={254}
            markOptional={false}
            invalidMessage="This e-mail address does not look right. Please check it."
          />
          <TextField
            {...field('contact.phone')}
            type="tel"
            label="Phone number"
            hint="With the country code, for example +49 30 1234567"
            autocomplete="tel"
            width="medium"
            maxLength={40}
          />
          <TextField
            {...field('contact.fax')}
            type="tel"
            label="Fax number"
            hint="Needed if you want your ballot by fax"
            width="medium"
            maxLength={40}
            markOptional={false}
          />
          <SmsOptInFields field={field} checked={v('contact.smsOptIn') === 'yes'} />
          <RadioGroup
            {...field('paperSize')}
            legend="Paper size of your printer"
            hint="Leave it and we choose by your country."
            options={[
              { value: 'letter', label: 'US Letter' },
              { value: 'a4', label: 'A4' },
            ]}
          />
          <TextField
            {...field('party')}
            label="Party"
            hint="Only for primary elections in states where you vote in a party's primary."
            width="medium"
            maxLength={100}
          />
        </fieldset>

        <fieldset class="section">
          <legend>Your signature</legend>
          <p>
            I swear or affirm, under penalty of perjury, that the information on this form is true, that I am
            a U.S. citizen, at least 18 years of age (or will be by the day of the election), eligible to vote
            in the requested jurisdiction, and that I am not disqualified to vote. I understand that a
            material misstatement of fact is grounds for conviction of perjury.
          </p>
          <Checkbox
            {...field('affirmation.accepted')}
            checked={v('affirmation.accepted') === 'yes'}
            required
            label="I agree: this is my signature"
            invalidMessage="You must accept the affirmation (your signature) before sending the form."
          />
        </fieldset>
        <button type="submit" class="button">
          Send my request
        </button>
      </form>
    </>
  );
}
