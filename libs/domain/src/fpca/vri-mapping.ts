/**
 * Maps a schema-valid VRI `VoterRecordsRequest` to the BallotRequestInput of the JSON route,
 * recording for each of our fields the VRI path it came from.
 */
import { isRecord } from '@uocava/contracts/values';
import { VOTER_CLASSES, type BallotDeliveryMethod, type VoterClass } from '../vocabulary';
import type {
  BallotRequestInput,
  FieldProblem,
  IdentificationInput,
  PersonName,
} from '@uocava/contracts/http/ballot-request';
import { countryCodeFor } from './geo';
import { vriPathToPointer } from './vri-schema';

type Json = Record<string, unknown>;

const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const valueOf = (v: unknown): string => (isRecord(v) ? (str(v.Value) ?? '') : '');
const joinWords = (parts: Array<string | undefined>): string =>
  parts
    .filter((p): p is string => p !== undefined && p.trim() !== '')
    .map((p) => p.trim())
    .join(' ');

interface AddressParts {
  street: string;
  unit?: string;
  city: string;
  county?: string;
  state?: string;
  zip?: string;
  country?: string;
  /** Our sub-field -> VRI path. */
  paths: Record<string, string>;
}

function addressParts(addr: Json, base: string): AddressParts {
  const paths: Record<string, string> = {};
  let street = '';
  if (isRecord(addr.CompleteStreetName) || isRecord(addr.CompleteAddressNumber)) {
    const n = isRecord(addr.CompleteAddressNumber) ? addr.CompleteAddressNumber : {};
    const s = isRecord(addr.CompleteStreetName) ? addr.CompleteStreetName : {};
    street = joinWords([
      valueOf(n.AddressNumberPrefix) + (str(n.AddressNumber) ?? '') + valueOf(n.AddressNumberSuffix),
      valueOf(s.StreetNamePreModifier),
      valueOf(s.StreetNamePreDirectional),
      valueOf(s.StreetNamePreType),
      str(s.StreetName),
      valueOf(s.StreetNamePostType),
      valueOf(s.StreetNamePostDirectional),
      valueOf(s.StreetNamePostModifier),
    ]);
    paths.street = `${base}.CompleteStreetName`;
  } else if (typeof addr.GeneralAddress === 'string') {
    street = addr.GeneralAddress;
    paths.street = `${base}.GeneralAddress`;
  } else if (isRecord(addr.USPSBox)) {
    street = joinWords([str(addr.USPSBox.USPSBoxType), str(addr.USPSBox.USPSBoxId)]);
    paths.street = `${base}.USPSBox`;
  } else if (typeof addr.USPSGeneralDeliveryPoint === 'string') {
    street = addr.USPSGeneralDeliveryPoint;
    paths.street = `${base}.USPSGeneralDeliveryPoint`;
  } else {
    paths.street = base;
  }
  let unit: string | undefined;
  if (isRecord(addr.CompleteSubaddress)) {
    unit = arr(addr.CompleteSubaddress.SubaddressElement)
      .filter(isRecord)
      .map((e) => joinWords([str(e.SubaddressType), str(e.SubaddressIdentifier)]))
      .join(' ');
    paths.unit = `${base}.CompleteSubaddress`;
  }
  const placeKey = isRecord(addr.CompletePlaceName1) ? 'CompletePlaceName1' : 'CompletePlaceName';
  const place = addr[placeKey];
  let city = '';
  let county: string | undefined;
  paths.city = `${base}.${placeKey}`;
  if (isRecord(place)) {
    arr(place.PlaceName).forEach((p, i) => {
      if (!isRecord(p)) return;
      const v = str(p.Value) ?? '';
      if (p.PlaceNameType === 'County') {
        county = v;
        paths.county = `${base}.${placeKey}.PlaceName[${i}].Value`;
      } else if (city === '') {
        city = v;
        paths.city = `${base}.${placeKey}.PlaceName[${i}].Value`;
      }
    });
  }
  const zip = str(addr.ZipCode);
  const plus4 = str(addr.ZipPlus4);
  paths.state = `${base}.StateName`;
  paths.zip = `${base}.ZipCode`;
  paths.country = `${base}.CountryName`;
  return {
    street,
    unit: unit || undefined,
    city,
    county,
    state: str(addr.StateName),
    zip: zip !== undefined && plus4 ? `${zip}-${plus4}` : zip,
    country: str(addr.CountryName),
    paths,
  };
}

