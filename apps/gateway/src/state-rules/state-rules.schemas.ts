import { STATE_RULE_OVERRIDES_SCHEMA, STATE_RULES_SCHEMA } from '@uocava/domain';

/** `PUT /api/v1/office/state-rules/overrides`: the office's overrides (docs/state-rules.md). */
export const putOverridesSchema = STATE_RULE_OVERRIDES_SCHEMA;

const nullable = (schema: object) => ({ oneOf: [{ type: 'null' }, schema] });

/** The rules in force for the office: its state's table, its overrides, and the two merged. */
export const stateRulesAnswerSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['state', 'hasTable', 'table', 'overrides', 'effective'],
  properties: {
    state: { type: 'string', description: "the office's state (two-letter USPS code)" },
    hasTable: {
      type: 'boolean',
      description: 'false: the state has no table and the platform keeps its former behaviour',
    },
    table: { ...nullable(STATE_RULES_SCHEMA), description: "the state's own table" },
    overrides: nullable({
      type: 'object',
      additionalProperties: false,
      required: ['version', 'values', 'createdAt', 'createdBy'],
      properties: {
        version: { type: 'integer', minimum: 1 },
        values: STATE_RULE_OVERRIDES_SCHEMA,
        createdAt: { type: 'string', format: 'date-time' },
        createdBy: { type: 'string', description: 'the office key that saved them (`key:<keyId>`)' },
      },
    }),
    effective: { ...nullable(STATE_RULES_SCHEMA), description: 'the table with the overrides laid over it' },
  },
} as const;
