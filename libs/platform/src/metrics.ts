/**
 * Prometheus metrics of one process (prom-client): `GET /metrics` on every app, in the text
 * exposition format. Counters are per process; Prometheus sums the replicas. Metrics carry codes
 * and counts only, never personal data (labels: service, route templates, methods, status
 * classes, consumer groups, topics, partitions, jurisdiction slugs — no ids). Meant for the
 * cluster's scraper, not the public ingress. docs/operations.md "Observability" lists them.
 */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { NextFunction, Request, Response } from 'express';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import { routeOf } from './tracing';

/** The process's registry; every metric of the platform registers here. */
export const metricsRegistry = new Registry();
let defaultsFor: string | undefined;

/** Node.js process metrics (CPU, memory, event loop lag), labelled with the service name, once. */
export function collectProcessMetrics(service: string): void {
  if (defaultsFor !== undefined) return;
  defaultsFor = service;
  metricsRegistry.setDefaultLabels({ service });
  collectDefaultMetrics({ register: metricsRegistry, prefix: 'uocava_' });
}

/** A counter in the platform's registry (the same one when asked for twice by name). */
export function counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Counter<L>;
  return new Counter<L>({ name, help, labelNames, registers: [metricsRegistry] });
}

/** How long a computed gauge may take (the database or broker down must not fail the whole scrape). */
const COLLECT_TIMEOUT_MS = 5000;

/**
 * A gauge in the platform's registry whose values are computed when Prometheus scrapes
 * (`collect` sets them; it may query the database or the broker). A failing or slow (over 5 s)
 * `collect` leaves the gauge empty (NaN without labels) for that scrape (and counts the failure in
 * `uocava_metric_collect_failures_total`) instead of failing the whole scrape.
 */
export function gauge<L extends string>(
  name: string,
  help: string,
  labelNames: readonly L[],
  collect?: (set: (labels: Partial<Record<L, string | number>>, value: number) => void) => Promise<void>,
): Gauge<L> {
  const existing = metricsRegistry.getSingleMetric(name);
  if (existing) return existing as Gauge<L>;
  return new Gauge<L>({
    name,
    help,
    labelNames,
    registers: [metricsRegistry],
    ...(collect
      ? {
          async collect(this: Gauge<L>) {
            this.reset();
            // values are set only if the whole collect finishes in time: a half-read gauge misleads
            const values: Array<[Partial<Record<L, string | number>>, number]> = [];
            let timer: NodeJS.Timeout | undefined;
            try {
              await Promise.race([
                collect((labels, value) => values.push([labels, value])),
                new Promise((_, reject) => {
                  timer = setTimeout(() => reject(new Error('timed out')), COLLECT_TIMEOUT_MS);
                }),
              ]);
              for (const [labels, value] of values) this.set(labels, value);
            } catch {
              collectFailures.inc({ metric: name });
              // a gauge without labels always shows a sample: NaN, never a reassuring 0
              if (labelNames.length === 0) this.set(NaN);
            } finally {
              clearTimeout(timer);
            }
          },
        }
      : {}),
  });
}

const collectFailures = counter(
  'uocava_metric_collect_failures_total',
  'Scrapes where a computed metric could not be read (database or broker unreachable), by metric',
  ['metric'],
);

/** Latency of HTTP requests by route template, method and status class (rate: its `_count`). */
export const httpDuration = new Histogram<'method' | 'route' | 'status_class'>({
  name: 'uocava_http_request_duration_seconds',
  help: 'HTTP request latency by method, route template and status class (1xx..5xx)',
  labelNames: ['method', 'route', 'status_class'],
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});

/** Express middleware recording `uocava_http_request_duration_seconds` (not for /metrics itself). */
export function httpMetricsMiddleware(req: Request, res: Response, next: NextFunction): void {
  const end = httpDuration.startTimer();
  res.once('finish', () => {
    const route = routeOf(req);
    if (route === '/metrics') return;
    end({ method: req.method, route, status_class: `${Math.floor(res.statusCode / 100)}xx` });
  });
  next();
}

@ApiExcludeController()
@Controller('metrics')
export class MetricsController {
  constructor(@Inject('SERVICE_NAME') service: string) {
    collectProcessMetrics(service);
  }

  @Get()
  @Header('Content-Type', metricsRegistry.contentType)
  @Header('Cache-Control', 'no-store')
  async metrics(): Promise<string> {
    return metricsRegistry.metrics();
  }
}
