/** `200` of `POST /api/v1/office/vri-imports` (VriImportReport of vri-import.service.ts). */
const problem = {
  type: 'object',
  required: ['field', 'pointer', 'code', 'message'],
  properties: {
    field: { type: 'string', description: 'the VRI path of the bad field' },
    pointer: { type: 'string' },
    code: { type: 'string' },
    message: { type: 'string' },
  },
} as const;

const where = { record: { type: 'integer', minimum: 1 }, line: { type: 'integer', minimum: 1 } } as const;

export const vriImportReportSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['records', 'accepted', 'alreadyImported', 'duplicates', 'invalid', 'results'],
  properties: {
    records: { type: 'integer' },
    accepted: { type: 'integer' },
    alreadyImported: { type: 'integer' },
    duplicates: { type: 'integer' },
    invalid: { type: 'integer' },
    results: {
      type: 'array',
      items: {
        oneOf: [
          {
            type: 'object',
            additionalProperties: false,
            required: ['record', 'line', 'status', 'requestId', 'trackingCode'],
            properties: {
              ...where,
              status: { const: 'accepted' },
              requestId: { type: 'string', format: 'uuid' },
              trackingCode: { type: 'string' },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['record', 'line', 'status'],
            properties: {
              ...where,
              status: { type: 'string', enum: ['already-imported', 'duplicate'] },
              requestId: { type: 'string', format: 'uuid' },
            },
          },
          {
            type: 'object',
            additionalProperties: false,
            required: ['record', 'line', 'status', 'errors'],
            properties: { ...where, status: { const: 'invalid' }, errors: { type: 'array', items: problem } },
          },
        ],
      },
    },
  },
} as const;
