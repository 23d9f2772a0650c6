/**
 * Which ballot counts for a FWAB (libs/domain `resolveFwab`), stored and announced with
 * `uocava.fwab.resolved.v1`. Shared by recording a FWAB, recording a return and rejecting a ballot.
 */
import {
  fwabForResolution,
  fwabIdsOfRequest,
  returnedBallotOf,
  updateFwabResolution,
  type FwabResolutionColumns,
  type SqlExecutor,
} from '@uocava/database';
import { addDays, parseIsoDate, resolveFwab, type FwabResolution } from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { OFFICE_SOURCE, officeSettings } from '../common/ballot-lifecycle';

function columns(r: FwabResolution): FwabResolutionColumns {
  return {
    counts: r.counts,
    disposition: r.fwab.disposition,
    reason: 'reason' in r.fwab ? r.fwab.reason : null,
    registrationApplication: r.fwabIsRegistrationApplication,
  };
}

/**
 * Resolves the request's FWABs for the election again: its state ballot came back, or the office
 * rejected it (then a FWAB superseded by it may count). Emits `fwab.resolved` for each change.
 */
export async function reResolveFwabs(
  tx: SqlExecutor,
  jurisdictionId: string,
  requestId: string,
  electionId: string,
  now: Date,
): Promise<void> {
  for (const fwabId of await fwabIdsOfRequest(tx, jurisdictionId, requestId, electionId)) {
    const f = await fwabForResolution(tx, fwabId);
    if (f === undefined) continue;
    const next = await fwabResolution(tx, jurisdictionId, f);
    await updateFwabResolution(tx, fwabId, next);
    const changed =
      f.counts !== next.counts || f.disposition !== next.disposition || f.reason !== next.reason;
    if (changed) await emitFwabResolved(tx, jurisdictionId, fwabId, f.requestId, f.electionId, next, now);
  }
}

/** The resolution of one FWAB as things stand (its state ballot as stored now). */
export async function fwabResolution(
  tx: SqlExecutor,
  jurisdictionId: string,
  f: {
    requestId: string | null;
    electionId: string;
    electionDate: string;
    appliedOn: string | null;
    receivedAt: Date;
    timely: boolean;
    voterRegistered: boolean;
  },
): Promise<FwabResolutionColumns> {
  const settings = await officeSettings(tx, jurisdictionId);
  const state = f.requestId === null ? undefined : await returnedBallotOf(tx, f.requestId, f.electionId);
  const electionDate = parseIsoDate(f.electionDate);
  if (electionDate === undefined) throw new Error(`election date ${f.electionDate} is not a date`);
  return columns(
    resolveFwab({
      appliedOn: parseIsoDate(f.appliedOn),
      applicationDeadline: addDays(electionDate, -(settings.applicationDeadlineDaysBefore ?? 7)),
      stateBallot: state && {
        receivedAt: state.returnedAt.toISOString(),
        timely: state.timely,
        rejected: state.rejected,
      },
      fwab: { receivedAt: f.receivedAt.toISOString(), timely: f.timely },
      policy: { fwabAsRegistration: settings.fwabAsRegistration === true },
      voterRegistered: f.voterRegistered,
    }),
  );
}

/** Announces a FWAB's resolution (when recorded, and whenever it changes). */
export async function emitFwabResolved(
  tx: SqlExecutor,
  jurisdictionId: string,
  fwabId: string,
  requestId: string | null,
  electionId: string,
  r: FwabResolutionColumns,
  now: Date,
): Promise<void> {
  await enqueueEvent(
    tx,
    newEvent(
      'uocava.fwab.resolved.v1',
      {
        fwabId,
        ...(requestId !== null ? { requestId } : {}),
        jurisdictionId,
        electionId,
        counts: r.counts,
        disposition: r.disposition,
        ...(r.reason !== null ? { reason: r.reason } : {}),
        registrationApplication: r.registrationApplication,
        resolvedAt: now.toISOString(),
      },
      OFFICE_SOURCE,
    ),
  );
}
