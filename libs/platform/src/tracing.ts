/**
 * OpenTelemetry traces, off unless `OTEL_EXPORTER_OTLP_ENDPOINT` (or
 * `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`) is set: then spans go to that collector by OTLP over HTTP
 * (JSON encoding), batched (the standard `OTEL_BSP_*` variables tune the batching). The spans are
 * few and manual: one server span per HTTP request (this file), one producer span per event the
 * outbox relay publishes and one consumer span per event a consumer processes (libs/messaging
 * tracing.ts), linked by the W3C trace context in the CloudEvents `traceparent` extension.
 * `OTEL_SERVICE_NAME` overrides the service name; `OTEL_TRACES_SAMPLER` etc. work as usual.
 */
import type { NextFunction, Request, Response } from 'express';
import { context, propagation, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, NodeTracerProvider } from '@opentelemetry/sdk-trace-node';

let provider: NodeTracerProvider | undefined;

export function tracingEnabled(env: NodeJS.ProcessEnv = process.env): boolean {
  return (
    Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT) &&
    env.OTEL_SDK_DISABLED !== 'true'
  );
}

/** Registers the tracer provider of this process (once), if tracing is configured. */
export function startTracing(service: string): boolean {
  if (provider !== undefined) return true;
  if (!tracingEnabled()) return false;
  provider = new NodeTracerProvider({
    resource: resourceFromAttributes({ 'service.name': process.env.OTEL_SERVICE_NAME ?? service }),
    spanProcessors: [new BatchSpanProcessor(new OTLPTraceExporter())],
  });
  // AsyncLocalStorage context, W3C trace context + baggage propagators
  provider.register();
  return true;
}

/** Sends the spans still buffered and stops (on shutdown). */
export async function stopTracing(): Promise<void> {
  const p = provider;
  provider = undefined;
  await p?.shutdown();
}

const tracer = trace.getTracer('@uocava/platform');

/** The route template of a request (never the path itself: it may hold ids or tokens). */
export function routeOf(req: Request): string {
  const route = (req as Request & { route?: { path?: unknown } }).route?.path;
  return typeof route === 'string' ? `${req.baseUrl ?? ''}${route}` : 'unmatched';
}

/**
 * Express middleware: a server span per request, child of an incoming `traceparent`, named by
 * method and route template once the response is finished. The request and response emitters are
 * bound to the span's context so the handlers after body parsing run inside it.
 */
export function tracingMiddleware(req: Request, res: Response, next: NextFunction): void {
  if (provider === undefined) return next();
  const parent = propagation.extract(context.active(), req.headers);
  const span = tracer.startSpan(
    `${req.method}`,
    { kind: SpanKind.SERVER, attributes: { 'http.request.method': req.method } },
    parent,
  );
  const ctx = trace.setSpan(parent, span);
  context.bind(ctx, req);
  context.bind(ctx, res);
  // 'close' comes after 'finish', and also when the client went away before the answer
  res.once('close', () => {
    const route = routeOf(req);
    span.updateName(`${req.method} ${route}`);
    span.setAttribute('http.route', route);
    span.setAttribute('http.response.status_code', res.statusCode);
    if (res.statusCode >= 500 || !res.writableFinished) span.setStatus({ code: SpanStatusCode.ERROR });
    span.end();
  });
  context.with(ctx, next);
}
