/**
 * A real SMTP server in the test process (`smtp-server`), recording every message it accepts,
 * parsed with `mailparser`. Tests point SMTP_URL at it and assert on what arrived; they can make
 * it refuse (4xx, 5xx) or stop listening altogether to play an outage, then bring it back.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer, type SMTPServerAddress, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  /** envelope sender and recipients (as given in MAIL FROM / RCPT TO) */
  envelope: { from: string; to: string[] };
  /** the message exactly as received */
  raw: Buffer;
  parsed: ParsedMail;
  messageId: string | undefined;
  subject: string;
  text: string;
  receivedAt: Date;
}

/**
 * - `accept`: every message is taken;
 * - `tempfail`: every transaction is answered `451 4.3.0` at MAIL FROM (a relay that is up but
 *   refusing for now);
 * - `reject-data`: `451` to DATA only (a per-message temporary refusal);
 * - `reject-recipient`: `550 5.1.1` to RCPT TO (the address does not exist).
 */
export type SmtpSinkMode = 'accept' | 'tempfail' | 'reject-data' | 'reject-recipient';

export interface SmtpSink {
  readonly url: string;
  readonly port: number;
  /** accepted messages, in the order they were accepted */
  readonly messages: ReceivedMail[];
  /** transactions refused so far (by mode), counted at the command that was refused */
  readonly refused: number;
  /** whether it is listening */
  readonly listening: boolean;
  /** accepted messages whose envelope has `address` as a recipient (case-insensitive) */
  to(address: string): ReceivedMail[];
  /** waits until at least `count` (default 1) accepted messages satisfy `predicate`; returns them */
  waitFor(
    predicate: (mail: ReceivedMail) => boolean,
    options?: { count?: number; timeoutMs?: number; what?: string },
  ): Promise<ReceivedMail[]>;
  /**
   * Refuse as `mode` says; with `when`, only the transactions it picks (it sees what the server
   * knows at the refused command: no recipients yet at MAIL FROM, the message at DATA).
   */
  setMode(mode: SmtpSinkMode, when?: (transaction: { to: string[]; raw?: Buffer }) => boolean): void;
  /**
   * stops listening and drops every open connection (clients get "connection refused"); resolves
   * once every message received before is in `messages`
   */
  stop(): Promise<void>;
  /** listens again, on the same port */
  start(): Promise<void>;
}

function smtpError(message: string, responseCode: number): Error {
  return Object.assign(new Error(message), { responseCode });
}

/** Starts a sink on 127.0.0.1 (a free port unless `port` is given). Call `stop()` when done. */
export async function startSmtpSink(options: { port?: number } = {}): Promise<SmtpSink> {
  const messages: ReceivedMail[] = [];
  let mode: SmtpSinkMode = 'accept';
  let when: ((transaction: { to: string[]; raw?: Buffer }) => boolean) | undefined;
  const refuses = (m: SmtpSinkMode, transaction: { to: string[]; raw?: Buffer }) =>
    mode === m && (when === undefined || when(transaction));
  let refused = 0;
  let port = options.port ?? 0;
  let server: SMTPServer | undefined;
  /** messages whose data has arrived, still being parsed (stop() waits for them) */
  const parsing = new Set<Promise<void>>();

  const create = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      closeTimeout: 50,
      size: 1024 * 1024,
      onMailFrom(_address: SMTPServerAddress, _session: SMTPServerSession, callback) {
        if (refuses('tempfail', { to: [] })) {
          refused++;
          return callback(smtpError('4.3.0 Try again later', 451));
        }
        callback();
      },
      onRcptTo(address: SMTPServerAddress, _session: SMTPServerSession, callback) {
        if (refuses('reject-recipient', { to: [address.address] })) {
          refused++;
          return callback(smtpError('5.1.1 No such mailbox', 550));
        }
        callback();
      },
      onData(stream, session, callback) {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', (error: Error) => callback(error));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          if (refuses('reject-data', { to: session.envelope.rcptTo.map((r) => r.address), raw })) {
            refused++;
            return callback(smtpError('4.7.1 Message deferred', 451));
          }
          const parse = simpleParser(raw)
            .then((parsed) => {
              messages.push({
                envelope: {
                  from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
                  to: session.envelope.rcptTo.map((r) => r.address),
                },
                raw,
                parsed,
                messageId: parsed.messageId,
                subject: parsed.subject ?? '',
                text: parsed.text ?? '',
                receivedAt: new Date(),
              });
              callback();
            })
            .catch((error: Error) => callback(error));
          parsing.add(parse);
          void parse.finally(() => parsing.delete(parse));
        });
      },
    });

  const listen = async () => {
    const s = create();
    s.on('error', () => undefined);
    await new Promise<void>((resolve, reject) => {
      s.server.once('error', reject);
      s.listen(port, '127.0.0.1', () => {
        s.server.off('error', reject);
        resolve();
      });
    });
    port = (s.server.address() as AddressInfo).port;
    server = s;
  };
  await listen();

  return {
    get url() {
      return `smtp://127.0.0.1:${port}`;
    },
    get port() {
      return port;
    },
    messages,
    get refused() {
      return refused;
    },
    get listening() {
      return server !== undefined;
    },
    to: (address) =>
      messages.filter((m) => m.envelope.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    async waitFor(predicate, { count = 1, timeoutMs = 30000, what = 'mail' } = {}) {
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        const found = messages.filter(predicate);
        if (found.length >= count) return found;
        if (Date.now() > deadline)
          throw new Error(`timed out waiting for ${count} × ${what} (have ${found.length})`);
        await new Promise((r) => setTimeout(r, 100));
      }
    },
    setMode(next, only) {
      mode = next;
      when = only;
    },
    async stop() {
      const s = server;
      server = undefined;
      if (!s) return;
      await new Promise<void>((resolve) => s.close(() => resolve()));
      // a message whose data came in before the close is recorded before stop() returns: what
      // `messages` holds then is all the sink received before its outage
      await Promise.allSettled([...parsing]);
    },
    async start() {
      if (!server) await listen();
    },
  };
}
