import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { createHash, randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { choosePaperSize, renderCureAffidavit, renderFwabPacket, type FormResult } from '@uocava/ballot-pdf';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  ballotsOfRequest,
  findJurisdiction,
  findTenant,
  insertCureResponse,
  KeyRing,
  listElections,
  recordAudit,
  requestByTrackingCode,
  requestDocumentSource,
  stateRulesOfJurisdiction,
  tenantHandle,
  withTenant,
  type JurisdictionKeys,
  type JurisdictionRecord,
  type RequestDocumentSource,
  type VoterBallotRow,
} from '@uocava/database';
import {
  checkCureUpload,
  cureAffidavit,
  cureAffidavitAvailable,
  cureAffidavitRuleOf,
  fwabPacketAvailable,
  isUuid,
  type CureUploadProblem,
} from '@uocava/domain';
import { trackingUrl } from '@uocava/packets';
import { invalidRequest, ProblemException } from '@uocava/platform';
import { Clock } from '../common/clock';
import { normaliseTrackingCode } from '../tracking/tracking.service';
import { officeBlock, voterDocumentsTokenMatches } from './voter-documents-token';

interface VoterContext {
  tx: EntityManager;
  keys: JurisdictionKeys;
  source: RequestDocumentSource;
  request: BallotRequestInput;
  ballots: VoterBallotRow[];
  jurisdiction: JurisdictionRecord | undefined;
}

/** The same "not found" for an unknown code, a wrong token and a ballot of another request. */
const notFoundLink = () =>
  new ProblemException(
    404,
    'not-found',
    'Not found',
    'This link does not work. Open your ballot from the tracking page with your tracking code and date of birth.',
  );

const notWaitingForCure = () =>
  new ProblemException(
    409,
    'not-waiting-for-cure',
    'This ballot is not waiting for a cure',
    'Only a ballot your election office asked you to fix has a cure affidavit.',
  );

const UPLOAD_MESSAGES: Record<CureUploadProblem, string> = {
  empty: 'The file is empty: choose the scan or photo of your signed affidavit',
  'too-large': 'The file is larger than 5 MB: scan it at a lower resolution',
  'unsupported-type': 'Send a PDF, PNG or JPEG file',
  'type-mismatch': 'The file is not of the type its name or label says: send a PDF, PNG or JPEG file',
};

export interface UploadedFile {
  buffer: Buffer;
  mimetype: string;
  size: number;
}

/**
 * The voter's documents behind the tracking page: the cure affidavit of a ballot sent to cure
 * (downloaded, then uploaded signed), and the FWAB packet while no state ballot is back.
 */
