import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createTransport, type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/**
 * SMTP through nodemailer when SMTP_URL is set (e.g. `smtp://127.0.0.1:2525`); otherwise a mail
 * sink: each message is written as an .eml file under MAIL_SINK_DIR for the developer to read.
 * Plain text only, and links, never attachments (.mil mail servers strip them).
 */
export class Mailer {
  private readonly transport: Transporter;
  private readonly sinkDir?: string;

  constructor(env: NodeJS.ProcessEnv = process.env) {
    this.from = env.MAIL_FROM ?? 'UOCAVA ballots <no-reply@uocava.example>';
    if (env.SMTP_URL) {
      this.transport = createTransport(env.SMTP_URL);
    } else {
      this.sinkDir = env.MAIL_SINK_DIR ?? join(process.cwd(), '.cache', 'mail');
      mkdirSync(this.sinkDir, { recursive: true });
      this.transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
    }
  }

  private readonly from: string;

  async send(mail: OutgoingMail, idempotencyKey: string): Promise<void> {
    const info = (await this.transport.sendMail({
      from: this.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      messageId: `<${idempotencyKey}@uocava.example>`,
    })) as { message?: Buffer };
    if (this.sinkDir && info.message)
      writeFileSync(join(this.sinkDir, `${idempotencyKey}.eml`), info.message);
  }
}
