/**
 * One voter's ballot packet: instructions, the ballot of the voter's style, the voter's
 * declaration, a secrecy sleeve and a return envelope.
 *
 * - `layout.ts`: the text layouter the documents share;
 * - `instructions.ts`, `declaration.ts`, `envelope.ts`: one file per document, each drawing its
 *   static part into the template and its voter's fields into the packet;
 * - `template-cache.ts`: the per-style template and its bounded cache;
 * - `render.ts`: `renderPacket`, the template plus an incremental update with the voter's fields.
 */
export { renderPacket } from './render';
export { ballotElectionOf, ballotWordsOf, BallotStyleCache } from './template-cache';
export { DEFAULT_OATH } from './declaration';
export type { ElectionOffice, PacketInput, PacketResult, PacketVoter } from './types';
