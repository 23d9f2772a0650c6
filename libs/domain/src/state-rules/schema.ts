/** The JSON Schema of a state's table and of an office's overrides, and their checks (ajv). */
import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import { CURABLE_REASONS } from '../office/ballot-decision';
import { ELECTRONIC_RETURN_METHODS, FPCA_ID_KINDS, OVERRIDABLE_RULES } from './types';

const TIME = '^([01][0-9]|2[0-3]):[0-5][0-9](:[0-5][0-9])?$';
const DAYS = { type: 'integer', minimum: 0, maximum: 60 } as const;

/** A cited value: `value` plus where it comes from (at least one statute or guide). */
function cited(value: object): object {
  return {
    type: 'object',
    additionalProperties: false,
    required: ['value', 'statutes', 'guides', 'confidence'],
    properties: {
      value,
      statutes: { type: 'array', items: { type: 'string', minLength: 3, maxLength: 200 }, maxItems: 10 },
      guides: {
        type: 'array',
        items: { type: 'string', pattern: '^https://', maxLength: 300 },
        maxItems: 10,
      },
      confidence: { enum: ['confirmed', 'needs-confirmation'] },
      note: { type: 'string', maxLength: 2000 },
    },
    anyOf: [{ properties: { statutes: { minItems: 1 } } }, { properties: { guides: { minItems: 1 } } }],
  };
}

const LINES = (max: number) =>
  ({
    type: 'array',
    minItems: 1,
    maxItems: max,
    items: { type: 'string', minLength: 1, maxLength: 1500 },
  }) as const;

/** A state's cure form for one reason (CureAffidavitRule). */
const AFFIDAVIT = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: {
    title: { type: 'string', minLength: 3, maxLength: 120 },
    statements: LINES(8),
    enclosures: { ...LINES(6), minItems: 0 },
    authority: { type: 'string', minLength: 3, maxLength: 400 },
  },
} as const;

const RULES: Record<(typeof OVERRIDABLE_RULES)[number], object> = {
  fpcaValidity: cited({
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: { kind: { const: 'calendar-year' } },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'count', 'generalElections', 'endsAt'],
        properties: {
          kind: { const: 'general-elections' },
          count: { type: 'integer', minimum: 1, maximum: 4 },
          generalElections: { enum: ['even-years', 'every-year'] },
          endsAt: { enum: ['election-day', 'end-of-year'] },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind'],
        properties: { kind: { const: 'until-cancelled' } },
      },
    ],
  }),
  oathAttestation: cited({ enum: ['none', 'witness', 'notary', 'witness-or-notary'] }),
  idRules: cited({
    type: 'object',
    additionalProperties: false,
    required: ['accepted', 'ifNone'],
    properties: {
      accepted: { type: 'array', minItems: 1, items: { type: 'string', minLength: 1, maxLength: 200 } },
      kinds: { type: 'array', uniqueItems: true, items: { enum: FPCA_ID_KINDS } },
      ifNone: { type: 'string', minLength: 1, maxLength: 500 },
    },
  }),
  electronicReturn: cited({
    type: 'object',
    additionalProperties: false,
    required: ['methods'],
    properties: {
      methods: { type: 'array', uniqueItems: true, items: { enum: [...ELECTRONIC_RETURN_METHODS] } },
      limitedTo: { type: 'string', minLength: 1, maxLength: 500 },
    },
  }),
  ballotReceipt: cited({
    oneOf: [
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'closeTime'],
        properties: {
          kind: { const: 'received-by-election-day' },
          closeTime: { type: 'string', pattern: TIME },
        },
      },
      {
        type: 'object',
        additionalProperties: false,
        required: ['kind', 'postmarkDaysBeforeElection', 'receiveWithinDays', 'closeTime', 'missingPostmark'],
        properties: {
          kind: { const: 'postmarked' },
          postmarkDaysBeforeElection: { type: 'integer', minimum: 0, maximum: 7 },
          receiveWithinDays: DAYS,
          closeTime: { type: 'string', pattern: TIME },
          missingPostmark: {
            oneOf: [
              { const: 'not-timely' },
              {
                type: 'object',
                additionalProperties: false,
                required: ['timelyIfReceivedWithinDays'],
                properties: { timelyIfReceivedWithinDays: DAYS },
              },
            ],
          },
        },
      },
    ],
  }),
  cure: cited({
    type: 'object',
    additionalProperties: false,
    required: ['available', 'methods'],
    properties: {
      available: { type: 'boolean' },
      daysAfterElection: DAYS,
      closeTime: { type: 'string', pattern: TIME },
      methods: { type: 'array', items: { type: 'string', minLength: 1, maxLength: 200 } },
      affidavits: {
        type: 'object',
        additionalProperties: false,
        properties: Object.fromEntries(CURABLE_REASONS.map((r) => [r, AFFIDAVIT])),
      },
    },
  }),
};

/** A state's whole table. */
export const STATE_RULES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['state', 'name', 'version', 'checkedOn', ...OVERRIDABLE_RULES],
  properties: {
    state: { type: 'string', pattern: '^[A-Z]{2}$' },
    name: { type: 'string', minLength: 2, maxLength: 60 },
    version: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}\\.\\d+$' },
    checkedOn: { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' },
    ...RULES,
  },
} as const;

/** An office's overrides of its own state's values: any of them, each whole and cited. */
export const STATE_RULE_OVERRIDES_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  minProperties: 1,
  properties: RULES,
} as const;

/** A problem with one field: a JSON Pointer and what is wrong. */
export interface RuleProblem {
  pointer: string;
  message: string;
}

const ajv = new Ajv({ allErrors: true, strict: false });
let tableCheck: ValidateFunction | undefined;
let overridesCheck: ValidateFunction | undefined;

function problems(errors: ErrorObject[] | null | undefined): RuleProblem[] {
  const seen = new Set<string>();
  const out: RuleProblem[] = [];
  for (const e of errors ?? []) {
    const p = e.params as { missingProperty?: string; additionalProperty?: string };
    const leaf = p.missingProperty ?? p.additionalProperty;
    const pointer = leaf === undefined ? e.instancePath || '/' : `${e.instancePath}/${leaf}`;
    const message =
      p.additionalProperty !== undefined ? 'is not a known rule or field' : (e.message ?? 'is invalid');
    const key = `${pointer} ${message}`;
    if (!seen.has(key)) {
      seen.add(key);
      out.push({ pointer, message });
    }
  }
  return out;
}

/** Problems of a state's table against the schema (empty: it is valid). */
export function stateRulesProblems(value: unknown): RuleProblem[] {
  tableCheck ??= ajv.compile(STATE_RULES_SCHEMA);
  return tableCheck(value) ? [] : problems(tableCheck.errors);
}

/** Problems of an office's overrides against the schema (empty: they are valid). */
export function stateRuleOverridesProblems(value: unknown): RuleProblem[] {
  overridesCheck ??= ajv.compile(STATE_RULE_OVERRIDES_SCHEMA);
  return overridesCheck(value) ? [] : problems(overridesCheck.errors);
}
