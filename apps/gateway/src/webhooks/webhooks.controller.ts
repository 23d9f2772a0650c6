import { Body, Delete, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiParam, ApiQuery } from '@nestjs/swagger';
import { AuditAction } from '../common/audit';
import { ApiJsonBody, OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse, ApiProblems, itemsOf } from '../common/openapi';
import {
  createdWebhookSchema,
  createWebhookSchema,
  replayResultSchema,
  replayWebhookSchema,
  webhookDeliverySchema,
  webhookSubscriptionSchema,
} from './webhooks.schemas';
import { WebhooksService } from './webhooks.service';

const webhookIdParam = ApiParam({
  name: 'webhookId',
  description: 'The subscription id (UUID).',
  schema: { type: 'string', format: 'uuid' },
});

/**
 * Webhook subscriptions of the caller's jurisdiction (admin only; every call audited with the key
 * that made it). Deliveries: the `webhooks` section of this document and docs/webhooks.md.
 */
@OfficeApi('api/v1/office/webhooks')
export class WebhooksController {
  constructor(private readonly webhooks: WebhooksService) {}

  @Post()
  @HttpCode(201)
  @Roles('admin')
  @AuditAction('webhook.create')
  @ApiJsonBody(createWebhookSchema)
  @ApiOperation({
    summary: "Subscribe a URL to the jurisdiction's events (Standard Webhooks)",
    description:
      'Every event of the jurisdiction published from now on whose type passes the filter is POSTed to `url` as a ' +
      'CloudEvent (structured JSON mode), signed with the Standard Webhooks headers. The answer carries the signing ' +
      'secret (`whsec_...`) once; it is stored sealed and cannot be read back.',
  })
  @ApiJsonResponse(201, 'Subscribed; the secret is in this answer only.', createdWebhookSchema)
  @ApiProblems(400)
  create(@Principal() p: OfficePrincipal, @Body() body: unknown) {
    return this.webhooks.create(p, body);
  }

  @Get()
  @Roles('admin')
  @AuditAction('webhook.list')
  @ApiOperation({ summary: "The jurisdiction's webhook subscriptions, with their delivery counts" })
  @ApiJsonResponse(200, 'The subscriptions (no secrets).', itemsOf(webhookSubscriptionSchema))
  list(@Principal() p: OfficePrincipal) {
    return this.webhooks.list(p);
  }

  @Get(':webhookId')
  @Roles('admin')
  @AuditAction('webhook.view')
  @webhookIdParam
  @ApiOperation({ summary: 'One webhook subscription' })
  @ApiJsonResponse(200, 'The subscription (no secret).', webhookSubscriptionSchema)
  @ApiProblems(404)
  get(@Principal() p: OfficePrincipal, @Param('webhookId') webhookId: string) {
    return this.webhooks.get(p, webhookId);
  }

  @Delete(':webhookId')
  @Roles('admin')
  @AuditAction('webhook.disable')
  @webhookIdParam
  @ApiOperation({
    summary: 'Disable a webhook subscription',
    description:
      'Nothing more is queued or sent for it (pending deliveries stay pending, unsent). The subscription and its ' +
      'deliveries are kept for the audit trail. Idempotent.',
  })
  @ApiJsonResponse(200, 'Disabled.', webhookSubscriptionSchema)
  @ApiProblems(404)
  disable(@Principal() p: OfficePrincipal, @Param('webhookId') webhookId: string) {
    return this.webhooks.disable(p, webhookId);
  }

  @Get(':webhookId/deliveries')
  @Roles('admin')
  @AuditAction('webhook.deliveries.list')
  @webhookIdParam
  @ApiQuery({
    name: 'status',
    required: false,
    schema: { type: 'string', enum: ['pending', 'delivered', 'failed'] },
  })
  @ApiQuery({ name: 'limit', required: false, schema: { type: 'integer', minimum: 1, maximum: 1000 } })
  @ApiOperation({
    summary: "A subscription's deliveries, newest event first",
    description:
      'Failed deliveries (given up after the maximum attempts or age) are listed with `status: failed`.',
  })
  @ApiJsonResponse(200, 'The deliveries.', itemsOf(webhookDeliverySchema))
  @ApiProblems(400, 404)
  deliveries(
    @Principal() p: OfficePrincipal,
    @Param('webhookId') webhookId: string,
    @Query('status') status?: string,
    @Query('limit') limit?: string,
  ) {
    return this.webhooks.deliveries(p, webhookId, status, limit);
  }

  @Post(':webhookId/replay')
  @HttpCode(202)
  @Roles('admin')
  @AuditAction('webhook.replay')
  @webhookIdParam
  @ApiJsonBody(replayWebhookSchema)
  @ApiOperation({
    summary: "Send a subscription's deliveries again, from a time",
    description:
      'Every delivered or failed delivery of this subscription whose event time is at or after `from` is queued ' +
      'again (attempts and age start over; same webhook-id). Covers only events recorded for this subscription, ' +
      'i.e. published while it was active and matching its filter; not events from before it was created.',
  })
  @ApiJsonResponse(202, 'Queued again.', replayResultSchema)
  @ApiProblems(400, 404)
  replay(@Principal() p: OfficePrincipal, @Param('webhookId') webhookId: string, @Body() body: unknown) {
    return this.webhooks.replay(p, webhookId, body);
  }
}
