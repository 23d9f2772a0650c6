import { inputValidator } from '@uocava/contracts/http';
import { instantProperty } from '../common/schemas';

/** How a paper or e-mailed FPCA reached the office (EAVS Section B RequestMethod). */
export const KEYED_REQUEST_METHODS = ['mail', 'fax', 'email', 'in-person'] as const;

/**
 * `POST /api/v1/office/ballot-requests`: an FPCA that came by mail, fax, e-mail or in person,
 * keyed in by a clerk: the FPCA as the voter's JSON body (checked by the same rules), how it
 * came, and when it was received.
 */
export const keyedRequestSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['fpca', 'method', 'receivedAt'],
  properties: {
    fpca: {
      type: 'object',
      description: 'the FPCA, as the body of POST /api/v1/ballot-requests (checked by the same rules)',
    },
    method: {
      type: 'string',
      enum: KEYED_REQUEST_METHODS,
      description: 'one of mail, fax, email, in-person',
    },
    receivedAt: instantProperty,
  },
} as const;

export const parseKeyedRequest = inputValidator(keyedRequestSchema);
