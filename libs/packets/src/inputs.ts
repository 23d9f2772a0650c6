/** Everything a packet is rendered from, read in the caller's tenant transaction. */
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  packetSource,
  packetSourcesOf,
  stateRulesOfJurisdiction,
  type JurisdictionKeys,
  type PacketSourceRow,
  type SqlExecutor,
} from '@uocava/database';
import { choosePaperSize, type ElectionOffice, type PacketInput } from '@uocava/ballot-pdf';
import {
  isElectronicReturnAllowed,
  oathAttestation,
  oathAttestationText,
  returnAddressLines,
  type ElectionDefinition,
  type StateRules,
} from '@uocava/domain';
import countries from 'i18n-iso-countries';
import en from 'i18n-iso-countries/langs/en.json';
import { trackingUrl } from './links';

countries.registerLocale(en);
const countryName = (code: string): string => countries.getName(code, 'en') ?? code;

/** The office block printed on packets, from the jurisdiction's settings. */
export interface JurisdictionSettings {
  office?: Partial<ElectionOffice>;
}

/** Which packet: the request, the election, the ballot id it will carry and its style. */
export interface PacketRef {
  requestId: string;
  electionId: string;
  ballotId: string;
  styleId: string;
}

/**
 * Everything a packet is rendered from, read inside the caller's tenant transaction. The ballots
 * service renders from it, and the download path renders again from it and checks the hash.
 */
export async function loadPacketInput(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  ref: PacketRef,
): Promise<PacketInput> {
  const row = await packetSource(tx, keys.jurisdictionId, ref.requestId, ref.electionId);
  if (row === undefined) throw new Error('ballot request or election not found');
  return packetInputOf(
    keys,
    ref,
    row,
    row.definition as ElectionDefinition,
    await stateRulesOfJurisdiction(tx, keys.jurisdictionId),
  );
}

/**
 * `loadPacketInput` of many packets of one jurisdiction: their sources in one query, the state's
 * rules once, the election definitions from `definitions` (by election id: the caller read them
 * with the elections). In the refs' order; undefined where the request or election is not stored.
 */
export async function loadPacketInputs(
  tx: SqlExecutor,
  keys: JurisdictionKeys,
  refs: readonly PacketRef[],
  definitions: ReadonlyMap<string, ElectionDefinition>,
): Promise<Array<PacketInput | undefined>> {
  if (refs.length === 0) return [];
  const rows = await packetSourcesOf(tx, keys.jurisdictionId, refs, { definitions: false });
  const rules = await stateRulesOfJurisdiction(tx, keys.jurisdictionId);
  return refs.map((ref, i) => {
    const row = rows[i];
    const definition = definitions.get(ref.electionId);
    return row === undefined || definition === undefined
      ? undefined
      : packetInputOf(keys, ref, row, definition, rules);
  });
}

/** A packet's input from its stored source (the sealed request opened here) and the state's rules. */
function packetInputOf(
  keys: JurisdictionKeys,
  ref: PacketRef,
  row: PacketSourceRow,
  definition: ElectionDefinition,
  rules: StateRules | undefined,
): PacketInput {
  const pii = keys.openJson<Pick<BallotRequestInput, 'name' | 'mailingAddress'>>(
    `request:${ref.requestId}`,
    row.pii,
  );
  const name = [pii.name.first, pii.name.middle, pii.name.last, pii.name.suffix].filter(Boolean).join(' ');
  const office = (row.jurisdictionSettings as JurisdictionSettings).office ?? {};
  // the state's rules (docs/state-rules.md): who attests the oath, which electronic returns the
  // instructions may offer; a state without a table prints what it printed before
  const attestation = oathAttestation(rules);
  const attestationText = oathAttestationText(rules);
  return {
    voter: {
      name,
      trackingCode: row.trackingCode,
      ballotId: ref.ballotId,
      trackingUrl: trackingUrl(row.trackingCode),
      // the return envelope's sender: the voter's mailing address (docs/ballot-packets.md)
      ...(pii.mailingAddress ? { returnAddress: returnAddressLines(pii.mailingAddress, countryName) } : {}),
    },
    election: definition,
    styleId: ref.styleId,
    office: {
      name: office.name ?? `${row.jurisdictionName} Election Office`,
      mailingAddress: office.mailingAddress ?? [row.jurisdictionName],
      fax: isElectronicReturnAllowed(rules, 'fax') ? office.fax : undefined,
      email: isElectronicReturnAllowed(rules, 'email') ? office.email : undefined,
      phone: office.phone,
      oath: office.oath,
    },
    paperSize: row.paperSize ?? choosePaperSize(undefined, row.mailingCountry),
    militaryPost: row.militaryPost,
    ...(attestation !== 'none' && attestationText !== undefined
      ? { oathAttestation: { kind: attestation, text: attestationText } }
      : {}),
    // the request's language (docs/ballot-packets.md, "Languages"); English packets leave it out,
    // so that their inputs digest is the one recorded before packets had a language
    ...(row.language !== 'en' ? { language: row.language } : {}),
  };
}
