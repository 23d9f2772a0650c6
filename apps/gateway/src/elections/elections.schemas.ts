import { inputValidator, UUID_PATTERN_TEXT } from '@uocava/contracts/http';
import { ELECTION_TYPES } from '@uocava/domain';

/**
 * `POST /api/v1/office/elections`: a NIST SP 1500-20 ballot definition and the office's settings.
 * The definition itself is checked by `parseElectionDefinition` (libs/domain), which names the
 * JSON path of each problem.
 */
export const defineElectionSchema = {
  type: 'object',
  required: ['definition', 'settings'],
  properties: {
    definition: { type: 'object', description: 'a NIST SP 1500-20 ballot definition (JSON)' },
    settings: {
      type: 'object',
      description:
        'the office settings: { electionDate, type, federalOffices, returnRule, oathText?, ballotLanguages? } (ballotLanguages: the languages every ballot must carry, e.g. ["en", "es"] for a bilingual ballot; docs/ballot-packets.md "Languages")',
    },
  },
} as const;

/** `POST /api/v1/office/elections/{electionId}/style-assignments`. */
export const assignStyleSchema = {
  type: 'object',
  required: ['requestId', 'ballotStyleId'],
  properties: {
    requestId: { type: 'string', pattern: UUID_PATTERN_TEXT, description: 'A ballot request id (UUID).' },
    ballotStyleId: { type: 'string', minLength: 1, maxLength: 120, description: 'A ballot style id.' },
  },
} as const;

export const parseDefineElection = inputValidator(defineElectionSchema);
export const parseAssignStyle = inputValidator(assignStyleSchema);

// ---- answers (each mirrors what ElectionsService returns; test/openapi.e2e-spec.ts checks real ones)

const uuid = { type: 'string', format: 'uuid' } as const;
const day = { type: 'string', format: 'date' } as const;
const strings = { type: 'array', items: { type: 'string' } } as const;
const electionType = { type: 'string', enum: ELECTION_TYPES } as const;

/** `201` of `POST /api/v1/office/elections`. */
export const electionDefinedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId', 'name', 'date', 'contests', 'ballotStyles'],
  properties: {
    electionId: uuid,
    name: { type: 'string' },
    date: day,
    contests: { type: 'integer', minimum: 0, description: 'how many contests' },
    ballotStyles: { ...strings, description: 'the ballot style ids' },
  },
} as const;

/** An item of `GET /api/v1/office/elections`. */
export const electionListItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['electionId', 'name', 'date', 'type', 'federal', 'contests', 'ballotStyles'],
  properties: {
    electionId: uuid,
    name: { type: 'string' },
    date: day,
    type: electionType,
    federal: { type: 'boolean', description: 'federal offices on the ballot (MOVE Act applies)' },
    contests: { type: 'integer', minimum: 0 },
    ballotStyles: { type: 'integer', minimum: 0 },
  },
} as const;

/** How a returned ballot must arrive to count (libs/domain `ReturnRules`). */
export const returnRuleSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'deadline'],
      properties: { kind: { const: 'received-by' }, deadline: { type: 'string', format: 'date-time' } },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'electionDate', 'receiveWithinDays', 'utcOffset'],
      properties: {
        kind: { const: 'postmarked-by-election-day' },
        electionDate: day,
        receiveWithinDays: { type: 'integer', minimum: 0 },
        utcOffset: { type: 'string', pattern: '^[+-]\\d{2}:\\d{2}$' },
        closeTime: { type: 'string' },
        missingPostmark: {
          anyOf: [
            { const: 'not-timely' },
            {
              type: 'object',
              additionalProperties: false,
              required: ['timelyIfReceivedWithinDays'],
              properties: { timelyIfReceivedWithinDays: { type: 'integer', minimum: 0 } },
            },
          ],
        },
      },
    },
  ],
} as const;

const choice = {
  type: 'object',
  additionalProperties: false,
  required: ['id', 'label'],
  properties: { id: { type: 'string' }, label: { type: 'string' } },
} as const;
const contestBase = {
  id: { type: 'string' },
  title: { type: 'string' },
  subtitle: { type: 'string' },
} as const;

/** A contest of the definition (libs/domain `Contest`). */
export const contestSchema = {
  oneOf: [
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'title', 'voteFor', 'writeIns', 'candidates', 'primaryPartyIds'],
      properties: {
        kind: { const: 'candidate' },
        ...contestBase,
        voteFor: { type: 'integer', minimum: 1 },
        writeIns: { type: 'integer', minimum: 0 },
        candidates: {
          type: 'array',
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['id', 'candidateNames', 'partyNames'],
            properties: { id: { type: 'string' }, candidateNames: strings, partyNames: strings },
          },
        },
        primaryPartyIds: strings,
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'title', 'fullText', 'options'],
      properties: {
        kind: { const: 'measure' },
        ...contestBase,
        summary: { type: 'string' },
        fullText: { type: 'string' },
        options: { type: 'array', items: choice },
      },
    },
    {
      type: 'object',
      additionalProperties: false,
      required: ['kind', 'id', 'title', 'voteFor', 'options'],
      properties: {
        kind: { const: 'party' },
        ...contestBase,
        voteFor: { type: 'integer', minimum: 1 },
        options: { type: 'array', items: choice },
      },
    },
  ],
} as const;

/** `GET /api/v1/office/elections/{electionId}`: the election with its ballot content. */
export const electionSchema = {
  type: 'object',
  additionalProperties: false,
  required: [
    'electionId',
    'name',
    'date',
    'type',
    'federal',
    'jurisdictionName',
    'returnRule',
    'parties',
    'gpUnits',
    'ballotStyles',
    'contests',
  ],
  properties: {
    electionId: uuid,
    name: { type: 'string' },
    date: day,
    type: electionType,
    federal: { type: 'boolean' },
    jurisdictionName: { type: 'string' },
    returnRule: returnRuleSchema,
    parties: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, abbreviation: { type: 'string' } },
      },
    },
    gpUnits: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'name', 'type'],
        properties: { id: { type: 'string' }, name: { type: 'string' }, type: { type: 'string' } },
      },
    },
    ballotStyles: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'gpUnitIds', 'partyIds', 'contestIds'],
        properties: { id: { type: 'string' }, gpUnitIds: strings, partyIds: strings, contestIds: strings },
      },
    },
    contests: { type: 'array', items: contestSchema },
  },
} as const;

/** An item of `GET .../style-assignments` (StyleAssignmentItem). */
export const styleAssignmentItemSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'trackingCode', 'reason'],
  properties: { requestId: uuid, trackingCode: { type: 'string' }, reason: { type: 'string' } },
} as const;

/** `202` of `POST .../style-assignments`. */
export const styleAssignedSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['requestId', 'electionId', 'ballotStyleId', 'status'],
  properties: {
    requestId: uuid,
    electionId: uuid,
    ballotStyleId: { type: 'string' },
    status: { const: 'assigned' },
  },
} as const;
