import ohioExample from '@uocava/contracts/standards/nist-1500-102-voter-records/example_ohio_registration.json';
import { FIXTURE_TODAY } from './fixtures';
import { fromVriRequest } from './vri';

type Json = Record<string, unknown>;
const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v)) as T;

/** The NIST Ohio example turned into an FPCA from a voter living in Germany. */
function fpcaFromOhioExample(): Json {
  const r = clone(ohioExample) as unknown as Json;
  r.GeneratedDate = '2017-07-30'; // the published example writes 2017-7-30, which is not an xs:date
  r.Type = ['registration', 'ballot-request'];
  r.Form = 'fpca';
  delete r.OtherForm;
  r.AdditionalInfo = [
    { '@type': 'VRI.AdditionalInfo', Name: 'JurisdictionId', StringValue: 'us-oh-mahoning' },
  ];
  r.BallotRequest = { '@type': 'VRI.PermanentBallotRequest', BallotReceiptPreference: ['email-or-online'] };
  const s = r.Subject as Json;
  s.DateOfBirth = '1993-11-12';
  (s.VoterClassification as Json[]).push({
    '@type': 'VRI.VoterClassification',
    Assertion: 'yes',
    Type: 'citizen-abroad-intent-to-return',
  });
  s.Signature = { '@type': 'VRI.Signature', Date: '2026-02-20', Source: 'voter', Type: 'electronic' };
  s.MailingAddress = {
    '@type': 'addr.GeneralAddressClass_type',
    GeneralAddress: 'Hauptstraße 5',
    CompletePlaceName: {
      '@type': 'addr_type.CompletePlaceName_type',
      PlaceName: [
        { '@type': 'addr_type.PlaceName_type', PlaceNameType: 'MunicipalJurisdiction', Value: 'Berlin' },
      ],
    },
    ZipCode: '10115',
    CountryName: 'Germany',
  };
  return r;
}

const fieldsOf = (body: unknown): string[] => {
  const r = fromVriRequest(body, FIXTURE_TODAY);
  return r.ok ? [] : r.problems.map((p) => p.field);
};

