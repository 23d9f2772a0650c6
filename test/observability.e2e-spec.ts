/**
 * Observability of the apps as separate processes: traces, metrics and logs.
 *
 * One trace from the HTTP request through the outbox and Kafka to every consumer: the apps run as
 * separate processes and export their spans by OTLP/HTTP (JSON) to a small receiver in this test.
 * A ballot request submitted to the gateway yields one trace id whose spans come from the gateway
 * (server span, relay publish), verification, ballots, receipts and notifications (consumer spans,
 * each a child of the `traceparent` its event carried), all joined into one tree. The events with
 * the CloudEvents `traceparent` extension still pass the official CloudEvents SDK and their schemas.
 * Then each app's `/metrics` shows the journey (request latency by route template, consumer lag,
 * outbox backlog, packets, the MOVE Act counts) without ids or personal data, and every line the
 * apps wrote is a JSON event without the voter's data.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Kafka } from 'kafkajs';
import { validFpcaExample } from '@uocava/domain';
import { createOffice, EXAMPLE_PRECINCT, eventually, gatewayClient } from '@uocava/testing';
import { checkMessage, PublishedSchemas, TOPICS, type RawMessage } from '../examples/event-consumer/consumer';
import { startProcessStack, type ProcessAppName, type ProcessStack } from './harness/processes';

const APPS: ProcessAppName[] = ['gateway', 'verification', 'ballots', 'receipts', 'notifications'];

interface ReceivedSpan {
  service: string;
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
}

/** OTLP span kinds (opentelemetry-proto trace.proto) */
const KIND = { server: 2, producer: 4, consumer: 5 };

