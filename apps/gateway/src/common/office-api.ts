import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AuditedOfficeGuard, AuditInterceptor } from './audit';
import { ApiProblems } from './openapi';

export { ApiJsonBody } from './openapi';

/**
 * An office API controller: bearer office key checked (and every refusal audited) by the guard,
 * every completed call audited by the interceptor, documented under the `office` tag.
 */
export function OfficeApi(path = 'api/v1/office'): ClassDecorator {
  return applyDecorators(
    ApiTags('office'),
    ApiBearerAuth(),
    ApiProblems(401, 403, 503),
    UseGuards(AuditedOfficeGuard),
    UseInterceptors(AuditInterceptor),
    Controller(path),
  );
}
