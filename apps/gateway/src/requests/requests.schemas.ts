/** Answer of `GET /api/v1/office/whoami`. */
import { OFFICE_ROLES } from '@uocava/domain';

export const whoamiSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['jurisdictionId', 'role', 'keyId'],
  properties: {
    jurisdictionId: { type: 'string' },
    role: { type: 'string', enum: OFFICE_ROLES },
    keyId: { type: 'string', description: 'the id of the calling office key' },
  },
} as const;