/** A tiny OTLP/HTTP receiver (JSON encoding, `POST /v1/traces`). */
function otlpReceiver(): { server: Server; spans: ReceivedSpan[]; requests: () => number } {
  const spans: ReceivedSpan[] = [];
  let requests = 0;
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests++;
      if (
        req.method !== 'POST' ||
        req.url !== '/v1/traces' ||
        !/json/.test(req.headers['content-type'] ?? '')
      ) {
        res.writeHead(415).end();
        return;
      }
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as {
        resourceSpans: Array<{
          resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
          scopeSpans: Array<{ spans: Array<Omit<ReceivedSpan, 'service'>> }>;
        }>;
      };
      for (const rs of body.resourceSpans) {
        const service =
          rs.resource.attributes.find((a) => a.key === 'service.name')?.value.stringValue ?? '?';
        for (const ss of rs.scopeSpans)
          for (const s of ss.spans)
            spans.push({
              service,
              traceId: s.traceId,
              spanId: s.spanId,
              parentSpanId: s.parentSpanId ?? '',
              name: s.name,
              kind: s.kind,
            });
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  return { server, spans, requests: () => requests };
}

describe('observability: traces, metrics and logs of the apps as processes', () => {
  const receiver = otlpReceiver();
  let stack: ProcessStack;
  let jurisdictionId: string;
  let clerkKey: string;
  const seen: RawMessage[] = [];
  let stopSpy: () => Promise<void>;
  let requestId = '';
  let trackingCode = '';

  beforeAll(async () => {
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    const { port } = receiver.server.address() as AddressInfo;
    const office = await createOffice({ prefix: 'trc' });
    jurisdictionId = office.jurisdictionId;
    clerkKey = office.keys.clerk!;
    stack = await startProcessStack(APPS, {
      // the log test reads every line each app wrote (on a broker shared with the suites before,
      // the apps' consumers first work through those suites' events)
      keepAllOutput: true,
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: `http://127.0.0.1:${port}`,
        OTEL_EXPORTER_OTLP_TRACES_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // info: every app writes at least its 'listening' event
        LOG_LEVEL: 'info',
      },
    });
    const kafka = new Kafka({
      clientId: 'e2e-trace-spy',
      brokers: process.env.KAFKA_BROKERS!.split(','),
      logLevel: 1,
    });
    const consumer = kafka.consumer({ groupId: `trace-spy-${jurisdictionId}` });
    await consumer.connect();
    await consumer.subscribe({ topics: TOPICS, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (String(message.headers?.ce_jurisdiction) !== jurisdictionId) return;
        seen.push({ key: message.key, value: message.value, headers: message.headers });
      },
    });
    stopSpy = () => consumer.disconnect();
  }, 180000);

  afterAll(async () => {
    await stopSpy?.();
    await stack?.stop();
    await new Promise((resolve) => receiver.server.close(resolve));
  });

  it('a submitted ballot request is one trace across gateway, relay, Kafka and every consumer', async () => {
    const http = gatewayClient(stack.baseUrl);
    expect((await http.defineElection(clerkKey)).status).toBe(201);
    const voter = validFpcaExample();
    voter.jurisdictionId = jurisdictionId;
    const roll = await http.importRoll(clerkKey, [
      {
        state_voter_id: 'OH0001',
        first_name: 'Jane',
        middle_name: 'A',
        last_name: 'Doe',
        date_of_birth: voter.dateOfBirth,
        drivers_license: 'AA999888',
        residence_street: '3818 Belmont Ave',
        residence_city: 'Youngstown',
        residence_state: 'OH',
        residence_zip: '44505',
        county: 'Mahoning',
        precinct: EXAMPLE_PRECINCT,
        status: 'active',
      },
    ]);
    expect(roll.status).toBe(200);
    const res = await http.submit(voter);
    expect(res.status).toBe(202);
    ({ requestId, trackingCode } = (await res.json()) as { requestId: string; trackingCode: string });
    await http.track(trackingCode); // a lookup with the code in its path, for the metrics below

    // the gateway's server span of the submission is the root of the trace
    const root = await eventually(
      async () =>
        receiver.spans.find(
          (s) =>
            s.service === 'gateway' && s.kind === KIND.server && s.name === 'POST /api/v1/ballot-requests',
        ),
      30000,
      'the gateway span of the submission',
    );
    expect(root.parentSpanId).toBe('');
    const traceId = root.traceId;

    // every consumer app processed an event of this request inside the same trace: verification
    // the submission, ballots the verification, receipts and notifications what followed; and a
    // relay's publish (whichever app's relay took the batch: every app but notifications runs one)
    const expected: Array<[string, (s: ReceivedSpan) => boolean]> = [
      [
        'a relay publish of the submission',
        (s) => s.kind === KIND.producer && s.name === 'uocava.requests.v1 publish',
      ],
      [
        'verification processing the submission',
        (s) =>
          s.service === 'verification' &&
          s.kind === KIND.consumer &&
          s.name === 'uocava.request.submitted.v1 process',
      ],
      [
        'ballots processing the verification',
        (s) =>
          s.service === 'ballots' &&
          s.kind === KIND.consumer &&
          s.name === 'uocava.request.verified.v1 process',
      ],
      [
        'receipts processing the generated ballot',
        (s) =>
          s.service === 'receipts' &&
          s.kind === KIND.consumer &&
          s.name === 'uocava.ballot.generated.v1 process',
      ],
      ['notifications processing an event', (s) => s.service === 'notifications' && s.kind === KIND.consumer],
    ];
    const inTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
    const trace = await eventually(
      async () => {
        const t = inTrace();
        return expected.every(([, match]) => t.some(match)) ? t : undefined;
      },
      90000,
      'the spans of every hop in the trace',
    ).catch((e: unknown) => {
      const t = inTrace();
      const missing = expected.filter(([, match]) => !t.some(match)).map(([what]) => what);
      throw new Error(
        `${String(e)}\nmissing: ${missing.join(', ')}\nspans in the trace:\n${t.map((s) => `${s.service} ${s.kind} ${s.name}`).join('\n')}`,
      );
    });
    expect(new Set(trace.map((s) => s.service))).toEqual(new Set(APPS));
    // one tree: every span's parent is a span of the trace (only the root has none)
    const ids = new Set(trace.map((s) => s.spanId));
    for (const s of trace)
      if (s !== root) expect(ids.has(s.parentSpanId) ? s.parentSpanId : s).toBe(s.parentSpanId);

    // the events on Kafka carry the trace in the CloudEvents `traceparent` extension and still pass
    // the official SDK (and their published schemas)
    const mine = await eventually(
      async () => {
        const m = seen.filter((e) => String(e.key) === requestId);
        const types = new Set(m.map((e) => String(e.headers?.ce_type)));
        const wanted = [
          'uocava.request.submitted.v1',
          'uocava.request.verified.v1',
          'uocava.ballot.generated.v1',
        ];
        return wanted.every((t) => types.has(t)) && types.has('uocava.receipt.issued.v1') ? m : undefined;
      },
      30000,
      'the events of the request on Kafka',
    );
    const schemas = new PublishedSchemas();
    for (const message of mine) {
      const checked = await checkMessage(message, schemas);
      expect(checked.ok ? 'ok' : checked.errors).toBe('ok');
      const traceparent = `${String(message.headers?.ce_type)}: ${String(message.headers?.ce_traceparent)}`;
      expect(traceparent).toMatch(new RegExp(`: 00-${traceId}-[0-9a-f]{16}-01$`));
      expect(checked.event?.traceparent).toBe(String(message.headers?.ce_traceparent));
    }
  }, 240000);

  /** Samples of one metric as [labels, value], from the text exposition format. */
  const samples = (text: string, name: string): Array<[Record<string, string>, number]> =>
    text
      .split('\n')
      .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
      .map((l) => {
        const m = /^[^{ ]+(?:\{(.*)\})? (\S+)$/.exec(l)!;
        const labels = Object.fromEntries(
          [...(m[1] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((x) => [x[1], x[2]]),
        );
        return [labels, Number(m[2])];
      });
  const scrape = async (app: ProcessAppName) => {
    const res = await fetch(`${stack.url(app)}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain;.*version=0\.0\.4/);
    return res.text();
  };

  it('each app serves its metrics, with route templates and no ids or personal data in labels', async () => {
    const gateway = await scrape('gateway');
    const submissions = samples(gateway, 'uocava_http_request_duration_seconds_count').filter(
      ([l]) => l.route === '/api/v1/ballot-requests' && l.method === 'POST',
    );
    expect(submissions).toEqual([
      [{ method: 'POST', route: '/api/v1/ballot-requests', status_class: '2xx', service: 'gateway' }, 1],
    ]);
    // the tracking lookup is counted under its template, never its code
    expect(samples(gateway, 'uocava_http_request_duration_seconds_count').map(([l]) => l.route)).toContain(
      '/api/v1/tracking/:trackingCode',
    );
    expect(samples(gateway, 'uocava_outbox_unpublished_events')).toHaveLength(1);
    expect(samples(gateway, 'uocava_outbox_oldest_unpublished_age_seconds')).toHaveLength(1);
    expect(gateway).toContain('# TYPE uocava_quarantine_parked_messages gauge');
    // the request's election is federal and 30 days ahead: in the MOVE Act window
    const moveAct = samples(gateway, 'uocava_move_act_requests').filter(
      ([l]) => l.jurisdiction === jurisdictionId,
    );
    expect(moveAct.reduce((n, [, v]) => n + v, 0)).toBeGreaterThanOrEqual(1);

    const ballots = await scrape('ballots');
    expect(samples(ballots, 'uocava_packets_generated_total')).toEqual([
      [{ outcome: 'issued', service: 'ballots' }, 1],
    ]);
    const verification = await scrape('verification');
    const lag = samples(verification, 'uocava_consumer_lag_messages');
    expect(lag.length).toBeGreaterThan(0);
    for (const [l, v] of lag) {
      expect(l).toMatchObject({
        consumer: 'verification',
        group: `${stack.consumerGroupPrefix}verification`,
      });
      expect(l.topic).toMatch(/^uocava\./);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(samples(verification, 'uocava_consumer_messages_total')).toContainEqual([
      { consumer: 'verification', outcome: 'processed', service: 'verification' },
      expect.any(Number),
    ]);

    for (const [app, text] of [
      ['gateway', gateway],
      ['ballots', ballots],
      ['verification', verification],
    ] as const) {
      expect(samples(text, 'uocava_metric_collect_failures_total')).toEqual([]);
      for (const secret of [requestId, trackingCode, 'Jane', 'Doe', 'Belmont'])
        expect(`${app}: ${text.includes(secret) ? secret : 'clean'}`).toBe(`${app}: clean`);
    }
  });

  it('every line the apps wrote is one JSON event with service, level and time, and no personal data', () => {
    for (const app of APPS) {
      const lines = stack.output(app).split('\n').filter(Boolean);
      expect(lines.some((l) => l.includes(`[${app}] listening on http://`))).toBe(true);
      for (const line of lines) {
        const event = JSON.parse(line) as Record<string, unknown>;
        expect(event).toMatchObject({ service: app, level: expect.any(String), time: expect.any(String) });
      }
      for (const secret of ['Jane', 'Doe', 'Belmont', 'AA999888', 'jane.doe@example.org'])
        expect(stack.output(app)).not.toContain(secret);
    }
  });
});
