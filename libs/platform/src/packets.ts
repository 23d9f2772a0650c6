import type { EntityManager } from 'typeorm';
import type { BallotRequestInput } from '@uocava/contracts/http';
import type { JurisdictionKeys } from '@uocava/database';
import { choosePaperSize, type ElectionOffice, type PacketInput } from '@uocava/ballot-pdf';
import type { ElectionDefinition, PaperSize } from '@uocava/domain';

/** The office block printed on packets, from the jurisdiction's settings. */
export interface JurisdictionSettings {
  office?: Partial<ElectionOffice>;
}

export function publicBaseUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`).replace(
    /\/$/,
    '',
  );
}

/**
 * The voter's tracking page. The page asks for the date of birth; the link never carries it, so a
 * forwarded e-mail or a printed packet gives nobody more than the status page's question.
 */
export function trackingUrl(trackingCode: string): string {
  return `${publicBaseUrl()}/track?code=${encodeURIComponent(trackingCode)}`;
}

/** The HTML page of one ballot packet (with its download button), through the unguessable token. */
export function packetPageUrl(ballotId: string, token: string): string {
  return `${publicBaseUrl()}/ballot/${encodeURIComponent(ballotId)}?token=${encodeURIComponent(token)}`;
}

/** The unguessable download token of a ballot: derived with the jurisdiction's key, never stored. */
export function downloadToken(keys: JurisdictionKeys, ballotId: string): string {
  return keys.keyedHash('download', ballotId).slice(0, 43);
}

export interface PacketSource {
  input: PacketInput;
  electionId: string;
}

interface Row {
  tracking_code: string;
  pii: Buffer;
  paper_size: PaperSize | null;
  mailing_country: string;
  military_post: boolean;
  jname: string;
  jsettings: JurisdictionSettings;
  definition: ElectionDefinition;
}

/**
 * Everything a packet is rendered from, read inside the caller's tenant transaction. The ballots
 * service renders from it, and the download path renders again from it and checks the hash.
 */
export async function loadPacketInput(
  tx: EntityManager,
  keys: JurisdictionKeys,
  ref: { requestId: string; electionId: string; ballotId: string; styleId: string },
): Promise<PacketInput> {
  const rows: Row[] = await tx.query(
    `SELECT r.tracking_code, r.pii, r.paper_size, r.mailing_country, r.military_post,
            j.name AS jname, j.settings AS jsettings, e.definition
     FROM ballot_requests r
     JOIN jurisdictions j ON j.jurisdiction_id = r.jurisdiction_id
     JOIN elections e ON e.election_id = $2 AND e.jurisdiction_id = r.jurisdiction_id
     WHERE r.request_id = $1 AND r.jurisdiction_id = $3`,
    [ref.requestId, ref.electionId, keys.jurisdictionId],
  );
  if (rows.length === 0) throw new Error('ballot request or election not found');
  const row = rows[0];
  const pii = keys.openJson<Pick<BallotRequestInput, 'name'>>(`request:${ref.requestId}`, row.pii);
  const name = [pii.name.first, pii.name.middle, pii.name.last, pii.name.suffix].filter(Boolean).join(' ');
  const office = row.jsettings.office ?? {};
  return {
    voter: {
      name,
      trackingCode: row.tracking_code,
      ballotId: ref.ballotId,
      trackingUrl: trackingUrl(row.tracking_code),
    },
    election: row.definition,
    styleId: ref.styleId,
    office: {
      name: office.name ?? `${row.jname} Election Office`,
      mailingAddress: office.mailingAddress ?? [row.jname],
      fax: office.fax,
      email: office.email,
      phone: office.phone,
      oath: office.oath,
    },
    paperSize: row.paper_size ?? choosePaperSize(undefined, row.mailing_country),
    militaryPost: row.military_post,
  };
}
