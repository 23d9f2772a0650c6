/**
 * Hostile or malformed ballot-request bodies, each with the field(s) validateBallotRequest must
 * name. Shared with the gateway's HTTP integration test (replay each body, expect 400 naming
 * these fields). Evaluate with FIXTURE_TODAY (2026-03-01) or any later date.
 */
import { validFpcaExample } from './fixtures';

export interface HostileRequest {
  name: string;
  body: unknown;
  expectedFields: string[];
}

type Json = Record<string, unknown>;
/** The valid example with a change applied (deep copy first). */
function mutate(change: (b: Json) => void): Json {
  const b = JSON.parse(JSON.stringify(validFpcaExample())) as Json;
  change(b);
  return b;
}
const obj = (b: Json, k: string): Json => b[k] as Json;

export const HOSTILE_REQUESTS: HostileRequest[] = [
  { name: 'null body', body: null, expectedFields: ['(body)'] },
  { name: 'array body', body: [validFpcaExample()], expectedFields: ['(body)'] },
  { name: 'string body', body: 'jane doe', expectedFields: ['(body)'] },
  { name: 'number body', body: 42, expectedFields: ['(body)'] },
  {
    name: 'empty object',
    body: {},
    expectedFields: [
      'jurisdictionId',
      'voterClass',
      'name',
      'dateOfBirth',
      'identification',
      'votingResidence',
      'mailingAddress',
      'contact',
      'ballotDelivery',
      'affirmation',
    ],
  },
  {
    name: 'missing first name',
    body: mutate((b) => delete obj(b, 'name').first),
    expectedFields: ['name.first'],
  },
  { name: 'empty last name', body: mutate((b) => (obj(b, 'name').last = '')), expectedFields: ['name.last'] },
  {
    name: 'blank first name (spaces only)',
    body: mutate((b) => (obj(b, 'name').first = '   ')),
    expectedFields: ['name.first'],
  },
  { name: 'name is a string', body: mutate((b) => (b.name = 'Jane Doe')), expectedFields: ['name'] },
  { name: 'name is an array', body: mutate((b) => (b.name = ['Jane', 'Doe'])), expectedFields: ['name'] },
  {
    name: 'first name is a number',
    body: mutate((b) => (obj(b, 'name').first = 12)),
    expectedFields: ['name.first'],
  },
  {
    name: 'last name of digits only',
    body: mutate((b) => (obj(b, 'name').last = '12345')),
    expectedFields: ['name.last'],
  },
  { name: 'unknown top-level field', body: mutate((b) => (b.isAdmin = true)), expectedFields: ['isAdmin'] },
  {
    name: 'unknown nested field',
    body: mutate((b) => (obj(b, 'name').nickname = 'JJ')),
    expectedFields: ['name.nickname'],
  },
  {
    name: '__proto__ key (prototype pollution)',
    body: JSON.parse(
      JSON.stringify(validFpcaExample()).replace(/^\{/, '{"__proto__":{"isAdmin":true},'),
    ) as unknown,
    expectedFields: ['__proto__'],
  },
  {
    name: 'constructor.prototype key',
    body: JSON.parse(
      JSON.stringify(validFpcaExample()).replace(/^\{/, '{"constructor":{"prototype":{"isAdmin":true}},'),
    ) as unknown,
    expectedFields: ['constructor'],
  },
  {
    name: 'nested __proto__ key',
    body: JSON.parse(
      JSON.stringify(validFpcaExample()).replace('"name":{', '"name":{"__proto__":{"polluted":1},'),
    ) as unknown,
    expectedFields: ['name.__proto__'],
  },
  {
    name: 'impossible date of birth 2024-02-30',
    body: mutate((b) => (b.dateOfBirth = '2024-02-30')),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'date of birth month 13',
    body: mutate((b) => (b.dateOfBirth = '1990-13-01')),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'date of birth 1900-02-29 (not a leap year)',
    body: mutate((b) => (b.dateOfBirth = '1900-02-29')),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'date of birth in the future',
    body: mutate((b) => (b.dateOfBirth = '2999-01-01')),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'date of birth in US format',
    body: mutate((b) => (b.dateOfBirth = '11/12/1993')),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'date of birth as a timestamp number',
    body: mutate((b) => (b.dateOfBirth = 753062400000)),
    expectedFields: ['dateOfBirth'],
  },
  {
    name: 'affirmation not accepted',
    body: mutate((b) => (obj(b, 'affirmation').accepted = false)),
    expectedFields: ['affirmation.accepted'],
  },
  {
    name: 'affirmation accepted as string "yes"',
    body: mutate((b) => (obj(b, 'affirmation').accepted = 'yes')),
    expectedFields: ['affirmation.accepted'],
  },
  {
    name: 'affirmation signed in the future',
    body: mutate((b) => (obj(b, 'affirmation').signedOn = '2999-12-31')),
    expectedFields: ['affirmation.signedOn'],
  },
  { name: 'affirmation missing', body: mutate((b) => delete b.affirmation), expectedFields: ['affirmation'] },
  {
    name: 'bidi override (U+202E) in last name',
    body: mutate((b) => (obj(b, 'name').last = 'Doe\u202Egpj.exe')),
    expectedFields: ['name.last'],
  },
  {
    name: 'bidi isolate (U+2067) in street',
    body: mutate((b) => (obj(b, 'votingResidence').street = '3818 \u2067Belmont Ave')),
    expectedFields: ['votingResidence.street'],
  },
  {
    name: 'zero-width space in first name',
    body: mutate((b) => (obj(b, 'name').first = 'Ja\u200Bne')),
    expectedFields: ['name.first'],
  },
  {
    name: 'NUL control character in city',
    body: mutate((b) => (obj(b, 'mailingAddress').city = 'Berlin\u0000')),
    expectedFields: ['mailingAddress.city'],
  },
  {
    name: 'newline in mailing address line',
    body: mutate((b) => (obj(b, 'mailingAddress').lines = ['Hauptstraße 5\r\nBCC: x'])),
    expectedFields: ['mailingAddress.lines[0]'],
  },
  {
    name: 'APO with state CA',
    body: mutate(
      (b) =>
        (b.mailingAddress = {
          lines: ['Unit 2050 Box 4190'],
          city: 'APO',
          region: 'CA',
          postalCode: '09096',
          country: 'US',
        }),
    ),
    expectedFields: ['mailingAddress.region'],
  },
  {
    name: 'region AE with an ordinary city',
    body: mutate(
      (b) =>
        (b.mailingAddress = {
          lines: ['PSC 1234 Box 5678'],
          city: 'Chicago',
          region: 'AE',
          postalCode: '09012',
          country: 'US',
        }),
    ),
    expectedFields: ['mailingAddress.city'],
  },
  {
    name: 'FPO without ZIP code',
    body: mutate(
      (b) => (b.mailingAddress = { lines: ['USS Ronald Reagan'], city: 'FPO', region: 'AP', country: 'US' }),
    ),
    expectedFields: ['mailingAddress.postalCode'],
  },
  {
    name: 'APO AP with an AE ZIP',
    body: mutate(
      (b) =>
        (b.mailingAddress = {
          lines: ['Unit 45013 Box 2666'],
          city: 'APO',
          region: 'AP',
          postalCode: '09096',
          country: 'US',
        }),
    ),
    expectedFields: ['mailingAddress.postalCode'],
  },
  {
    name: 'APO address with country DE',
    body: mutate(
      (b) =>
        (b.mailingAddress = {
          lines: ['Unit 2050 Box 4190'],
          city: 'APO',
          region: 'AE',
          postalCode: '09096',
          country: 'DE',
        }),
    ),
    expectedFields: ['mailingAddress.country'],
  },
  {
    name: 'unknown country code XX',
    body: mutate((b) => (obj(b, 'mailingAddress').country = 'XX')),
    expectedFields: ['mailingAddress.country'],
  },
  {
    name: 'country name instead of code',
    body: mutate((b) => (obj(b, 'mailingAddress').country = 'Germany')),
    expectedFields: ['mailingAddress.country'],
  },
  {
    name: 'lower-case country code',
    body: mutate((b) => (obj(b, 'mailingAddress').country = 'de')),
    expectedFields: ['mailingAddress.country'],
  },
  {
    name: 'unknown state code ZZ',
    body: mutate((b) => (obj(b, 'votingResidence').state = 'ZZ')),
    expectedFields: ['votingResidence.state'],
  },
  {
    name: 'military region as voting residence',
    body: mutate((b) => (obj(b, 'votingResidence').state = 'AE')),
    expectedFields: ['votingResidence.state'],
  },
  {
    name: 'ZIP code with letters',
    body: mutate((b) => (obj(b, 'votingResidence').zip = '4450A')),
    expectedFields: ['votingResidence.zip'],
  },
  {
    name: 'ZIP code of 4 digits',
    body: mutate((b) => (obj(b, 'votingResidence').zip = '4450')),
    expectedFields: ['votingResidence.zip'],
  },
  {
    name: 'bad e-mail address',
    body: mutate((b) => (obj(b, 'contact').email = 'jane.doe@')),
    expectedFields: ['contact.email'],
  },
  {
    name: 'e-mail delivery without e-mail',
    body: mutate((b) => (b.contact = {})),
    expectedFields: ['contact.email'],
  },
  {
    name: 'fax delivery without fax number',
    body: mutate((b) => (b.ballotDelivery = 'fax')),
    expectedFields: ['contact.fax'],
  },
  {
    name: 'unknown delivery method',
    body: mutate((b) => (b.ballotDelivery = 'carrier-pigeon')),
    expectedFields: ['ballotDelivery'],
  },
  {
    name: 'unknown voter class',
    body: mutate((b) => (b.voterClass = 'tourist')),
    expectedFields: ['voterClass'],
  },
  {
    name: 'ssn4 with 5 digits',
    body: mutate((b) => (b.identification = { type: 'ssn4', value: '12345' })),
    expectedFields: ['identification.value'],
  },
  {
    name: 'ssn4 with letters',
    body: mutate((b) => (b.identification = { type: 'ssn4', value: '12a4' })),
    expectedFields: ['identification.value'],
  },
  {
    name: 'full SSN given as ssn4',
    body: mutate((b) => (b.identification = { type: 'ssn4', value: '123-45-6789' })),
    expectedFields: ['identification.value'],
  },
  {
    name: 'driver license with symbols',
    body: mutate((b) => (b.identification = { type: 'drivers-license', value: 'AB<script>' })),
    expectedFields: ['identification.value'],
  },
  {
    name: 'ID type none without attestation',
    body: mutate((b) => (b.identification = { type: 'none' })),
    expectedFields: ['identification.attestNoId'],
  },
  {
    name: 'ID type none with a value',
    body: mutate((b) => (b.identification = { type: 'none', attestNoId: true, value: '1234' })),
    expectedFields: ['identification'],
  },
  {
    name: 'ID number missing',
    body: mutate((b) => (b.identification = { type: 'ssn4' })),
    expectedFields: ['identification.value'],
  },
  {
    name: 'unknown ID type passport',
    body: mutate((b) => (b.identification = { type: 'passport', value: 'X1234567' })),
    expectedFields: ['identification.type'],
  },
  {
    name: 'huge first name (100 000 characters)',
    body: mutate((b) => (obj(b, 'name').first = 'A'.repeat(100_000))),
    expectedFields: ['name.first'],
  },
  {
    name: 'huge street (1 MB)',
    body: mutate((b) => (obj(b, 'votingResidence').street = 'x'.repeat(1_000_000))),
    expectedFields: ['votingResidence.street'],
  },
  {
    name: 'too many address lines',
    body: mutate((b) => (obj(b, 'mailingAddress').lines = ['a', 'b', 'c', 'd', 'e', 'f'])),
    expectedFields: ['mailingAddress.lines'],
  },
  {
    name: 'empty address lines',
    body: mutate((b) => (obj(b, 'mailingAddress').lines = [])),
    expectedFields: ['mailingAddress.lines'],
  },
  {
    name: 'address lines as an object',
    body: mutate((b) => (obj(b, 'mailingAddress').lines = { 0: 'Hauptstraße 5' })),
    expectedFields: ['mailingAddress.lines'],
  },
  {
    name: 'address line is a number',
    body: mutate((b) => (obj(b, 'mailingAddress').lines = [5])),
    expectedFields: ['mailingAddress.lines[0]'],
  },
  {
    name: 'voting residence is null',
    body: mutate((b) => (b.votingResidence = null)),
    expectedFields: ['votingResidence'],
  },
  {
    name: 'contact is an array',
    body: mutate((b) => (b.contact = ['jane.doe@example.org'])),
    expectedFields: ['contact'],
  },
  {
    name: 'jurisdiction id with path traversal',
    body: mutate((b) => (b.jurisdictionId = '../../etc/passwd')),
    expectedFields: ['jurisdictionId'],
  },
  {
    name: 'jurisdiction id SQL injection',
    body: mutate((b) => (b.jurisdictionId = "x'; DROP TABLE ballot_requests;--")),
    expectedFields: ['jurisdictionId'],
  },
  { name: 'unsupported language', body: mutate((b) => (b.language = 'xx')), expectedFields: ['language'] },
  { name: 'unknown paper size', body: mutate((b) => (b.paperSize = 'legal')), expectedFields: ['paperSize'] },
  {
    name: 'phone with letters',
    body: mutate((b) => (obj(b, 'contact').phone = 'call me maybe')),
    expectedFields: ['contact.phone'],
  },
  {
    name: 'several problems at once',
    body: mutate((b) => {
      obj(b, 'name').first = '';
      b.dateOfBirth = '2024-02-30';
      obj(b, 'mailingAddress').country = 'XX';
      obj(b, 'affirmation').accepted = false;
    }),
    expectedFields: ['name.first', 'dateOfBirth', 'mailingAddress.country', 'affirmation.accepted'],
  },
];
