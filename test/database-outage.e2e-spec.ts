/**
 * The gateway while Postgres is unreachable (issue 14): it stays live and ready, answers 503
 * problem+json with Retry-After itself (never 500), and recovers by itself once the database is
 * back. The outage is a TCP proxy between the gateway process and the run's Postgres, cut and
 * restored (the shared server itself is not stopped).
 */
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { validFpcaExample } from '@uocava/domain';
import { createOffice, eventually, gatewayClient } from '@uocava/testing';
import { startProcessStack, type ProcessStack } from './harness/processes';

class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => s.destroy());
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as AddressInfo).port;
  }

  async down(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server?.close(() => resolve()) ?? resolve());
  }
}

describe('gateway while Postgres is down', () => {
  let stack: ProcessStack;
  let proxy: CuttableProxy;

  beforeAll(async () => {
    const url = new URL(process.env.DATABASE_URL!);
    proxy = new CuttableProxy({ host: url.hostname, port: Number(url.port || 5432) });
    await proxy.up();
    url.host = `127.0.0.1:${proxy.port}`;
    stack = await startProcessStack(['gateway'], { env: { DATABASE_URL: url.toString() } });
  }, 120000);

  afterAll(async () => {
    await stack?.stop();
    await proxy?.down();
  });

  it('answers 503 with Retry-After, stays ready, and recovers by itself', async () => {
    const { jurisdictionId } = await createOffice({ prefix: 'pgdown', roles: [] });
    const voter = () => ({ ...validFpcaExample(), jurisdictionId });
    const http = gatewayClient(stack.baseUrl);
    expect((await http.submit(voter())).status).toBe(202);

    await proxy.down();
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      const res = await http.submit(voter());
      statuses.push(res.status);
      if (res.status === 503) {
        expect(res.headers.get('retry-after')).toBe('5');
        expect(res.headers.get('content-type')).toMatch(/application\/problem\+json/);
        expect(await res.json()).toMatchObject({
          status: 503,
          type: 'https://uocava.example/problems/unavailable',
        });
      }
    }
    expect(statuses.every((s) => s === 503)).toBe(true);
    expect((await fetch(`${stack.baseUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/health/ready`)).status).toBe(200);
    expect((await fetch(`${stack.baseUrl}/health`)).status).toBe(503); // the full check says what is down

    await proxy.up();
    const back = Date.now();
    let last = 0;
    await eventually(
      async () => {
        last = (await http.submit(voter())).status;
        return last < 500 ? true : undefined; // the same voter again: accepted as a duplicate
      },
      30000,
      'recovery',
    ).catch((e: unknown) => {
      throw new Error(`${String(e)} (last status ${last})\n${stack.output('gateway')}`);
    });
    const seconds = (Date.now() - back) / 1000;
    process.stderr.write(
      `[database-outage] gateway answered again ${seconds.toFixed(1)} s after Postgres was back\n`,
    );
    expect(seconds).toBeLessThan(10);
  }, 120000);
});
