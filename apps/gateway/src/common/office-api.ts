import { applyDecorators, Controller, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiTags } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { AuditedOfficeGuard, AuditInterceptor } from './audit';

/**
 * An office API controller: bearer office key checked (and every refusal audited) by the guard,
 * every completed call audited by the interceptor, documented under the `office` tag.
 */
export function OfficeApi(path = 'api/v1/office'): ClassDecorator {
  return applyDecorators(
    ApiTags('office'),
    ApiBearerAuth(),
    UseGuards(AuditedOfficeGuard),
    UseInterceptors(AuditInterceptor),
    Controller(path),
  );
}

/** The request body of a route, documented by the JSON Schema that validates it. */
export function ApiJsonBody(schema: object): MethodDecorator {
  return ApiBody({ schema: schema as SchemaObject });
}
