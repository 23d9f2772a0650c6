/** The office's settings of an imported election: their shape (JSON Schema) and their values. */
import Ajv, { type ValidateFunction } from 'ajv';
import { ELECTION_TYPES, LANGUAGES } from '../vocabulary';
import type { ElectionSettings, ImportError } from './model';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The shape of the office settings; the rules below check their values. */
const SETTINGS_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['electionDate', 'type', 'federalOffices', 'returnRule'],
  properties: {
    electionDate: { type: 'string' },
    type: { type: 'string' },
    federalOffices: { type: 'boolean' },
    oathText: { type: 'string', maxLength: 5000 },
    ballotLanguages: {
      type: 'array',
      minItems: 1,
      maxItems: LANGUAGES.length,
      uniqueItems: true,
      items: { enum: [...LANGUAGES] },
    },
    returnRule: {
      type: 'object',
      required: ['kind'],
      properties: {
        kind: { type: 'string' },
        deadline: { type: 'string' },
        electionDate: { type: 'string' },
        receiveWithinDays: { type: 'integer' },
        utcOffset: { type: 'string' },
        closeTime: { type: 'string' },
        missingPostmark: {},
      },
      additionalProperties: false,
    },
  },
} as const;
let settingsShape: ValidateFunction | undefined;

export function settingsShapeErrors(value: unknown): ImportError[] {
  settingsShape ??= new Ajv({ allErrors: true, strict: false }).compile(SETTINGS_SCHEMA);
  if (settingsShape(value)) return [];
  return (settingsShape.errors ?? []).map((e) => {
    const missing = (e.params as { missingProperty?: string; additionalProperty?: string }) ?? {};
    const at = e.instancePath.split('/').filter(Boolean).join('.');
    const leaf = missing.missingProperty ?? missing.additionalProperty;
    const path = ['settings', at, leaf].filter(Boolean).join('.');
    return {
      path,
      message: leaf && missing.additionalProperty ? 'is not a known setting' : (e.message ?? 'is invalid'),
    };
  });
}

export function settingsErrors(s: ElectionSettings): ImportError[] {
  const errors: ImportError[] = [];
  if (!DATE.test(s.electionDate) || Number.isNaN(Date.parse(`${s.electionDate}T00:00:00Z`)))
    errors.push({ path: 'settings.electionDate', message: 'must be a date YYYY-MM-DD' });
  if (!(ELECTION_TYPES as readonly string[]).includes(s.type))
    errors.push({ path: 'settings.type', message: `must be one of ${ELECTION_TYPES.join(', ')}` });
  const r = s.returnRule;
  if (r.kind === 'received-by') {
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/.test(r.deadline))
      errors.push({
        path: 'settings.returnRule.deadline',
        message: 'must be an ISO 8601 date-time with offset, e.g. 2026-11-03T20:00:00-05:00',
      });
  } else if (r.kind === 'postmarked-by-election-day') {
    if (!Number.isInteger(r.receiveWithinDays) || r.receiveWithinDays < 0 || r.receiveWithinDays > 60)
      errors.push({ path: 'settings.returnRule.receiveWithinDays', message: 'must be an integer 0..60' });
    if (r.electionDate !== s.electionDate)
      errors.push({ path: 'settings.returnRule.electionDate', message: 'must equal settings.electionDate' });
    if (!/^[+-]\d{2}:\d{2}$/.test(r.utcOffset))
      errors.push({ path: 'settings.returnRule.utcOffset', message: 'must be an offset like -05:00' });
  } else {
    errors.push({
      path: 'settings.returnRule.kind',
      message: 'must be received-by or postmarked-by-election-day',
    });
  }
  if (s.oathText !== undefined && s.oathText.trim() === '')
    errors.push({ path: 'settings.oathText', message: 'must not be empty when given' });
  return errors;
}
