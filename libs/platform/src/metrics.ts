/**
 * Prometheus metrics of one process (prom-client): `GET /metrics` on every app, in the text
 * exposition format. Counters are per process; Prometheus sums the replicas. Metrics carry codes
 * and counts only, never personal data. Meant for the cluster's scraper, not the public ingress.
 */
import { Controller, Get, Header, Inject } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { collectDefaultMetrics, Counter, Registry } from 'prom-client';

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
