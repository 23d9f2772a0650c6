import { createServer, connect, type AddressInfo, type Server, type Socket } from 'node:net';

/**
 * A TCP proxy that can be cut and restored on the same port: a database (or any server) outage
 * for the processes that connect through it, without stopping the shared server itself.
 */
export class CuttableProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async up(): Promise<void> {
    this.server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      // either side gone (FIN, RST, error) takes the other with it, as a TCP connection would: a
      // client killed with unread data gets an RST, and an upstream left open would keep its
      // Postgres session, its open transaction and its row locks forever
      const pair: Array<[Socket, Socket]> = [
        [client, upstream],
        [upstream, client],
      ];
      for (const [s, other] of pair) {
        this.sockets.add(s);
        s.on('close', () => {
          this.sockets.delete(s);
          other.destroy();
        });
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

/** DATABASE_URL with its host and port replaced by the proxy's. */
export function throughProxy(databaseUrl: string, proxy: CuttableProxy): string {
  const url = new URL(databaseUrl);
  url.host = `127.0.0.1:${proxy.port}`;
  return url.toString();
}
