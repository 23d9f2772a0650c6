import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '@uocava/database';
import { MESSAGE_BUS, type MessageBus } from '@uocava/messaging';
import { RUNNING_CONSUMERS } from './worker';

async function check(fn: () => Promise<unknown>, timeoutMs = 3000): Promise<{ ok: boolean; error?: string }> {
  try {
    await Promise.race([
      fn(),
      new Promise((_, reject) => setTimeout(() => reject(new Error('timed out')), timeoutMs).unref()),
    ]);
    return { ok: true };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? error.message : String(error) };
  }
}

/** How long a consumer may be down or stuck before its app says it is not ready (HEALTH_GRACE_MS). */
export function healthGraceMs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.HEALTH_GRACE_MS ?? 30000);
  return Number.isFinite(n) && n > 0 ? n : 30000;
}

/**
 * `INSTANCE_ID` when set (e.g. the pod's name): every health answer carries it, so that whoever
 * probes can tell which process answered (the test harness checks that the app it started holds
 * its port, not another stack's). Read once: it is the process's, fixed at its start.
 */
function instanceOf(env: NodeJS.ProcessEnv): { instance?: string } {
  const id = env.INSTANCE_ID?.trim();
  return id ? { instance: id } : {};
}

/**
 * `GET /health`: the app's database and Kafka connections. 200 when both answer, else 503.
 * `GET /health/live`: the process answers (a liveness probe: restart it when this fails).
 * `GET /health/ready`: the app does its work: every consumer of its workers is running and makes
 * progress (not down, nor holding messages it has not finished, for HEALTH_GRACE_MS, 30 s). An app
 * without consumers (the gateway) stays ready while Postgres or Kafka is down: it answers 503
 * with Retry-After itself, and recovers by itself.
 */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject('SERVICE_NAME') private readonly service: string,
  ) {}

  private readonly instance = instanceOf(process.env);

  @Get('live')
  @HttpCode(200)
  live(): { service: string; status: 'ok'; instance?: string } {
    return { service: this.service, status: 'ok', ...this.instance };
  }

  @Get('ready')
  @HttpCode(200)
  ready(@Res() res: Response): void {
    const grace = healthGraceMs();
    const consumers = Object.fromEntries(
      [...RUNNING_CONSUMERS].map(([name, consumer]) => [name, consumer.health(grace)]),
    );
    const ok = Object.values(consumers).every((c) => c.ok);
    res
      .status(ok ? 200 : 503)
      .json({ service: this.service, status: ok ? 'ok' : 'unavailable', ...this.instance, consumers });
  }

  @Get()
  @HttpCode(200)
  async health(@Res() res: Response): Promise<void> {
    const [database, kafka] = await Promise.all([
      check(() => pingDatabase(this.ds)),
      check(() => this.bus.ping()),
    ]);
    const ok = database.ok && kafka.ok;
    res
      .status(ok ? 200 : 503)
      .json({ service: this.service, status: ok ? 'ok' : 'unavailable', ...this.instance, database, kafka });
  }
}