function postalAddress(
  addr: Json,
  base: string,
  pathMap: Record<string, string>,
  prefix: string,
): BallotRequestInput['mailingAddress'] {
  const p = addressParts(addr, base);
  const country =
    p.country === undefined || p.country.trim() === '' ? 'US' : (countryCodeFor(p.country) ?? p.country);
  pathMap[prefix] = base;
  pathMap[`${prefix}.lines`] = p.paths.street;
  pathMap[`${prefix}.city`] = p.paths.city;
  pathMap[`${prefix}.region`] = p.paths.state;
  pathMap[`${prefix}.postalCode`] = p.paths.zip;
  pathMap[`${prefix}.country`] = p.paths.country;
  const out: BallotRequestInput['mailingAddress'] = {
    lines: [p.unit ? `${p.street}, ${p.unit}` : p.street],
    city: p.city,
    country,
  };
  if (p.state) out.region = p.state;
  if (p.zip) out.postalCode = p.zip;
  return out;
}

function personName(n: Json, base: string, pathMap: Record<string, string>, prefix: string): PersonName {
  pathMap[prefix] = base;
  pathMap[`${prefix}.first`] = `${base}.FirstName`;
  pathMap[`${prefix}.middle`] = `${base}.MiddleName`;
  pathMap[`${prefix}.last`] = `${base}.LastName`;
  pathMap[`${prefix}.suffix`] = `${base}.Suffix`;
  const out: PersonName = { first: str(n.FirstName) ?? '', last: str(n.LastName) ?? '' };
  const middle = arr(n.MiddleName).filter((m): m is string => typeof m === 'string' && m.trim() !== '');
  if (middle.length) out.middle = middle.join(' ');
  if (str(n.Suffix)?.trim()) out.suffix = str(n.Suffix);
  return out;
}

function toIsoDate(v: string | undefined): string {
  // VRI dates are xs:date; a `T00:00:00` time part, seen in the wild, is dropped.
  return (v ?? '').replace(/T00:00:00(?:\.0+)?Z?$/, '');
}

