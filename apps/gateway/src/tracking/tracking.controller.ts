import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { isTrackingCode } from '@uocava/domain';
import { tenantHandle, withTenantOf } from '@uocava/database';
import { notFound } from '@uocava/platform';

interface StepRow {
  event_id: string;
  event_type: string;
  ballot_id: string | null;
  occurred_at: Date;
  leaf_index: string | null;
  receipt: unknown;
}

@ApiTags('voters')
@Controller('api/v1/tracking')
export class TrackingController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  @Get(':trackingCode')
  @ApiOperation({ summary: 'The status of a ballot request and every step, each with its signed receipt' })
  async track(@Param('trackingCode') code: string) {
    const normalised = code.trim().toUpperCase();
    if (!isTrackingCode(normalised)) throw notFound('This tracking code');
    // The tracking code is the only way in: the tenant directory maps it (by its SHA-256) to one
    // jurisdiction, and everything is read inside that jurisdiction's scope.
    const found = await withTenantOf(
      this.ds,
      'tracking-code',
      tenantHandle(normalised),
      async (tx, jurisdictionId) => {
        const [request]: Array<{ request_id: string; status: string; reasons: string[]; received_at: Date }> =
          await tx.query(
            `SELECT request_id, status, reasons, received_at FROM ballot_requests WHERE tracking_code = $1`,
            [normalised],
          );
        if (request === undefined) return undefined;
        const steps: StepRow[] = await tx.query(
          `SELECT event_id, event_type, ballot_id, occurred_at, leaf_index, receipt FROM tracking_steps
         WHERE jurisdiction_id = $1 AND request_id = $2 ORDER BY occurred_at, event_id`,
          [jurisdictionId, request.request_id],
        );
        const ballots: Array<{ ballot_id: string; election_id: string; status: string; page_count: number }> =
          await tx.query(
            `SELECT ballot_id, election_id, status, page_count FROM ballots WHERE request_id = $1 ORDER BY generated_at`,
            [request.request_id],
          );
        return {
          trackingCode: normalised,
          requestId: request.request_id,
          jurisdictionId,
          status: request.status,
          reasons: request.reasons,
          receivedAt: request.received_at.toISOString(),
          ballots: ballots.map((b) => ({
            ballotId: b.ballot_id,
            electionId: b.election_id,
            status: b.status,
          })),
          steps: steps.map((s) => ({
            eventId: s.event_id,
            type: s.event_type,
            ballotId: s.ballot_id,
            at: s.occurred_at.toISOString(),
            leafIndex: s.leaf_index === null ? null : Number(s.leaf_index),
            receipt: s.receipt,
          })),
        };
      },
    );
    if (found === undefined) throw notFound('This tracking code');
    return found;
  }
}