@Injectable()
export class VoterDocumentsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  private async withRequest<T>(
    code: string,
    token: unknown,
    fn: (c: VoterContext) => Promise<T>,
  ): Promise<T> {
    const normalised = normaliseTrackingCode(code);
    if (normalised === null) throw notFoundLink();
    const jurisdictionId = await findTenant(this.ds, 'tracking-code', tenantHandle(normalised));
    if (jurisdictionId === undefined || jurisdictionId === null) throw notFoundLink();
    const keys = await this.keyRing.forJurisdiction(jurisdictionId);
    return withTenant(this.ds, jurisdictionId, async (tx) => {
      const tracked = await requestByTrackingCode(tx, jurisdictionId, normalised);
      if (tracked === undefined || !voterDocumentsTokenMatches(keys, tracked.request_id, token))
        throw notFoundLink();
      const source = await requestDocumentSource(tx, jurisdictionId, tracked.request_id);
      if (source === undefined) throw notFoundLink();
      const request = keys.openJson<BallotRequestInput>(`request:${source.requestId}`, source.pii);
      const ballots = await ballotsOfRequest(tx, jurisdictionId, source.requestId);
      const jurisdiction = await findJurisdiction(tx, jurisdictionId);
      return fn({ tx, keys, source, request, ballots, jurisdiction });
    });
  }

  private static ballotOf(c: VoterContext, ballotId: string): VoterBallotRow {
    const b = isUuid(ballotId) ? c.ballots.find((x) => x.ballot_id === ballotId.toLowerCase()) : undefined;
    if (b === undefined) throw notFoundLink();
    return b;
  }

  private static paper(c: VoterContext) {
    return c.source.paperSize ?? choosePaperSize(undefined, c.source.mailingCountry);
  }

  private static voterName(r: BallotRequestInput): string {
    return [r.name.first, r.name.middle, r.name.last, r.name.suffix].filter(Boolean).join(' ');
  }

  /** The cure affidavit of a ballot waiting for its cure (409 otherwise). */
  async cureAffidavit(code: string, ballotId: string, token: unknown): Promise<FormResult> {
    return this.withRequest(code, token, async (c) => {
      const b = VoterDocumentsService.ballotOf(c, ballotId);
      if (!cureAffidavitAvailable(b.status) || b.cure_deadline === null) throw notWaitingForCure();
      return renderCureAffidavit({
        // the state's own form for the reason where its table has one (docs/state-rules.md)
        affidavit: cureAffidavit(
          b.decision_reasons ?? [],
          cureAffidavitRuleOf(
            await stateRulesOfJurisdiction(c.tx, c.keys.jurisdictionId),
            b.decision_reasons ?? [],
          ),
        ),
        voterName: VoterDocumentsService.voterName(c.request),
        trackingCode: c.source.trackingCode,
        ballotId: b.ballot_id,
        electionName: b.election_name,
        electionDate: b.election_date,
        cureDeadline: b.cure_deadline.toISOString(),
        trackingUrl: trackingUrl(c.source.trackingCode),
        office: officeBlock(c.jurisdiction, c.keys.jurisdictionId),
        paperSize: VoterDocumentsService.paper(c),
      });
    });
  }

  /**
   * The signed affidavit the voter uploads: checked (type by its bytes, size), sealed with the
   * jurisdiction's key and recorded as a cure response, with an audit entry, in one transaction.
   */
  async uploadCureResponse(code: string, ballotId: string, token: unknown, file: UploadedFile | undefined) {
    return this.withRequest(code, token, async (c) => {
      const b = VoterDocumentsService.ballotOf(c, ballotId);
      if (!cureAffidavitAvailable(b.status) || b.cure_deadline === null) throw notWaitingForCure();
      const now = this.clock.now();
      if (now.getTime() > b.cure_deadline.getTime())
        throw new ProblemException(
          409,
          'cure-after-deadline',
          'The cure deadline has passed',
          'The deadline to fix this ballot has passed; contact your election office.',
        );
      if (file === undefined)
        throw invalidRequest([
          {
            field: 'file',
            pointer: '/file',
            code: 'required',
            message: 'Choose the file of your signed affidavit',
          },
        ]);
      const checked = checkCureUpload(file.buffer, file.mimetype);
      if (!checked.ok)
        throw invalidRequest([
          {
            field: 'file',
            pointer: '/file',
            code: checked.problem,
            message: UPLOAD_MESSAGES[checked.problem],
          },
        ]);
      const responseId = randomUUID();
      const sha256 = createHash('sha256').update(file.buffer).digest('hex');
      await insertCureResponse(c.tx, {
        responseId,
        jurisdictionId: c.keys.jurisdictionId,
        ballotId: b.ballot_id,
        method: 'upload',
        receivedAt: now,
        file: {
          contentType: checked.type,
          byteSize: file.buffer.length,
          sha256,
          sealed: c.keys.sealBytes(`cure-response:${responseId}`, file.buffer),
        },
      });
      await recordAudit(c.tx, {
        jurisdictionId: c.keys.jurisdictionId,
        keyId: null,
        role: null,
        action: 'cure-response.upload',
        target: `ballot:${b.ballot_id}`,
        outcome: 'ok',
        details: {
          via: 'tracking-page',
          responseId,
          contentType: checked.type,
          byteSize: file.buffer.length,
          sha256,
        },
      });
      return {
        responseId,
        ballotId: b.ballot_id,
        method: 'upload' as const,
        receivedAt: now.toISOString(),
        contentType: checked.type,
        byteSize: file.buffer.length,
        sha256,
      };
    });
  }

  /** The FWAB packet, while no ballot of the request is back at the office (409 otherwise). */
  async fwabPacket(code: string, token: unknown): Promise<FormResult> {
    return this.withRequest(code, token, async (c) => {
      if (!fwabPacketAvailable(c.ballots.map((b) => b.status)))
        throw new ProblemException(
          409,
          'state-ballot-returned',
          'Your ballot is back at the office',
          'Your election office has your ballot, so you do not need the write-in ballot.',
        );
      const today = this.clock.today();
      const elections =
        c.ballots.length > 0
          ? c.ballots.map((b) => ({ name: b.election_name, date: b.election_date }))
          : (await listElections(c.tx, c.keys.jurisdictionId))
              .filter((e) => e.date >= today)
              .map((e) => ({ name: e.name, date: e.date }));
      return renderFwabPacket({
        voterName: VoterDocumentsService.voterName(c.request),
        trackingCode: c.source.trackingCode,
        jurisdictionName: c.jurisdiction?.name ?? c.keys.jurisdictionId,
        elections,
        date: c.source.receivedAt.toISOString().slice(0, 10),
        office: officeBlock(c.jurisdiction, c.keys.jurisdictionId),
        paperSize: VoterDocumentsService.paper(c),
      });
    });
  }
}
