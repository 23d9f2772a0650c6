import { context, trace } from '@opentelemetry/api';
import { InMemorySpanExporter, NodeTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-node';
import { fromWire, newEvent, toWire } from './cloudevents';
import { contextOfHeaders, currentTraceContext, inRunSpans, inSpan, SpanKind, tracingOn } from './tracing';

const data = {
  jurisdictionId: 'oh-test',
  requestId: '5b2f0f3e-2a4e-4d3a-9a0e-1f7c3d0b9a11',
} as never;
const event = () => newEvent('uocava.request.submitted.v1', data, 'urn:uocava:test');

describe('trace context in the CloudEvents traceparent extension', () => {
  it('without a tracer SDK nothing is added and nothing is traced', async () => {
    expect(tracingOn()).toBe(false);
    expect(currentTraceContext()).toEqual({});
    const wire = toWire({ ...currentTraceContext(), ...event() });
    expect(Object.keys(wire.headers).filter((h) => h.includes('trace'))).toEqual([]);
    expect(
      await inSpan('x', { kind: SpanKind.CONSUMER, parent: contextOfHeaders(wire.headers) }, async () => 7),
    ).toBe(7);
  });

  describe('with the SDK', () => {
    const exporter = new InMemorySpanExporter();
    const provider = new NodeTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
    beforeAll(() => provider.register());
    afterAll(async () => {
      await provider.shutdown();
      trace.disable();
      context.disable();
    });

    it('carries the creating span as ce_traceparent, and a consumer span is its child', async () => {
      expect(tracingOn()).toBe(true);
      const creating = trace.getTracer('test').startSpan('POST /api/v1/ballot-requests');
      const { traceId, spanId } = creating.spanContext();
      const wire = context.with(trace.setSpan(context.active(), creating), () =>
        toWire({ ...currentTraceContext(), ...event() }),
      );
      creating.end();
      expect(wire.headers.ce_traceparent).toBe(`00-${traceId}-${spanId}-01`);
      // decoded as the CloudEvents attribute; the consumer's span continues the trace
      const decoded = fromWire({ ...wire, key: wire.key });
      expect(decoded.traceparent).toBe(wire.headers.ce_traceparent);
      const inner = await inSpan(
        'uocava.request.submitted.v1 process',
        { kind: SpanKind.CONSUMER, parent: contextOfHeaders(wire.headers) },
        async () => currentTraceContext().traceparent,
      );
      const consumer = exporter
        .getFinishedSpans()
        .find((s) => s.name === 'uocava.request.submitted.v1 process')!;
      expect(consumer.spanContext().traceId).toBe(traceId);
      expect(consumer.parentSpanContext?.spanId).toBe(spanId);
      expect(consumer.kind).toBe(SpanKind.CONSUMER);
      // an event created inside the consumer span carries the consumer span on
      expect(inner).toBe(`00-${traceId}-${consumer.spanContext().spanId}-01`);
    });

    it('an event that brings its own traceparent keeps it', () => {
      const own = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
      const span = trace.getTracer('test').startSpan('other');
      const wire = context.with(trace.setSpan(context.active(), span), () =>
        toWire({ ...currentTraceContext(), ...event(), traceparent: own }),
      );
      span.end();
      expect(wire.headers.ce_traceparent).toBe(own);
    });

    it('a run of events from several traces gives each trace its own processing span', async () => {
      const wires = ['first', 'second'].map((name) => {
        const creating = trace.getTracer('test').startSpan(name);
        const wire = context.with(trace.setSpan(context.active(), creating), () =>
          toWire({ ...currentTraceContext(), ...event() }),
        );
        creating.end();
        return { creating, wire };
      });
      await inRunSpans(
        'receipts run process',
        wires.map(({ wire }) => ({
          name: 'uocava.request.submitted.v1 process',
          parent: contextOfHeaders(wire.headers),
        })),
        { kind: SpanKind.CONSUMER, attributes: { 'messaging.batch.message_count': 2 } },
        async () => undefined,
      );
      const finished = exporter.getFinishedSpans();
      const run = finished.find((s) => s.name === 'receipts run process')!;
      // the run continues the first trace and links every event's context
      expect(run.spanContext().traceId).toBe(wires[0].creating.spanContext().traceId);
      expect(run.links.map((l) => l.context.spanId)).toEqual(
        wires.map((w) => w.creating.spanContext().spanId),
      );
      for (const { creating } of wires) {
        const own = finished.find(
          (s) =>
            s.name === 'uocava.request.submitted.v1 process' &&
            s.spanContext().traceId === creating.spanContext().traceId,
        )!;
        expect(own.parentSpanContext?.spanId).toBe(creating.spanContext().spanId);
        expect(own.kind).toBe(SpanKind.CONSUMER);
        expect(own.links.map((l) => l.context.spanId)).toEqual([run.spanContext().spanId]);
      }
    });

    it('a failing operation ends its span with the error', async () => {
      await expect(
        inSpan('failing', { kind: SpanKind.CONSUMER, parent: contextOfHeaders({}) }, async () => {
          throw new Error('nope');
        }),
      ).rejects.toThrow('nope');
      const failed = exporter.getFinishedSpans().find((s) => s.name === 'failing')!;
      expect(failed.status.code).toBe(2);
      expect(failed.events.map((e) => e.name)).toContain('exception');
    });
  });
});
