import { Writable } from 'node:stream';
import { context, trace } from '@opentelemetry/api';
import { NodeTracerProvider } from '@opentelemetry/sdk-trace-node';
import {
  createLogger,
  PinoNestLogger,
  REDACTED_FIELDS,
  redactPersonalData,
  routeConsoleToLogger,
} from './logging';

/** A logger writing into an array of parsed lines. */
function captured(service = 'test-service') {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter(Boolean));
      done();
    },
  });
  const log = createLogger(service, stream);
  return { log, lines, parsed: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>) };
}

const PII = {
  firstName: 'Marguerite',
  lastName: 'Quillfeather',
  dateOfBirth: '1961-07-14',
  email: 'marguerite.q@example.org',
  phone: '+33 6 12 34 56 78',
  address: { street: '17 Rue des Lilas', city: 'Lyon', postalCode: '69003' },
  token: 'tok_9f8e7d6c5b4a',
  apiKey: 'ak_live_1234567890',
  password: 'hunter2-correct-horse',
};
const SECRET_VALUES = [
  'Marguerite',
  'Quillfeather',
  '1961-07-14',
  'marguerite.q@example.org',
  '+33 6 12 34 56 78',
  '17 Rue des Lilas',
  'tok_9f8e7d6c5b4a',
  'ak_live_1234567890',
  'hunter2-correct-horse',
  'Bearer eyJhbGciOi.secret',
  'session=abc123secret',
  'xk-apikey-secret',
];

describe('structured logs', () => {
  it('writes one JSON line per event with service, level name, ISO time and message', () => {
    const { log, lines, parsed } = captured('gateway');
    log.warn({ requestId: 'b0a7', status: 'verified' }, 'something happened');
    log.error('second');
    expect(lines).toHaveLength(2);
    const [first, second] = parsed();
    expect(first).toMatchObject({
      service: 'gateway',
      level: 'warn',
      msg: 'something happened',
      requestId: 'b0a7',
    });
    expect(typeof first.time).toBe('string');
    expect(new Date(first.time as string).toISOString()).toBe(first.time);
    expect(second).toMatchObject({ service: 'gateway', level: 'error', msg: 'second' });
  });

  it('redacts personal data and secrets at the top level and nested, in objects, arrays and headers', () => {
    const { log, lines, parsed } = captured();
    log.warn(PII, 'top level');
    log.warn({ voter: PII }, 'one level down');
    log.warn({ request: { fpca: { voter: PII } } }, 'three levels down');
    log.warn({ voters: [PII, PII] }, 'in an array');
    log.warn(
      {
        req: {
          method: 'POST',
          headers: {
            authorization: 'Bearer eyJhbGciOi.secret',
            cookie: 'session=abc123secret',
            'x-api-key': 'xk-apikey-secret',
            'set-cookie': 'session=abc123secret',
          },
        },
      },
      'headers',
    );
    const output = lines.join('\n');
    for (const value of SECRET_VALUES) expect(output).not.toContain(value);
    // what is not personal data is kept, and the redacted fields are marked as such
    const [top, , deep, , headers] = parsed();
    expect(top.email).toBe('[redacted]');
    expect(top.address).toBe('[redacted]');
    expect((deep.request as { fpca: { voter: { email: string } } }).fpca.voter.email).toBe('[redacted]');
    expect((headers.req as { method: string; headers: Record<string, string> }).method).toBe('POST');
    expect((headers.req as { headers: Record<string, string> }).headers.authorization).toBe('[redacted]');
    expect(output).toContain('three levels down');
  });

  it('the redaction list covers the personal-data fields of the FPCA and the credentials', () => {
    for (const f of [
      'firstName',
      'lastName',
      'dateOfBirth',
      'email',
      'phone',
      'address',
      'token',
      'apiKey',
      'authorization',
      'cookie',
    ])
      expect(REDACTED_FIELDS).toContain(f);
  });

  it('redacts at any depth and in any letter case, keeps errors and dates, and leaves the input alone', () => {
    const deep = {
      a: { b: { c: { d: { e: { f: { Email: 'x@y.z', Authorization: 'Bearer t', ok: 1 } } } } } },
    };
    expect(JSON.stringify(redactPersonalData(deep))).toBe(
      '{"a":{"b":{"c":{"d":{"e":{"f":{"Email":"[redacted]","Authorization":"[redacted]","ok":1}}}}}}}',
    );
    expect(deep.a.b.c.d.e.f.Email).toBe('x@y.z');
    const error = new Error('boom');
    const when = new Date(0);
    expect(redactPersonalData({ err: error, when })).toEqual({ err: error, when });
    let nested: Record<string, unknown> = { email: 'x@y.z' };
    for (let i = 0; i < 20; i++) nested = { n: nested };
    expect(JSON.stringify(redactPersonalData(nested))).not.toContain('x@y.z');
  });

  it('errors logged under err keep their message and stack', () => {
    const { log, parsed } = captured();
    log.error({ err: new Error('database unavailable') }, 'failed');
    const [line] = parsed();
    expect(line.err).toMatchObject({ type: 'Error', message: 'database unavailable' });
    expect(String((line.err as { stack: string }).stack)).toContain('database unavailable');
  });

  it("the Nest logger interface logs through pino with Nest's context, redacting objects too", () => {
    const { log, parsed } = captured();
    const nest = new PinoNestLogger(log);
    nest.warn('a Nest warning', 'RoutesResolver');
    nest.error({ msg: 'object', email: 'marguerite.q@example.org' });
    nest.error(new Error('boom'), 'ExceptionsHandler');
    const [warn, object, error] = parsed();
    expect(warn).toMatchObject({ level: 'warn', msg: 'a Nest warning', context: 'RoutesResolver' });
    expect(object.email).toBe('[redacted]');
    expect(error).toMatchObject({ level: 'error', msg: 'boom', context: 'ExceptionsHandler' });
  });

  it('console lines become JSON events of the level of the console method', () => {
    const { log, parsed } = captured();
    const saved = {
      log: console.log,
      info: console.info,
      warn: console.warn,
      error: console.error,
      debug: console.debug,
    };
    try {
      routeConsoleToLogger(log);
      console.warn('[ballots] packet %s held', 'p1');
      console.error('[outbox] down');
    } finally {
      Object.assign(console, saved);
    }
    expect(parsed().map((l) => [l.level, l.msg])).toEqual([
      ['warn', '[ballots] packet p1 held'],
      ['error', '[outbox] down'],
    ]);
  });

  it('inside a span a line carries its trace id and span id', () => {
    const provider = new NodeTracerProvider();
    provider.register();
    try {
      const { log, parsed } = captured();
      const span = trace.getTracer('test').startSpan('op');
      context.with(trace.setSpan(context.active(), span), () => log.warn('in a span'));
      span.end();
      log.warn('outside');
      const [inside, outside] = parsed();
      expect(inside.trace_id).toBe(span.spanContext().traceId);
      expect(inside.span_id).toBe(span.spanContext().spanId);
      expect(inside.trace_id).toMatch(/^[0-9a-f]{32}$/);
      expect(outside.trace_id).toBeUndefined();
    } finally {
      void provider.shutdown();
      trace.disable();
      context.disable();
    }
  });
});
