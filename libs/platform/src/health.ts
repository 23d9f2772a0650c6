import { Controller, Get, HttpCode, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Response } from 'express';
import type { DataSource } from 'typeorm';
import { pingDatabase } from '@uocava/database';
import { MESSAGE_BUS, type MessageBus } from '@uocava/messaging';

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

/** `GET /health`: the app's database and Kafka connections. 200 when both answer, else 503. */
@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    @Inject(MESSAGE_BUS) private readonly bus: MessageBus,
    @Inject('SERVICE_NAME') private readonly service: string,
  ) {}

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
      .json({ service: this.service, status: ok ? 'ok' : 'unavailable', database, kafka });
  }
}
