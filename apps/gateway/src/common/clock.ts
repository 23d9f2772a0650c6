import { Global, Injectable, Module } from '@nestjs/common';
import { utcDateOf, type IsoDate } from '@uocava/domain';

/**
 * The gateway's one source of the current time: every service, page and job asks it (not
 * `new Date()`), so "now" and "today" mean the same everywhere in a request and a test can give
 * the gateway another clock by overriding this provider. Rules in libs take the time as an
 * argument and never read it themselves.
 */
@Injectable()
export class Clock {
  now(): Date {
    return new Date();
  }

  nowIso(): string {
    return this.now().toISOString();
  }

  /** Today's UTC calendar day. */
  today(): IsoDate {
    return utcDateOf(this.now());
  }
}

/** Provides the clock to every feature module of the gateway. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
