/**
 * The JSON answers of the office's packet routes (held packets, packet alerts), for the OpenAPI
 * document (what the services return; test/openapi.e2e-spec.ts checks real ones).
 */
import { BALLOT_DELIVERY_METHODS } from '@uocava/domain';

const uuid = { type: 'string', format: 'uuid' } as const;
const sha256 = { type: 'string', pattern: '^[0-9a-f]{64}$' } as const;

/** An item of `GET /api/v1/office/held-packets` (HeldPacket of libs/database). */
export const heldPacketSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ballotId', 'requestId', 'electionId', 'deliveryMethod', 'characters', 'heldAt'],
  properties: {
    ballotId: uuid,
    requestId: uuid,
    electionId: uuid,
    deliveryMethod: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
    characters: { type: 'array', items: { type: 'string' }, description: 'the characters that print as □' },
    heldAt: { type: 'string', format: 'date-time' },
  },
} as const;

/** `POST /api/v1/office/held-packets/{ballotId}/release`. */
export const releasedPacketSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['ballotId', 'outcome'],
  properties: {
    ballotId: uuid,
    outcome: {
      type: 'string',
      enum: ['transmitted', 'queued'],
      description: 'transmitted (e-mail, online) now, or queued for mail/fax (the work queue)',
    },
  },
} as const;

/** An item of `GET /api/v1/office/packet-alerts` (PacketMismatchAlert of libs/database). */
export const packetAlertSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'regenerationId',
    'ballotId',
    'requestId',
    'previousPdfSha256',
    'pdfSha256',
    'rendererVersion',
    'regeneratedAt',
  ],
  properties: {
    regenerationId: { type: 'string' },
    ballotId: uuid,
    requestId: uuid,
    previousPdfSha256: sha256,
    pdfSha256: sha256,
    rendererVersion: { type: 'string' },
    regeneratedAt: { type: 'string', format: 'date-time' },
  },
} as const;
