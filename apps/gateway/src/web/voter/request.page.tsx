import type { BallotRequestInput } from '@uocava/domain';
import { US_STATE_CODES } from '@uocava/domain';
import {
  Checkbox,
  ErrorSummary,
  RadioGroup,
  SelectField,
  SummaryList,
  TextField,
  type FieldErrors,
  type Option,
} from '../components';
import { countryOptions, countryName } from '../countries';
import { REQUEST_FIELDS, type FormValues } from './request-form';

export interface OfficeChoice {
  jurisdictionId: string;
  name: string;
  state: string;
}

export const VOTER_CLASS_LABELS: Record<BallotRequestInput['voterClass'], string> = {
  'active-duty': 'I am on active duty in the Uniformed Services or the Merchant Marine',
  'active-duty-spouse-or-dependent':
    'I am the spouse or dependant of a member of the Uniformed Services or Merchant Marine on active duty',
  'citizen-abroad-intent-to-return': 'I am a U.S. citizen living abroad, and I intend to return',
  'citizen-abroad-return-uncertain': 'I am a U.S. citizen living abroad, and my return is not certain',
  'citizen-abroad-never-resided': 'I am a U.S. citizen living abroad, and I have never lived in the U.S.',
};

export const DELIVERY_LABELS: Record<BallotRequestInput['ballotDelivery'], string> = {
  email: 'By e-mail: we send you a link to download it',
  online: 'Online: you download it from this website',
  fax: 'By fax',
  mail: 'By post',
};

const ID_LABELS: Record<BallotRequestInput['identification']['type'], string> = {
  'drivers-license': "Driver's license number",
  'state-id': 'State ID card number',
  ssn4: 'Last 4 digits of my Social Security Number',
  none: 'I do not have any of these numbers',
};

const options = (labels: Record<string, string>): Option[] =>
  Object.entries(labels).map(([value, label]) => ({ value, label }));

function officeGroups(offices: OfficeChoice[]) {
  const byState = new Map<string, Option[]>();
  for (const o of offices) {
    const list = byState.get(o.state) ?? [];
    list.push({ value: o.jurisdictionId, label: o.name });
    byState.set(o.state, list);
  }
  return [...byState.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([state, opts]) => ({ label: state, options: opts }));
}

const STATE_OPTIONS: Option[] = US_STATE_CODES.map((s) => ({ value: s, label: s }));

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

function mask(value: string): string {
  return value.length <= 2 ? '••' : `${'•'.repeat(value.length - 2)}${value.slice(-2)}`;
}

/** What the voter sent, for their records (the ID number masked: the page may be on a shared computer). */
export function SubmittedCopy({ input, office }: { input: BallotRequestInput; office: string }) {
  const name = [input.name.first, input.name.middle, input.name.last, input.name.suffix]
    .filter(Boolean)
    .join(' ');
  const r = input.votingResidence;
  const m = input.mailingAddress;
  return (
    <SummaryList
      rows={[
        ['Election office', office],
        ['You are', VOTER_CLASS_LABELS[input.voterClass]],
        ['Name', name],
        ...(input.previousName
          ? ([['Previous name', `${input.previousName.first} ${input.previousName.last}`]] as Array<
              [string, string]
            >)
          : []),
        ['Date of birth', input.dateOfBirth],
        [
          'Identification',
          input.identification.type === 'none'
            ? 'None (you confirmed you have no number)'
            : `${ID_LABELS[input.identification.type]}: ${mask(input.identification.value ?? '')}`,
        ],
        [
          'Voting residence',
          [r.street, r.unit, `${r.city}, ${r.state} ${r.zip}`, r.county].filter(Boolean).join(', '),
        ],
        [
          'Mailing address',
          [...m.lines, m.city, m.region, m.postalCode, countryName(m.country)].filter(Boolean).join(', '),
        ],
        ['Ballot by', DELIVERY_LABELS[input.ballotDelivery]],
        ['E-mail', input.contact.email ?? '—'],
        ['Phone', input.contact.phone ?? '—'],
        ['Fax', input.contact.fax ?? '—'],
        [
          'Paper size',
          input.paperSize === 'a4' ? 'A4' : input.paperSize === 'letter' ? 'US Letter' : 'Chosen for you',
        ],
        ...(input.party ? ([['Party', input.party]] as Array<[string, string]>) : []),
        ['Signed on', input.affirmation.signedOn],
      ]}
    />
  );
}

/** The answer to a resubmission: no tracking code here (it is e-mailed to the address on file). */
export function AlreadyRequestedPage({ detail }: { detail: string }) {
  return (
    <>
      <h1>You already have a request</h1>
      <p class="lead">{detail}</p>
      <p>
        With the tracking code and your date of birth you can <a href="/track">follow your ballot</a>.
      </p>
    </>
  );
}

export function RequestConfirmationPage({
  trackingCode,
  input,
  office,
}: {
  trackingCode: string;
  input: BallotRequestInput;
  office: string;
}) {
  return (
    <>
      <div class="panel" role="status">
        <h1>Request received</h1>
        <p>Your tracking code is</p>
        <p>
          <strong class="code" data-tracking-code>
            {trackingCode}
          </strong>
        </p>
      </div>
      <p>
        Write the tracking code down or print this page. You need it, with your date of birth, to follow your
        ballot.
      </p>
      <h2>What happens next</h2>
      <ol>
        <li>Your election office checks your request against the voter roll, usually within a few days.</li>
        <li>
          When your ballot is ready,{' '}
          {input.contact.email ? 'we e-mail you a link to it' : 'your election office sends it'}. Print it,
          mark it, sign the declaration and send it back as the instructions say.
        </li>
        <li>Every step is recorded with a receipt you can check yourself.</li>
      </ol>
      <p class="button-row no-print">
        <a class="button" href={`/track?code=${encodeURIComponent(trackingCode)}`}>
          Track your ballot
        </a>
        <button type="button" class="button secondary" data-print hidden>
          Print this page
        </button>
      </p>
      <h2>What you sent</h2>
      <SubmittedCopy input={input} office={office} />
    </>
  );
}
