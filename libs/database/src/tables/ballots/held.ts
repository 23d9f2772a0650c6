/** Packets held because the fonts cannot draw some of the voter's text, and their release. */
import type { BallotDeliveryMethod } from '@uocava/domain';
import type { SqlExecutor } from '../../data-source';
import { select, selectOne } from '../sql';

/** A held packet as the office's overview and API list it (no personal data: the characters only). */
export interface HeldPacket {
  ballotId: string;
  requestId: string;
  electionId: string;
  deliveryMethod: BallotDeliveryMethod;
  /** the characters of the voter's text that print as □ */
  characters: string[];
  heldAt: Date;
}

/** The jurisdiction's held packets not yet released, oldest first. */
export async function heldPackets(tx: SqlExecutor, jurisdictionId: string): Promise<HeldPacket[]> {
  return select<HeldPacket>(
    tx,
    `SELECT b.ballot_id AS "ballotId", b.request_id AS "requestId", b.election_id AS "electionId",
            r.ballot_delivery AS "deliveryMethod", b.held_characters AS "characters", b.held_at AS "heldAt"
     FROM ballots b JOIN ballot_requests r ON r.request_id = b.request_id
     WHERE b.jurisdiction_id = $1 AND b.held_at IS NOT NULL AND b.released_at IS NULL
     ORDER BY b.held_at, b.ballot_id`,
    [jurisdictionId],
  );
}

/**
 * Releases a held packet (`by`: who), locked: the ballot as it was, or undefined when the
 * jurisdiction has no such held packet (unknown, another office's, or released already).
 */
export async function releaseHeldPacket(
  tx: SqlExecutor,
  jurisdictionId: string,
  ballotId: string,
  by: string,
  at: Date,
): Promise<{ requestId: string; electionId: string; deliveryMethod: BallotDeliveryMethod } | undefined> {
  return selectOne(
    tx,
    `WITH released AS (
       UPDATE ballots SET released_at = $3, released_by = $4
        WHERE jurisdiction_id = $1 AND ballot_id = $2 AND held_at IS NOT NULL AND released_at IS NULL
        RETURNING request_id, election_id)
     SELECT x.request_id AS "requestId", x.election_id AS "electionId", r.ballot_delivery AS "deliveryMethod"
     FROM released x JOIN ballot_requests r ON r.request_id = x.request_id`,
    [jurisdictionId, ballotId, at, by],
  );
}
