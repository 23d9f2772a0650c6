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

export { SpanKind };
