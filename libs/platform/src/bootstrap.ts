import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemFilter } from './problem';

export interface StartOptions {
  name: string;
  port: number;
  configure?: (app: NestExpressApplication) => void | Promise<void>;
}

/** Creates an app with the platform's defaults (problem+json errors, shutdown hooks, body limits). */
export async function createApp(
  module: Type<unknown>,
  options: StartOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: ['error', 'warn'],
    bodyParser: false,
  });
  app.useGlobalFilters(new ProblemFilter());
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  await options.configure?.(app);
  return app;
}

/** Starts an app on its port and logs where it listens. */
export async function startApp(module: Type<unknown>, options: StartOptions): Promise<INestApplication> {
  const app = await createApp(module, options);
  await app.listen(options.port, '127.0.0.1');
  console.log(`[${options.name}] listening on http://127.0.0.1:${options.port}`);
  return app;
}

export function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}
