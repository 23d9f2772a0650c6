import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { UUID_PATTERN_TEXT } from '@uocava/contracts/http';
import {
  disableWebhookSubscription,
  findWebhookSubscription,
  insertWebhookSubscription,
  KeyRing,
  listWebhookDeliveries,
  listWebhookSubscriptions,
  replayWebhookDeliveries,
  withTenant,
  type DeliveryStatus,
} from '@uocava/database';
import { checkWebhookUrl, webhookSecretFrom, webhookUrlPolicyFromEnv } from '@uocava/domain';
import { invalidRequest, notFound } from '@uocava/platform';
import { checked } from '../common/input';
import { actorId, type OfficePrincipal } from '../common/office-auth';
import { parseCreateWebhook, parseReplayWebhook } from './webhooks.schemas';

const UUID = new RegExp(UUID_PATTERN_TEXT);
const STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];

/** Webhook subscriptions of the caller's jurisdiction: create, list, disable, deliveries, replay. */
@Injectable()
export class WebhooksService {
  private readonly urlPolicy = webhookUrlPolicyFromEnv();

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  async create(p: OfficePrincipal, body: unknown) {
    const parsed = parseCreateWebhook(body);
    // every bad field at once: the schema's problems and the URL rule's
    const rawUrl = (body as { url?: unknown } | null)?.url;
    const url = typeof rawUrl === 'string' ? checkWebhookUrl(rawUrl, this.urlPolicy) : undefined;
    const problems = parsed.ok ? [] : [...parsed.problems];
    if (url !== undefined && !url.ok && !problems.some((e) => e.pointer === '/url'))
      problems.push({ field: 'url', pointer: '/url', code: 'invalid-url', message: `url ${url.message}` });
    if (problems.length > 0 || !url?.ok)
      throw invalidRequest(problems.sort((a, b) => (a.pointer < b.pointer ? -1 : 1)));
    const input = checked(parsed);
    const subscriptionId = randomUUID();
    const secret = webhookSecretFrom(randomBytes(32));
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    const created = await withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await insertWebhookSubscription(tx, keys, {
        subscriptionId,
        jurisdictionId: p.jurisdictionId,
        url: url.url,
        eventTypes: [...(input.eventTypes ?? [])],
        description: input.description ?? null,
        secret,
        createdBy: actorId(p),
      });
      return findWebhookSubscription(tx, p.jurisdictionId, subscriptionId);
    });
    // the secret is in this answer only: it is stored sealed and never read back by the API
    return { ...created, secret };
  }

  async list(p: OfficePrincipal) {
    const items = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      listWebhookSubscriptions(tx, p.jurisdictionId),
    );
    return { items };
  }

  async get(p: OfficePrincipal, webhookId: string) {
    return withTenant(this.ds, p.jurisdictionId, (tx) => this.require(tx, p, webhookId));
  }

  /** Disables the subscription (kept for its deliveries and the audit trail); idempotent. */
  async disable(p: OfficePrincipal, webhookId: string) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await this.require(tx, p, webhookId);
      await disableWebhookSubscription(tx, p.jurisdictionId, webhookId, actorId(p));
      return this.require(tx, p, webhookId);
    });
  }

  async deliveries(p: OfficePrincipal, webhookId: string, status: unknown, limit: unknown) {
    const problems = [];
    if (status !== undefined && !STATUSES.includes(status as DeliveryStatus))
      problems.push({
        field: 'status',
        pointer: '/status',
        code: 'enum',
        message: `status must be one of ${STATUSES.join(', ')}`,
      });
    const n = limit === undefined ? 100 : Number(limit);
    if (!Number.isInteger(n) || n < 1 || n > 1000)
      problems.push({
        field: 'limit',
        pointer: '/limit',
        code: 'range',
        message: 'limit must be an integer from 1 to 1000',
      });
    if (problems.length > 0) throw invalidRequest(problems);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await this.require(tx, p, webhookId);
      const items = await listWebhookDeliveries(tx, p.jurisdictionId, webhookId, {
        status: status as DeliveryStatus | undefined,
        limit: n,
      });
      return { items };
    });
  }

  async replay(p: OfficePrincipal, webhookId: string, body: unknown) {
    const input = checked(parseReplayWebhook(body));
    const from = new Date(input.from);
    if (Number.isNaN(from.getTime()))
      throw invalidRequest([
        { field: 'from', pointer: '/from', code: 'format', message: 'from is not a valid time' },
      ]);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await this.require(tx, p, webhookId);
      const result = await replayWebhookDeliveries(tx, p.jurisdictionId, webhookId, from.toISOString());
      return { from: from.toISOString(), ...result };
    });
  }

  private async require(tx: Parameters<typeof findWebhookSubscription>[0], p: OfficePrincipal, id: string) {
    const found = UUID.test(id) ? await findWebhookSubscription(tx, p.jurisdictionId, id) : undefined;
    if (!found) throw notFound('This webhook subscription');
    return found;
  }
}
