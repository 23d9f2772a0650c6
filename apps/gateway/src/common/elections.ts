import { findElection, type ElectionRecord, type SqlExecutor } from '@uocava/database';
import { notFound } from '@uocava/platform';

/** The election of the jurisdiction, or 404 (`what` names it in the problem's detail). */
export async function requireElection(
  tx: SqlExecutor,
  jurisdictionId: string,
  electionId: string,
  what = `Election ${electionId}`,
): Promise<ElectionRecord> {
  const e = await findElection(tx, jurisdictionId, electionId);
  if (e === undefined) throw notFound(what);
  return e;
}
