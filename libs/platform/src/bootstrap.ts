import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemFilter, type HtmlErrorPage } from './problem';

export interface StartOptions {
  name: string;
  port: number;
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  /** how errors on the app's web pages are shown (default: problem+json everywhere) */
  errorPage?: (app: NestExpressApplication) => HtmlErrorPage;
}

type Level = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
/** LOG_LEVEL (error, warn, info, debug) to Nest's logger levels; default warn. */
export function loggerLevels(level: string | undefined): Level[] {
  const order: Level[] = ['error', 'warn', 'log', 'debug', 'verbose'];
  const index = { error: 0, warn: 1, info: 2, log: 2, debug: 3, verbose: 4 }[level ?? 'warn'] ?? 1;
  return order.slice(0, index + 1);
}

/** Creates an app with the platform's defaults (problem+json errors, shutdown hooks, body limits). */
export async function createApp(
  module: Type<unknown>,
  options: StartOptions,
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: loggerLevels(process.env.LOG_LEVEL),
    bodyParser: false,
  });
  app.useGlobalFilters(new ProblemFilter(options.errorPage?.(app)));
  app.enableShutdownHooks();
  app.disable('x-powered-by');
  await options.configure?.(app);
  return app;
}

/** Starts an app on its port and logs where it listens. */
export async function startApp(module: Type<unknown>, options: StartOptions): Promise<INestApplication> {
  const app = await createApp(module, options);
  // loopback by default; containers set HOST=0.0.0.0 (Dockerfile) to be reachable from outside
  const host = process.env.HOST ?? '127.0.0.1';
  try {
    await app.listen(options.port, host);
  } catch (error) {
    // npm start asks for its preferred ports with PORT_FALLBACK=1: a port someone else holds is
    // not probed beforehand (a race) but given up at bind time, and the port bound is reported
    if (process.env.PORT_FALLBACK !== '1' || (error as { code?: unknown }).code !== 'EADDRINUSE') throw error;
    console.warn(`[${options.name}] port ${options.port} is taken; binding a free port instead`);
    await app.listen(0, host);
  }
  // the port actually bound (npm start reads this line; the gateway's own links use it)
  const bound = (app.getHttpServer() as Server).address() as AddressInfo;
  if (process.env.PORT_FALLBACK === '1' && process.env.PUBLIC_URL === undefined)
    process.env.PUBLIC_URL = `http://${host}:${bound.port}`;
  console.log(`[${options.name}] listening on http://${host}:${bound.port}`);
  return app;
}

export function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}
