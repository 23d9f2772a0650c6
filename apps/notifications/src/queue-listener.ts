import { Client } from 'pg';
import type { DataSource } from 'typeorm';

export interface QueueListenerOptions {
  /** `application_name` of the listening connection (pg_stat_activity) */
  applicationName: string;
  /** the NOTIFY channel; its payload is a jurisdiction id */
  channel: string;
  /** issues the LISTEN on a connected client (the queue's table owner in libs/database) */
  listen(client: Client): Promise<void>;
  /** a NOTIFY arrived for this jurisdiction */
  onNotify(jurisdictionId: string): void;
  /** the connection was lost and is being made again: notifications may have been missed */
  onReconnect(): void;
}

/**
 * The Postgres LISTEN connection of a durable queue (mail, webhook deliveries): one dedicated
 * connection that hears the queue's NOTIFY and reconnects after 2 s when it drops, telling its
 * owner to sweep every jurisdiction then, since notifications may have been lost meanwhile.
 */
export class QueueListener {
  private client?: Client;
  private reconnectTimer?: NodeJS.Timeout;
  private running = false;

  constructor(
    private readonly ds: DataSource,
    private readonly options: QueueListenerOptions,
  ) {}

  start(): void {
    this.running = true;
    void this.connect();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.reconnectTimer) clearTimeout(this.reconnectTimer);
    const client = this.client;
    this.client = undefined;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const url = (this.ds.options as { url?: string }).url;
    if (!url || !this.running) return;
    const client = new Client({ connectionString: url, application_name: this.options.applicationName });
    const retry = () => {
      if (this.client !== client) return;
      this.client = undefined;
      client.end().catch(() => undefined);
      if (!this.running) return;
      this.reconnectTimer = setTimeout(() => {
        this.options.onReconnect();
        void this.connect();
      }, 2000);
      this.reconnectTimer.unref();
    };
    client.on('error', retry);
    client.on('end', retry);
    client.on('notification', (n) => {
      if (n.channel === this.options.channel && n.payload) this.options.onNotify(n.payload);
    });
    this.client = client;
    try {
      await client.connect();
      await this.options.listen(client);
      if (!this.running) await client.end();
    } catch {
      retry();
    }
  }
}
