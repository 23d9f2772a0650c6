/**
 * A local SMTP relay for `npm run bench -- mail`, run as its own process (forked by the bench):
 * `smtp-server` accepting every message (no TLS, no auth), reading each to its end and counting
 * it; nothing is parsed or kept. The parent asks for `{ received, lastAt }` over IPC.
 */
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

let received = 0;
let lastAt = 0;
const server = new SMTPServer({
  authOptional: true,
  disabledCommands: ['STARTTLS', 'AUTH'],
  logger: false,
  size: 1024 * 1024,
  maxClients: 200,
  onData(stream, _session, callback) {
    stream.on('data', () => undefined);
    stream.on('end', () => {
      received++;
      lastAt = Date.now();
      callback();
    });
  },
});
server.on('error', () => undefined);
server.listen(0, '127.0.0.1', () => {
  process.send?.({ port: (server.server.address() as AddressInfo).port });
});
process.on('message', (m: { ask?: string }) => {
  if (m.ask === 'count') process.send?.({ received, lastAt });
  if (m.ask === 'exit') server.close(() => process.exit(0));
});
