import { inputValidator } from '@uocava/contracts/http';
import { OFFICE_ROLES } from '@uocava/domain';

/** `GET /api/v1/office/audit-log?from=&to=&action=`. */
export const auditLogQuerySchema = {
  type: 'object',
  properties: {
    from: { type: 'string', minLength: 1, description: 'a date or date-time' },
    to: { type: 'string', minLength: 1, description: 'a date or date-time' },
    action: { type: 'string', minLength: 1, maxLength: 200, description: 'an action name' },
  },
} as const;

export const parseAuditLogQuery = inputValidator(auditLogQuerySchema);

/** One entry of `GET /api/v1/office/audit-log` (StoredAuditEntry of libs/database). */
export const auditEntrySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['auditId', 'at', 'keyId', 'staffId', 'role', 'action', 'target', 'outcome', 'details'],
  properties: {
    auditId: { type: 'string' },
    at: { type: 'string', format: 'date-time' },
    keyId: { type: ['string', 'null'], description: 'the office key, null for a call without a valid key' },
    staffId: {
      type: ['string', 'null'],
      description: 'the named staff member who acted (signed in with their own account), else null',
    },
    role: { anyOf: [{ type: 'string', enum: OFFICE_ROLES }, { type: 'null' }] },
    action: { type: 'string' },
    target: { type: ['string', 'null'], description: 'e.g. ballot:<id>, election:<id>' },
    outcome: { type: 'string', description: 'ok, denied, error or the decision' },
    details: { type: 'object' },
  },
} as const;
