import type { ArgumentsHost } from '@nestjs/common';
import { ProblemFilter } from './problem';

function answer(exception: unknown) {
  const sent: { status?: number; headers: Record<string, string>; type?: string; body?: string } = {
    headers: {},
  };
  const res = {
    headersSent: false,
    status(code: number) {
      sent.status = code;
      return this;
    },
    setHeader(name: string, value: string) {
      sent.headers[name.toLowerCase()] = value;
    },
    type(t: string) {
      sent.type = t;
      return this;
    },
    send(body: string) {
      sent.body = body;
      return this;
    },
  };
  const host = {
    switchToHttp: () => ({
      getResponse: () => res,
      getRequest: () => ({ method: 'GET', originalUrl: '/api/x' }),
    }),
  } as unknown as ArgumentsHost;
  const error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
  try {
    new ProblemFilter().catch(exception, host);
  } finally {
    error.mockRestore();
  }
  return sent;
}

describe('ProblemFilter while the database is down', () => {
  it.each([
    [Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
    [new Error('Connection terminated unexpectedly')],
    [Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
    [new Error('timeout exceeded when trying to connect')],
  ])('answers 503 problem+json with Retry-After, not 500: %p', (exception) => {
    const sent = answer(exception);
    expect(sent.status).toBe(503);
    expect(sent.headers['retry-after']).toBe('5');
    expect(sent.type).toBe('application/problem+json');
    expect(JSON.parse(sent.body!)).toMatchObject({
      status: 503,
      type: 'https://uocava.example/problems/unavailable',
    });
  });

  it('still answers 500 for a defect', () => {
    const sent = answer(new TypeError('x is undefined'));
    expect(sent.status).toBe(500);
    expect(sent.headers['retry-after']).toBeUndefined();
  });
});
