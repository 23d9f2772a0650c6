import { type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { t } from '@uocava/domain';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { ProblemException } from '@uocava/platform';
import { pageLanguage } from '../web/language';

/**
 * Look-ups a stranger could use to guess (tracking codes, packet links) are limited per client
 * address: RATE_LIMIT_LOOKUPS_PER_MINUTE (default 30). Counters live in the gateway process;
 * behind a load balancer set TRUST_PROXY so that the client address is the real one.
 */
export function throttlerOptions(env: NodeJS.ProcessEnv = process.env): ThrottlerModuleOptions {
  const raw = env.RATE_LIMIT_LOOKUPS_PER_MINUTE;
  const limit = raw === undefined || raw === '' ? 30 : Number(raw);
  if (!Number.isInteger(limit) || limit < 1)
    throw new Error('RATE_LIMIT_LOOKUPS_PER_MINUTE must be a positive integer');
  return { throttlers: [{ ttl: 60_000, limit }] };
}

@Injectable()
export class LookupThrottle extends ThrottlerGuard {
  /** In the caller's language: the page's (its switch, else Accept-Language); the API's Accept-Language. */
  protected override async throwThrottlingException(context: ExecutionContext): Promise<void> {
    const lang = pageLanguage(context.switchToHttp().getRequest<Request>());
    throw new ProblemException(
      429,
      'rate-limited',
      t(lang, 'api.rateLimited.title'),
      t(lang, 'api.rateLimited.detail'),
    );
  }
}
