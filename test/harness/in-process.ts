/**
 * Runs apps of the platform in this process against the real Postgres and Kafka that the test
 * setup started: HTTP on the gateway, Kafka between apps. For the tests that reach into an app
 * (a service's timer run on demand, its key ring); every other e2e test runs the apps as
 * separate processes (`./processes.ts`), as production does.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { createApp } from '@uocava/platform';
import { GatewayModule } from '../../apps/gateway/src/app.module';
import { configureGateway, gatewayErrorPage, localizeVoterProblem } from '../../apps/gateway/src/setup';
import { VerificationModule } from '../../apps/verification/src/app.module';
import { BallotsModule } from '../../apps/ballots/src/app.module';
import { ReceiptsModule } from '../../apps/receipts/src/app.module';
import { NotificationsModule } from '../../apps/notifications/src/app.module';

export type AppName = 'gateway' | 'verification' | 'ballots' | 'receipts' | 'notifications';

const MODULES: Record<AppName, Type<unknown>> = {
  gateway: GatewayModule,
  verification: VerificationModule,
  ballots: BallotsModule,
  receipts: ReceiptsModule,
  notifications: NotificationsModule,
};

export interface Stack {
  apps: Partial<Record<AppName, INestApplication>>;
  baseUrl: string;
  /** closes one app the way a deployment stops it (shutdown hooks run); the others keep running */
  stopApp(name: AppName): Promise<void>;
  /** starts one app again in the same stack (same consumer groups: it resumes where it stopped) */
  startApp(name: AppName): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Starts the named apps (all by default). Consumer groups get a fresh prefix so that a test sees
 * only its own processing, even though the broker and database are shared by the run.
 */
export async function startStack(names: AppName[] = Object.keys(MODULES) as AppName[]): Promise<Stack> {
  process.env.CONSUMER_GROUP_PREFIX = `t${randomBytes(4).toString('hex')}-`;
  // receipts: generate a log key per jurisdiction on first use, in a throw-away directory
  process.env.RECEIPTS_GENERATE_KEYS ??= '1';
  process.env.KEYS_DIR ??= mkdtempSync(join(tmpdir(), 'uocava-keys-'));
  // tests poll the tracking API many times a minute; the rate-limit test sets its own limit
  process.env.RATE_LIMIT_LOOKUPS_PER_MINUTE ??= '100000';
  const apps: Partial<Record<AppName, INestApplication>> = {};
  let baseUrl = '';
  const start = async (name: AppName) => {
    const app: NestExpressApplication = await createApp(MODULES[name], {
      name,
      port: 0,
      configure: name === 'gateway' ? configureGateway : undefined,
      errorPage: name === 'gateway' ? gatewayErrorPage : undefined,
      localizeProblem: name === 'gateway' ? localizeVoterProblem : undefined,
    });
    await app.listen(0, '127.0.0.1');
    if (name === 'gateway') {
      const address = app.getHttpServer().address() as { port: number };
      baseUrl = `http://127.0.0.1:${address.port}`;
      process.env.PUBLIC_URL = baseUrl;
    }
    apps[name] = app;
  };
  for (const name of names) await start(name);
  return {
    apps,
    get baseUrl() {
      return baseUrl;
    },
    stopApp: async (name) => {
      const app = apps[name];
      delete apps[name];
      await app?.close();
    },
    startApp: async (name) => {
      if (apps[name]) throw new Error(`${name} is running`);
      await start(name);
    },
    stop: async () => {
      for (const app of Object.values(apps).reverse()) await app?.close();
    },
  };
}
