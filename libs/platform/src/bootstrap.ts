import 'reflect-metadata';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { NestFactory } from '@nestjs/core';
import type { INestApplication, Type } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { ProblemFilter, type HtmlErrorPage, type ProblemLocalizer } from './problem';
import { logger, PinoNestLogger, routeConsoleToLogger, useServiceLogger } from './logging';
import { httpMetricsMiddleware } from './metrics';
import { startTracing, tracingMiddleware } from './tracing';

export interface StartOptions {
  name: string;
  port: number;
  configure?: (app: NestExpressApplication) => void | Promise<void>;
  /** how errors on the app's web pages are shown (default: problem+json everywhere) */
  errorPage?: (app: NestExpressApplication) => HtmlErrorPage;
  /** how problems are worded for a request (default: as thrown) */
  localizeProblem?: ProblemLocalizer;
}

/** Creates an app with the platform's defaults (problem+json errors, shutdown hooks, body limits). */
export async function createApp(
  module: Type<unknown>,
  options: StartOptions,
): Promise<NestExpressApplication> {
  // traces first (the tracer provider must be registered before the first span), then the logger
  startTracing(options.name);
  const log = useServiceLogger(options.name);
  if (process.env.LOG_PRETTY !== '1') routeConsoleToLogger(log);
  const app = await NestFactory.create<NestExpressApplication>(module, {
    logger: new PinoNestLogger(log),
    bodyParser: false,
  });
  app.useLogger(new PinoNestLogger(log));
  // before the body parsers (configure): a server span and the latency of every request
  app.use(tracingMiddleware);
  app.use(httpMetricsMiddleware);
  app.useGlobalFilters(new ProblemFilter(options.errorPage?.(app), options.localizeProblem));
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
    logger().warn(`[${options.name}] port ${options.port} is taken; binding a free port instead`);
    await app.listen(0, host);
  }
  // the port actually bound (the gateway's own links use it)
  const bound = (app.getHttpServer() as Server).address() as AddressInfo;
  if (process.env.PORT_FALLBACK === '1' && process.env.PUBLIC_URL === undefined)
    process.env.PUBLIC_URL = `http://${host}:${bound.port}`;
  const listening = `[${options.name}] listening on http://${host}:${bound.port}`;
  // a JSON event at info level, and for npm start (PORT_FALLBACK=1) the plain line it reads the
  // bound port from, whatever the log level
  logger().info({ port: bound.port }, listening);
  if (process.env.PORT_FALLBACK === '1') process.stdout.write(`${listening}\n`);
  return app;
}

export function portFromEnv(name: string, fallback: number): number {
  const value = process.env[name];
  if (!value) return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`${name} must be a port number`);
  return port;
}
