import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, type ThrottlerModuleOptions } from '@nestjs/throttler';
import { ProblemException } from '@uocava/platform';

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
  protected override async throwThrottlingException(): Promise<void> {
    throw new ProblemException(
      429,
      'rate-limited',
      'Too many requests',
      'There were too many look-ups from your connection. Please wait a minute and try again.',
    );
  }
}