describe('fromVriRequest', () => {
  it('maps the adapted NIST example to a valid BallotRequestInput', () => {
    const r = fromVriRequest(fpcaFromOhioExample(), FIXTURE_TODAY);
    if (!r.ok) throw new Error(JSON.stringify(r.problems));
    expect(r.value).toEqual({
      jurisdictionId: 'us-oh-mahoning',
      voterClass: 'citizen-abroad-intent-to-return',
      name: { first: 'JANE', middle: 'A', last: 'DOE' },
      dateOfBirth: '1993-11-12',
      identification: { type: 'drivers-license', value: 'AA999888' },
      votingResidence: {
        street: '3818 BELMONT AVE',
        city: 'YOUNGSTOWN',
        state: 'OH',
        zip: '44505',
        county: '78',
      },
      mailingAddress: { lines: ['Hauptstraße 5'], city: 'Berlin', postalCode: '10115', country: 'DE' },
      contact: { phone: '(330) 614-8004', email: 'JDOE@TESTEMAIL.COM' },
      ballotDelivery: 'email',
      affirmation: { accepted: true, signedOn: '2026-02-20' },
    });
  });

  it('takes the jurisdiction from the options, and a military post mailing address', () => {
    const b = fpcaFromOhioExample();
    (b.Subject as Json).MailingAddress = {
      '@type': 'addr.GeneralAddressClass_type',
      GeneralAddress: 'Unit 2050 Box 4190',
      CompletePlaceName: {
        '@type': 'addr_type.CompletePlaceName_type',
        PlaceName: [{ '@type': 'addr_type.PlaceName_type', Value: 'APO' }],
      },
      StateName: 'AE',
      ZipCode: '09096',
    };
    const r = fromVriRequest(b, FIXTURE_TODAY, { jurisdictionId: 'us-oh' });
    expect(r).toMatchObject({
      ok: true,
      value: { jurisdictionId: 'us-oh', mailingAddress: { city: 'APO', region: 'AE', country: 'US' } },
    });
  });

  it("takes the voter's language preference from AdditionalInfo Language, and refuses one we do not speak", () => {
    const b = fpcaFromOhioExample();
    const info = b.AdditionalInfo as Json[];
    info.push({ '@type': 'VRI.AdditionalInfo', Name: 'Language', StringValue: 'es' });
    expect(fromVriRequest(b, FIXTURE_TODAY)).toMatchObject({ ok: true, value: { language: 'es' } });
    info[1].StringValue = 'tlh';
    expect(fieldsOf(b)).toEqual(['AdditionalInfo[1].StringValue']);
  });

  it('keeps only the last four digits of a full SSN', () => {
    const b = fpcaFromOhioExample();
    (b.Subject as Json).VoterId = [{ '@type': 'VRI.VoterId', Type: 'ssn', StringValue: '123-45-6789' }];
    expect(fromVriRequest(b, FIXTURE_TODAY)).toMatchObject({
      ok: true,
      value: { identification: { type: 'ssn4', value: '6789' } },
    });
  });

  it('the published example itself is not an FPCA and not schema-valid (dates), with the VRI paths named', () => {
    expect(fieldsOf(ohioExample)).toEqual(expect.arrayContaining(['GeneratedDate', 'Subject.DateOfBirth']));
  });

  it('names schema problems by their VRI path, without the noise of the other address types', () => {
    const b = fpcaFromOhioExample();
    const s = b.Subject as Json;
    (s.Name as Json).FirstName = 7;
    ((s.ResidenceAddress as Json).CompleteStreetName as Json).Colour = 'blue';
    s.Shoe = 1;
    const r = fromVriRequest(b, FIXTURE_TODAY);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problems.map((p) => p.field).sort()).toEqual([
      'Subject.Name.FirstName',
      'Subject.ResidenceAddress.CompleteStreetName.Colour',
      'Subject.Shoe',
    ]);
    expect(r.problems.find((p) => p.field === 'Subject.Name.FirstName')?.pointer).toBe(
      '/Subject/Name/FirstName',
    );
  });

  it.each<[string, (b: Json) => void, string[]]>([
    ['not an FPCA', (b) => (b.Form = 'nvra'), ['Form']],
    ['not a ballot request', (b) => (b.Type = ['registration']), ['Type']],
    [
      'no UOCAVA classification',
      (b) => ((b.Subject as Json).VoterClassification = []),
      ['Subject.VoterClassification'],
    ],
    ['no signature', (b) => delete (b.Subject as Json).Signature, ['Subject.Signature']],
    [
      'signature dated in the future',
      (b) => (((b.Subject as Json).Signature as Json).Date = '2999-01-01'),
      ['Subject.Signature.Date'],
    ],
    [
      'impossible birth date',
      (b) => ((b.Subject as Json).DateOfBirth = '1993-02-30'),
      ['Subject.DateOfBirth'],
    ],
    [
      'bidi override in last name',
      (b) => (((b.Subject as Json).Name as Json).LastName = 'DO\u202EE'),
      ['Subject.Name.LastName'],
    ],
    [
      'unknown country',
      (b) => (((b.Subject as Json).MailingAddress as Json).CountryName = 'Atlantis'),
      ['Subject.MailingAddress.CountryName'],
    ],
    [
      'bad residence ZIP',
      (b) => (((b.Subject as Json).ResidenceAddress as Json).ZipCode = '4450'),
      ['Subject.ResidenceAddress.ZipCode'],
    ],
    ['no ID and no attestation', (b) => ((b.Subject as Json).VoterId = []), ['Subject.VoterId']],
    [
      'bad ssn4',
      (b) => ((b.Subject as Json).VoterId = [{ '@type': 'VRI.VoterId', Type: 'ssn4', StringValue: '12' }]),
      ['Subject.VoterId[0].StringValue'],
    ],
    [
      'e-mail delivery without e-mail',
      (b) => ((b.Subject as Json).ContactMethod = []),
      ['Subject.ContactMethod'],
    ],
    [
      'no delivery preference',
      (b) => (b.BallotRequest = { '@type': 'VRI.PermanentBallotRequest' }),
      ['BallotRequest.BallotReceiptPreference'],
    ],
    ['no jurisdiction', (b) => (b.AdditionalInfo = []), ['AdditionalInfo']],
    ['wrong @type of the request', (b) => (b['@type'] = 'VRI.VoterRecordResults'), ['["@type"]']],
    ['null', () => undefined, []],
  ])('rejects: %s', (name, change, expected) => {
    const b = fpcaFromOhioExample();
    change(b);
    const fields = fieldsOf(name === 'null' ? null : b);
    if (name === 'null') expect(fields).toEqual(['(body)']);
    for (const f of expected) expect(fields).toContain(f);
  });
});
