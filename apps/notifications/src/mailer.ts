import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import type { MailSettings } from './mail-policy';

/** One message as it leaves: plain text, links and never attachments (.mil servers strip them). */
export interface OutgoingMessage {
  /** fixed when the mail was queued: a resend after a crash is the same message */
  messageId: string;
  /** when it was queued: the same Date header on every attempt */
  date: Date;
  to: string;
  subject: string;
  text: string;
}

export interface MailTransport {
  /** `smtp <host:port>` or `sink <dir>`, for logs (no credentials) */
  readonly description: string;
  send(message: OutgoingMessage): Promise<void>;
  close(): void;
}

function fields(from: string, m: OutgoingMessage) {
  return {
    from,
    to: m.to,
    subject: m.subject,
    text: m.text,
    messageId: m.messageId,
    date: m.date,
    // RFC 3834: no auto-replies (out-of-office, vacation) back to the sender
    headers: { 'Auto-Submitted': 'auto-generated' },
  };
}

/**
 * SMTP through nodemailer's pool: `smtpConnections` connections (`MAIL_SMTP_CONNECTIONS`), each
 * reused for message after message; the sender keeps that many messages in flight.
 */
export class SmtpTransport implements MailTransport {
  readonly description: string;
  private readonly transport;

  constructor(
    url: string,
    private readonly settings: Pick<MailSettings, 'from' | 'smtpTimeoutMs'> &
      Partial<Pick<MailSettings, 'smtpConnections'>>,
  ) {
    const parsed = new URL(url);
    this.description = `smtp ${parsed.hostname}:${parsed.port || (parsed.protocol === 'smtps:' ? 465 : 25)}`;
    this.transport = createTransport({
      url,
      pool: true,
      maxConnections: settings.smtpConnections ?? 1,
      // a pooled connection is closed and replaced after this many messages (nodemailer's default 100)
      maxMessages: 1000,
      connectionTimeout: settings.smtpTimeoutMs,
      greetingTimeout: settings.smtpTimeoutMs,
      socketTimeout: settings.smtpTimeoutMs * 2,
    });
  }

  async send(message: OutgoingMessage): Promise<void> {
    await this.transport.sendMail(fields(this.settings.from, message));
  }

  close(): void {
    this.transport.close();
  }
}

/**
 * Local runs without SMTP_URL: each message is written as `<dir>/<message id>.eml` for the
 * developer to read (written to a temporary name, then renamed: a reader never sees half a file,
 * and a resend overwrites the same file).
 */
export class FileSinkTransport implements MailTransport {
  readonly description: string;
  private readonly transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  constructor(
    private readonly dir: string,
    private readonly settings: Pick<MailSettings, 'from'>,
  ) {
    mkdirSync(dir, { recursive: true });
    this.description = `sink ${dir}`;
  }

  async send(message: OutgoingMessage): Promise<void> {
    const info = await this.transport.sendMail(fields(this.settings.from, message));
    const name = message.messageId.replace(/[<>]/g, '').replace(/[^A-Za-z0-9@._-]/g, '_');
    const file = join(this.dir, `${name}.eml`);
    writeFileSync(`${file}.tmp`, info.message as Buffer);
    renameSync(`${file}.tmp`, file);
  }

  close(): void {
    this.transport.close();
  }
}

/** SMTP when SMTP_URL is set (e.g. `smtp://relay:25`), else the file sink (MAIL_SINK_DIR, default `.cache/mail`). */
export function mailTransportFromEnv(
  settings: Pick<MailSettings, 'from' | 'smtpTimeoutMs' | 'smtpConnections'>,
  env: NodeJS.ProcessEnv = process.env,
): MailTransport {
  if (env.SMTP_URL) return new SmtpTransport(env.SMTP_URL, settings);
  return new FileSinkTransport(env.MAIL_SINK_DIR ?? join(process.cwd(), '.cache', 'mail'), settings);
}
