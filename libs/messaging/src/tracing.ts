/**
 * Trace context across the outbox and Kafka (OpenTelemetry API only: without an SDK registered,
 * as when OTEL_EXPORTER_OTLP_ENDPOINT is unset, every call here is a no-op).
 *
 * The W3C trace context of the code that creates an event is stored with the outbox row and
 * travels as the CloudEvents distributed-tracing extension (`ce_traceparent`, `ce_tracestate` in
 * binary mode). The relay's publish span and each consumer's span are children of it, so one
 * trace runs from the HTTP request through the relay and the broker to every consumer. The
 * extension is never rewritten on the way (the CloudEvents extension says intermediaries keep it).
 */
import {
  context,
  propagation,
  ROOT_CONTEXT,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Link,
  type Span,
} from '@opentelemetry/api';

export const tracer = trace.getTracer('@uocava/messaging');

/** Whether a tracer SDK is registered in this process (its propagator is; none when tracing is off). */
export function tracingOn(): boolean {
  return propagation.fields().length > 0;
}

/** The active trace context as the CloudEvents extension attributes (empty when not tracing). */
export function currentTraceContext(): { traceparent?: string; tracestate?: string } {
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return {
    ...(carrier.traceparent ? { traceparent: carrier.traceparent } : {}),
    ...(carrier.tracestate ? { tracestate: carrier.tracestate } : {}),
  };
}

/** The context a message's `ce_traceparent`/`ce_tracestate` headers carry (root context if none). */
export function contextOfHeaders(headers: Record<string, string | undefined>): Context {
  const carrier: Record<string, string> = {};
  if (headers.ce_traceparent) carrier.traceparent = headers.ce_traceparent;
  if (headers.ce_tracestate) carrier.tracestate = headers.ce_tracestate;
  return propagation.extract(ROOT_CONTEXT, carrier);
}

/** Runs `fn` in a span (child of `parent`), ending it with the outcome; the span is active inside. */
export async function inSpan<T>(
  name: string,
  options: { kind: SpanKind; parent: Context; attributes?: Record<string, string | number> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const span = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes }, options.parent);
  try {
    return await context.with(trace.setSpan(options.parent, span), () => fn(span));
  } catch (error) {
    span.recordException(error instanceof Error ? error : String(error));
    span.setStatus({
      code: SpanStatusCode.ERROR,
      message: error instanceof Error ? error.message : undefined,
    });
    throw error;
  } finally {
    span.end();
  }
}

/**
 * Runs `fn` for a run of events handled together (one transaction): one span for the run, child
 * of the first event's trace and linked to every event's context (OpenTelemetry's messaging
 * conventions for batches), and one span per event named `<its name>`, child of that event's own
 * trace and linked to the run, so every event's trace shows where it was processed. All end with
 * the run.
 */
export async function inRunSpans<T>(
  name: string,
  items: ReadonlyArray<{ name: string; parent: Context; attributes?: Record<string, string | number> }>,
  options: { kind: SpanKind; attributes?: Record<string, string | number> },
  fn: (span: Span) => Promise<T>,
): Promise<T> {
  const links: Link[] = items
    .map((item) => trace.getSpanContext(item.parent))
    .filter((c) => c !== undefined)
    .map((c) => ({ context: c }));
  const parent = items[0]?.parent ?? ROOT_CONTEXT;
  const run = tracer.startSpan(name, { kind: options.kind, attributes: options.attributes, links }, parent);
  const spans = items.map((item) =>
    tracer.startSpan(
      item.name,
      {
        kind: options.kind,
        attributes: { ...options.attributes, ...item.attributes },
        links: [{ context: run.spanContext() }],
      },
      item.parent,
    ),
  );
  const all = [run, ...spans];
  try {
    return await context.with(trace.setSpan(parent, run), () => fn(run));
  } catch (error) {
    for (const span of all) {
      span.recordException(error instanceof Error ? error : String(error));
      span.setStatus({
        code: SpanStatusCode.ERROR,
        message: error instanceof Error ? error.message : undefined,
      });
    }
    throw error;
  } finally {
    for (const span of all) span.end();
  }
}

export { SpanKind };
