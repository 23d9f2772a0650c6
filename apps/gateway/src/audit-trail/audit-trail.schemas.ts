import { inputValidator } from '@uocava/contracts/http';

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
