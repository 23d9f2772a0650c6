import { inputValidator } from '@uocava/contracts/http';
import { dateProperty, instantProperty, returnMethodProperty } from '../common/schemas';

/** `POST /api/v1/office/returns`: a returned envelope, by its barcode (the ballot id) or ballot id. */
export const recordReturnSchema = {
  type: 'object',
  required: ['receivedAt', 'method'],
  properties: {
    barcode: { type: 'string', minLength: 1, maxLength: 200, description: 'the barcode or the ballotId' },
    ballotId: { type: 'string', minLength: 1, maxLength: 200, description: 'the barcode or the ballotId' },
    receivedAt: instantProperty,
    method: returnMethodProperty,
    postmarkDate: dateProperty,
  },
} as const;

export const parseRecordReturn = inputValidator(recordReturnSchema);
