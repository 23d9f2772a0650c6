import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { TOPICS } from '@uocava/contracts';
import type { BallotRequestInput } from '@uocava/contracts/http';
import { KeyRing } from '@uocava/database';
import { verifyRequest, type IsoDate, type RollRecord } from '@uocava/domain';
import { enqueueEvent, newEvent, PermanentError, type CloudEvent, type HandlerMap } from '@uocava/messaging';
import { EventWorker, rollIdHasher } from '@uocava/platform';

export const SOURCE = 'urn:uocava:verification';

/** The election a request is checked against (age on election day): the next one of its year. */
async function referenceElectionDate(
  tx: EntityManager,
  jurisdictionId: string,
  year: number,
  today: string,
): Promise<IsoDate> {
  const rows: Array<{ d: string }> = await tx.query(
    `SELECT to_char(election_date, 'YYYY-MM-DD') AS d FROM elections
     WHERE jurisdiction_id = $1 AND election_date >= $2 AND extract(year FROM election_date) = $3
     ORDER BY election_date LIMIT 1`,
    [jurisdictionId, today, year],
  );
  return (rows[0]?.d ?? `${year}-12-31`) as IsoDate;
}

@Injectable()
export class VerificationWorker extends EventWorker {
  protected readonly name = 'verification';
  protected readonly topics = [TOPICS.requests];

  constructor(private readonly keyRing: KeyRing) {
    super();
  }

  protected handlers(): HandlerMap {
    return { 'uocava.request.submitted.v1': (event, tx) => this.verify(event, tx) };
  }

  /** Checks the FPCA rules and matches the voter roll; emits verified, needs-review or rejected. */
  private async verify(event: CloudEvent<'uocava.request.submitted.v1'>, tx: EntityManager): Promise<void> {
    const { requestId, jurisdictionId } = event.data;
    const [request]: Array<{ status: string; pii: Buffer; covers_year: number; party: string | null }> =
      await tx.query(
        `SELECT status, pii, covers_year, party FROM ballot_requests WHERE request_id = $1 AND jurisdiction_id = $2`,
        [requestId, jurisdictionId],
      );
    if (!request) throw new PermanentError(`request ${requestId} is not stored`);
    if (request.status !== 'received') return; // already decided (e.g. by the office)
    const [jurisdiction]: Array<{ state: string; county: string | null }> = await tx.query(
      `SELECT state, county FROM jurisdictions WHERE jurisdiction_id = $1`,
      [jurisdictionId],
    );
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    const input = keys.openJson<BallotRequestInput>(`request:${requestId}`, request.pii);
    const rollRows: Array<{ roll_record_id: string; pii: Buffer }> = await tx.query(
      `SELECT roll_record_id, pii FROM voter_roll WHERE jurisdiction_id = $1 AND dob_key = $2`,
      [jurisdictionId, keys.keyedHash('dob', input.dateOfBirth)],
    );
    const candidates = rollRows.map((r) => keys.openJson<RollRecord>(`roll:${r.roll_record_id}`, r.pii));
    const today = event.time.slice(0, 10) as IsoDate;
    const decision = verifyRequest(input, candidates, rollIdHasher(keys), {
      jurisdiction: {
        id: jurisdictionId,
        state: jurisdiction.state,
        county: jurisdiction.county ?? undefined,
      },
      electionDate: await referenceElectionDate(tx, jurisdictionId, request.covers_year, today),
      today,
    });
    const decidedAt = new Date().toISOString();
    const rollRecordId =
      decision.outcome === 'verified'
        ? (rollRows[candidates.findIndex((c) => c.id === decision.rollRecordId)]?.roll_record_id ?? null)
        : null;
    await tx.query(
      `UPDATE ballot_requests SET status = $1, reasons = $2, roll_record_id = $3, updated_at = now()
       WHERE request_id = $4 AND jurisdiction_id = $5`,
      [decision.outcome, JSON.stringify(decision.reasons), rollRecordId, requestId, jurisdictionId],
    );
    const base = { requestId, jurisdictionId, decidedAt };
    if (decision.outcome === 'verified') {
      await enqueueEvent(
        tx,
        newEvent('uocava.request.verified.v1', { ...base, decidedBy: 'automatic' }, SOURCE),
      );
    } else if (decision.outcome === 'needs-review') {
      await enqueueEvent(
        tx,
        newEvent('uocava.request.needs-review.v1', { ...base, reasons: decision.reasons }, SOURCE),
      );
    } else {
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.rejected.v1',
          { ...base, reasons: decision.reasons, decidedBy: 'automatic' },
          SOURCE,
        ),
      );
    }
  }
}
