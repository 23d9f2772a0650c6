/** What a packet is rendered from and what rendering it returns. */
import type { ElectionDefinition, Language, PaperSize } from '@uocava/domain';

export interface PacketVoter {
  /** display name as the voter wrote it */
  name: string;
  trackingCode: string;
  ballotId: string;
  /** public tracking address, encoded in the QR code */
  trackingUrl: string;
  /**
   * the voter's return address on the return envelope, under the name (at most 3 lines: street,
   * city line, country); absent on packets issued before it was printed
   */
  returnAddress?: string[];
}

export interface ElectionOffice {
  name: string;
  /** mailing address, one line each, country last for foreign senders */
  mailingAddress: string[];
  /** set when the office accepts voted ballots by fax */
  fax?: string;
  /** set when the office accepts voted ballots by e-mail */
  email?: string;
  phone?: string;
  /** the jurisdiction's declaration text; overrides election.oathText and the default */
  oath?: string;
}

export interface PacketInput {
  voter: PacketVoter;
  election: ElectionDefinition;
  styleId: string;
  office: ElectionOffice;
  /** the deadline in the office's own words; default: derived from election.returnRule */
  returnDeadlineText?: string;
  paperSize: PaperSize;
  /** the voter mails from a military post office (APO/FPO/DPO): mention Label 11-DoD */
  militaryPost: boolean;
  /**
   * the state wants the oath attested (docs/state-rules.md): the line printed under the oath, and
   * a required witness or notary block instead of the optional witness line; absent: none
   */
  oathAttestation?: { kind: 'witness' | 'notary' | 'witness-or-notary'; text: string };
  /**
   * the packet's language (the request's, docs/ballot-packets.md "Languages"): its words, the
   * document's /Lang; absent: English (so an English packet's inputs digest is what it was)
   */
  language?: Language;
}

export interface PacketResult {
  bytes: Uint8Array;
  /** hex SHA-256 of bytes */
  sha256: string;
  pageCount: number;
  paperSize: PaperSize;
  /** characters that no shipped font has, drawn as a placeholder box */
  missingGlyphs: string[];
  /** hex SHA-256 of the JCS form of the inputs (see `packetInputsSha256`) */
  inputsSha256: string;
  /** the renderer that wrote the bytes (see `rendererVersion`) */
  rendererVersion: string;
  /** 1-based inclusive page ranges of each part */
  parts: {
    instructions: [number, number];
    ballot: [number, number];
    declaration: [number, number];
    envelope: [number, number];
  };
}