/** Map a schema-valid VRI request; `pathMap` receives our field -> VRI path. */
export function mapVri(
  req: Json,
  pathMap: Record<string, string>,
  problems: FieldProblem[],
  jurisdictionId: string | undefined,
): unknown {
  const problemAt = (path: string, code: string, message: string): void => {
    problems.push({ field: path, pointer: vriPathToPointer(path), code, message });
  };
  if (req.Form !== 'fpca')
    problemAt('Form', 'not-fpca', 'Only Federal Post Card Applications (Form "fpca") are accepted here.');
  if (!arr(req.Type).includes('ballot-request'))
    problemAt('Type', 'not-ballot-request', 'Type must include "ballot-request".');

  const subject = isRecord(req.Subject) ? req.Subject : {};
  const body: Json = {};

  const info = arr(req.AdditionalInfo).filter(isRecord);
  const infoIdx = info.findIndex((i) => i.Name === 'JurisdictionId');
  body.jurisdictionId = jurisdictionId ?? (infoIdx >= 0 ? str(info[infoIdx].StringValue) : undefined) ?? '';
  pathMap.jurisdictionId =
    infoIdx >= 0
      ? `AdditionalInfo[${arr(req.AdditionalInfo).indexOf(info[infoIdx])}].StringValue`
      : 'AdditionalInfo';

  // voter class: exactly one UOCAVA classification asserted "yes"
  const classes = arr(subject.VoterClassification)
    .filter(isRecord)
    .filter((c) => c.Assertion === 'yes' && (VOTER_CLASSES as readonly unknown[]).includes(c.Type))
    .map((c) => c.Type as VoterClass);
  pathMap.voterClass = 'Subject.VoterClassification';
  if (classes.length !== 1) {
    problemAt(
      'Subject.VoterClassification',
      classes.length ? 'several-voter-classes' : 'required',
      `Exactly one UOCAVA voter classification (${VOTER_CLASSES.join(', ')}) must be asserted "yes".`,
    );
  } else body.voterClass = classes[0];

  if (isRecord(subject.Name)) body.name = personName(subject.Name, 'Subject.Name', pathMap, 'name');
  if (isRecord(subject.PreviousName))
    body.previousName = personName(subject.PreviousName, 'Subject.PreviousName', pathMap, 'previousName');
  body.dateOfBirth = toIsoDate(str(subject.DateOfBirth));
  pathMap.dateOfBirth = 'Subject.DateOfBirth';

  // identification: the first usable number; else an attestation of having none
  const ids = arr(subject.VoterId);
  let identification: IdentificationInput | undefined;
  pathMap.identification = 'Subject.VoterId';
  for (let i = 0; i < ids.length && !identification; i++) {
    const id = ids[i];
    if (!isRecord(id) || typeof id.StringValue !== 'string' || id.StringValue.trim() === '') continue;
    if (id.Type === 'drivers-license' || id.Type === 'state-id' || id.Type === 'ssn4') {
      identification = { type: id.Type, value: id.StringValue };
    } else if (id.Type === 'ssn' && /^\d{3}-?\d{2}-?(\d{4})$/.test(id.StringValue.trim())) {
      identification = { type: 'ssn4', value: id.StringValue.trim().slice(-4) }; // never keep the full SSN
    }
    if (identification) {
      pathMap['identification.value'] = `Subject.VoterId[${i}].StringValue`;
      pathMap['identification.type'] = `Subject.VoterId[${i}].Type`;
    }
  }
  if (!identification && ids.some((id) => isRecord(id) && id.AttestNoSuchId === true))
    identification = { type: 'none', attestNoId: true };
  if (identification) body.identification = identification;
  else
    problemAt(
      'Subject.VoterId',
      'missing-identification',
      "Give a driver's license, state ID or SSN last-4 number, or attest that you have none (AttestNoSuchId).",
    );

  if (isRecord(subject.ResidenceAddress)) {
    const p = addressParts(subject.ResidenceAddress, 'Subject.ResidenceAddress');
    const residence: Json = { street: p.street, city: p.city, state: p.state ?? '', zip: p.zip ?? '' };
    if (p.unit) residence.unit = p.unit;
    if (p.county) residence.county = p.county;
    body.votingResidence = residence;
    pathMap.votingResidence = 'Subject.ResidenceAddress';
    for (const k of Object.keys(p.paths)) pathMap[`votingResidence.${k}`] = p.paths[k];
  }
  if (isRecord(subject.MailingAddress)) {
    body.mailingAddress = postalAddress(
      subject.MailingAddress,
      'Subject.MailingAddress',
      pathMap,
      'mailingAddress',
    );
  } else if (subject.ResidenceAddressIsMailingAddress === true && isRecord(subject.ResidenceAddress)) {
    body.mailingAddress = postalAddress(
      subject.ResidenceAddress,
      'Subject.ResidenceAddress',
      pathMap,
      'mailingAddress',
    );
  } else {
    problemAt('Subject.MailingAddress', 'required', 'The mailing address is required.');
  }

  const ballotRequest = isRecord(req.BallotRequest) ? req.BallotRequest : {};
  if (isRecord(ballotRequest.MailForwardingAddress)) {
    body.forwardingAddress = postalAddress(
      ballotRequest.MailForwardingAddress,
      'BallotRequest.MailForwardingAddress',
      pathMap,
      'forwardingAddress',
    );
  }

  const contact: Json = {};
  pathMap.contact = 'Subject.ContactMethod';
  arr(subject.ContactMethod).forEach((c, i) => {
    if (!isRecord(c) || typeof c.Value !== 'string') return;
    const isFax = arr(c.Capability).includes('fax') || (c.Type === 'other' && c.OtherType === 'fax');
    const key = c.Type === 'email' ? 'email' : isFax ? 'fax' : c.Type === 'phone' ? 'phone' : undefined;
    if (key && contact[key] === undefined) {
      contact[key] = c.Value;
      pathMap[`contact.${key}`] = `Subject.ContactMethod[${i}].Value`;
    }
  });
  body.contact = contact;

  const prefs = arr(ballotRequest.BallotReceiptPreference);
  const pref = prefs[0];
  const delivery: BallotDeliveryMethod | undefined =
    pref === 'email-or-online' ? 'email' : (pref as BallotDeliveryMethod | undefined);
  pathMap.ballotDelivery = 'BallotRequest.BallotReceiptPreference';
  if (delivery) body.ballotDelivery = delivery;
  else
    problemAt(
      'BallotRequest.BallotReceiptPreference',
      'required',
      'Say how you want to receive your ballot (BallotReceiptPreference).',
    );

  if (isRecord(subject.Party) && typeof subject.Party.Name === 'string') {
    body.party = subject.Party.Name;
    pathMap.party = 'Subject.Party.Name';
  }
  const paper = info.find((i) => i.Name === 'PaperSize');
  if (paper && typeof paper.StringValue === 'string') body.paperSize = paper.StringValue;
  // the voter's language preference (the FPCA's), a BCP 47 tag: `en`, `es`
  const language = info.find((i) => i.Name === 'Language');
  if (language && typeof language.StringValue === 'string') {
    body.language = language.StringValue;
    pathMap.language = `AdditionalInfo[${arr(req.AdditionalInfo).indexOf(language)}].StringValue`;
  }

  // The FPCA's signed affirmation is the voter's Signature with its date.
  pathMap.affirmation = 'Subject.Signature';
  pathMap['affirmation.accepted'] = 'Subject.Signature';
  pathMap['affirmation.signedOn'] = 'Subject.Signature.Date';
  if (isRecord(subject.Signature)) {
    body.affirmation = { accepted: true, signedOn: toIsoDate(str(subject.Signature.Date)) };
  } else {
    problemAt(
      'Subject.Signature',
      'missing-voter-signature',
      'The FPCA must be signed: Subject.Signature with its Date is required.',
    );
  }
  return body;
}
