import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import {
  insertElection,
  listElections,
  requestBallotState,
  verifiedRequestsWithoutBallot,
  withTenant,
} from '@uocava/database';
import { undrawableElectionTexts } from '@uocava/ballot-pdf';
import {
  parseElectionDefinition,
  selectBallotStyle,
  type ElectionDefinition,
  type ElectionSettings,
} from '@uocava/domain';
import { enqueueEvent, newEvent } from '@uocava/messaging';
import { invalidRequest, notFound, ProblemException } from '@uocava/platform';
import { checked } from '../common/input';
import { requireElection } from '../common/elections';
import type { OfficePrincipal } from '../common/office-auth';
import { parseAssignStyle, parseDefineElection } from './elections.schemas';
import { Clock } from '../common/clock';

export const SOURCE = 'urn:uocava:gateway';

/** One verified request that has no ballot for the election because no style could be chosen. */
export interface StyleAssignmentItem {
  requestId: string;
  trackingCode: string;
  reason: string;
}

function pathToPointer(path: string): string {
  return path.startsWith('/') ? path : `/${path.replace(/\./g, '/')}`;
}

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Elections: definition import, the list and one election, and ballot style assignments. */
const codePoint = (ch: string): string =>
  `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

/**
 * 422 when the ballot would print some of the definition's text as □ (no shipped font has the
 * characters), naming each contest, candidate or option and the characters, before anything is
 * stored: a ballot with a blank where a candidate's name should be must never reach a voter.
 */
function refuseUndrawableText(d: ElectionDefinition): void {
  const found = undrawableElectionTexts(d);
  if (found.length === 0) return;
  throw new ProblemException(
    422,
    'undrawable-text',
    'The ballot cannot print some of this text',
    'The ballot fonts cannot draw some characters of the definition. Correct the text, or ask the platform operator for a font that covers them.',
    {
      errors: found.map((u) => ({
        field: `definition: ${u.where}`,
        pointer: '/definition',
        code: 'undrawable-text',
        message: `${u.where} "${u.text}": the ballot fonts cannot draw ${u.characters
          .map((c) => `${c} (${codePoint(c)})`)
          .join(', ')}`,
      })),
    },
  );
}

@Injectable()
export class ElectionsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async define(p: OfficePrincipal, body: unknown) {
    const input = checked(parseDefineElection(body));
    const settings = input.settings as unknown as ElectionSettings;
    const parsed = parseElectionDefinition(input.definition, settings);
    if (!parsed.ok) {
      throw invalidRequest(
        parsed.errors.map((e) => ({
          field: e.path,
          pointer: pathToPointer(e.path),
          code: 'invalid',
          message: e.message,
        })),
        'The election definition has problems.',
      );
    }
    const d = parsed.definition;
    refuseUndrawableText(d);
    const electionId = randomUUID();
    await withTenant(this.ds, p.jurisdictionId, async (tx) => {
      await insertElection(tx, { electionId, jurisdictionId: p.jurisdictionId, definition: d, settings });
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.election.defined.v1',
          {
            electionId,
            jurisdictionId: p.jurisdictionId,
            electionDate: d.date,
            electionType: d.type,
            federal: d.federalOffices,
            ballotStyles: d.ballotStyles.length,
            definedAt: this.clock.nowIso(),
          },
          SOURCE,
        ),
      );
    });
    return {
      electionId,
      name: d.name,
      date: d.date,
      contests: d.contests.length,
      ballotStyles: d.ballotStyles.map((s) => s.id),
    };
  }

  async list(p: OfficePrincipal) {
    const rows = await withTenant(this.ds, p.jurisdictionId, (tx) => listElections(tx, p.jurisdictionId));
    return {
      items: rows.map((r) => ({
        electionId: r.electionId,
        name: r.name,
        date: r.date,
        type: r.type,
        federal: r.federal,
        contests: r.definition.contests.length,
        ballotStyles: r.definition.ballotStyles.length,
      })),
    };
  }

  async get(p: OfficePrincipal, electionId: string) {
    const r = await withTenant(this.ds, p.jurisdictionId, (tx) =>
      requireElection(tx, p.jurisdictionId, electionId, 'This election'),
    );
    const d = r.definition;
    return {
      electionId: r.electionId,
      name: r.name,
      date: r.date,
      type: r.type,
      federal: r.federal,
      jurisdictionName: d.jurisdictionName,
      returnRule: d.returnRule,
      parties: d.parties,
      gpUnits: d.gpUnits,
      ballotStyles: d.ballotStyles,
      contests: d.contests,
    };
  }

  async styleAssignments(p: OfficePrincipal, electionId: string): Promise<{ items: StyleAssignmentItem[] }> {
    const items = await withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const election = await requireElection(tx, p.jurisdictionId, electionId, 'This election');
      const rows = await verifiedRequestsWithoutBallot(
        tx,
        p.jurisdictionId,
        { electionId, date: election.date },
        { after: NIL_UUID, limit: 1000, order: 'received' },
      );
      const out: StyleAssignmentItem[] = [];
      for (const row of rows) {
        const style = selectBallotStyle(election.definition, {
          precinct: row.precinct ?? undefined,
          party: row.party ?? row.rollParty ?? undefined,
        });
        if (style.kind === 'needs-assignment')
          out.push({ requestId: row.requestId, trackingCode: row.trackingCode, reason: style.reason });
      }
      return out;
    });
    return { items };
  }

  async assignStyle(p: OfficePrincipal, electionId: string, body: unknown) {
    const { requestId, ballotStyleId } = checked(parseAssignStyle(body));
    const jurisdictionId = p.jurisdictionId;
    await withTenant(this.ds, jurisdictionId, async (tx) => {
      const election = await requireElection(tx, jurisdictionId, electionId, 'This election');
      if (!election.definition.ballotStyles.some((s) => s.id === ballotStyleId))
        throw invalidRequest([
          {
            field: 'ballotStyleId',
            pointer: '/ballotStyleId',
            code: 'unknown',
            message: `The election has no ballot style "${ballotStyleId}".`,
          },
        ]);
      const request = await requestBallotState(tx, jurisdictionId, requestId, electionId);
      if (request === undefined) throw notFound('This ballot request');
      if (request.status !== 'verified')
        throw new ProblemException(409, 'request-not-verified', 'The request is not verified', undefined);
      if (request.hasBallot)
        throw new ProblemException(
          409,
          'ballot-exists',
          'The request already has its ballot for this election',
          undefined,
        );
      await enqueueEvent(
        tx,
        newEvent(
          'uocava.request.style-assigned.v1',
          { requestId, jurisdictionId, electionId, ballotStyleId, assignedAt: this.clock.nowIso() },
          SOURCE,
        ),
      );
    });
    return { requestId, electionId, ballotStyleId, status: 'assigned' };
  }
}
