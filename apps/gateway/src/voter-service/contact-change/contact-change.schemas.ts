import { inputValidator } from '@uocava/contracts/http';
import { BALLOT_DELIVERY_METHODS, CONTACT_FIELDS } from '@uocava/domain';

/**
 * `POST /api/v1/office/ballot-requests/{requestId}/contact-change`: the new values (only those
 * that change; `null` removes the e-mail, phone or mobile number; `smsOptIn: false` ends text
 * messages). The changed request is then checked with the
 * rules of a new request (applyContactChange), so this schema checks shapes only.
 */
export const contactChangeSchema = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    email: { type: ['string', 'null'], format: 'email', maxLength: 254 },
    phone: { type: ['string', 'null'], minLength: 5, maxLength: 40 },
    mobile: {
      type: ['string', 'null'],
      maxLength: 16,
      description: 'E.164 mobile number for text messages; null removes it and ends the text messages',
    },
    smsOptIn: {
      type: 'boolean',
      description: 'false ends the text messages (and removes the mobile number); true needs a mobile number',
    },
    mailingAddress: {
      type: 'object',
      additionalProperties: false,
      required: ['lines', 'city', 'country'],
      properties: {
        lines: {
          type: 'array',
          minItems: 1,
          maxItems: 4,
          items: { type: 'string', minLength: 1, maxLength: 100 },
        },
        city: { type: 'string', minLength: 1, maxLength: 100 },
        region: { type: 'string', minLength: 1, maxLength: 100 },
        postalCode: { type: 'string', minLength: 1, maxLength: 20 },
        country: { type: 'string', pattern: '^[A-Z]{2}$' },
      },
    },
    ballotDelivery: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
  },
} as const;

export const parseContactChange = inputValidator(contactChangeSchema);

export const contactChangedAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'changeId', 'fields', 'ballotDelivery', 'changedAt'],
  properties: {
    requestId: { type: 'string', format: 'uuid' },
    changeId: { type: 'string', format: 'uuid' },
    fields: { type: 'array', items: { type: 'string', enum: CONTACT_FIELDS } },
    ballotDelivery: { type: 'string', enum: BALLOT_DELIVERY_METHODS },
    changedAt: { type: 'string', format: 'date-time' },
  },
} as const;
