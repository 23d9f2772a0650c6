import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { imbDigits, imbProblems, mailingOrder } from '@uocava/ballot-pdf';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  findElection,
  findJurisdiction,
  insertPrintBatch,
  KeyRing,
  nextPieceSerials,
  printBatchCandidates,
  withTenant,
} from '@uocava/database';
import {
  printBatchFilterProblems,
  routingZipOf,
  selectForPrintBatch,
  utcDateOf,
  type PrintBatchFilter,
} from '@uocava/domain';
import { invalidRequest, notFound, ProblemException } from '@uocava/platform';
import { checked } from '../../common/input';
import { actorId, type OfficePrincipal } from '../../common/office-auth';
import { mailConfig } from '../mail-settings';
import { parseCreatePrintBatch } from '../print-batches.schemas';

export interface CreatedPrintBatch {
  batchId: string;
  electionId: string;
  filter: PrintBatchFilter;
  mailerId: string;
  pieceCount: number;
  createdAt: string;
  createdBy: string;
  pdfSha256: null;
  sentAt: null;
  cancelledAt: null;
  cancelReason: null;
  pieces: Array<{ ballotId: string; position: number; imb: string }>;
}

/**
 * Creates a print batch: the office's ready, unsent, unbatched mail ballots of one election that
 * the filter takes (`selectForPrintBatch`), in mailing order (`mailingOrder`: domestic first, then
 * country, postal code, ballot id), each with a fresh IMb serial under the office's Mailer ID. All
 * or nothing: a ballot that a concurrent batch took first refuses the whole batch (409).
 */
@Injectable()
export class CreatePrintBatchService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
  ) {}

  async create(p: OfficePrincipal, body: unknown): Promise<CreatedPrintBatch> {
    const input = checked(parseCreatePrintBatch(body));
    const filter: PrintBatchFilter = {
      electionId: input.electionId.toLowerCase(),
      ...(input.readyFrom !== undefined ? { readyFrom: input.readyFrom } : {}),
      ...(input.readyTo !== undefined ? { readyTo: input.readyTo } : {}),
      ...(input.country !== undefined ? { country: input.country } : {}),
    };
    const problems = printBatchFilterProblems(filter);
    if (problems.length > 0)
      throw invalidRequest(
        problems.map((q) => ({
          field: q.field,
          pointer: `#/${q.field}`,
          code: 'invalid',
          message: q.message,
        })),
      );
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const election = await findElection(tx, p.jurisdictionId, filter.electionId);
      if (election === undefined) throw notFound(`Election ${filter.electionId}`);
      const jurisdiction = await findJurisdiction(tx, p.jurisdictionId);
      const mail = await mailConfig(tx, p.jurisdictionId, jurisdiction?.name ?? p.jurisdictionId);
      const rows = await printBatchCandidates(tx, p.jurisdictionId, filter.electionId);
      const chosen = selectForPrintBatch(
        rows.map((r) => ({
          ...r,
          readyOn: utcDateOf(new Date(r.generatedAt)),
          country: r.mailingCountry,
          batchId: r.batchId ?? undefined,
        })),
        filter,
      );
      if (chosen.length === 0)
        throw new ProblemException(
          409,
          'nothing-to-print',
          'Nothing to print',
          'No mail ballot of this election is ready, unsent and outside another batch under this filter.',
        );
      const pieces = mailingOrder(
        chosen.map((c) => {
          const fpca = keys.openJson<Pick<BallotRequestInput, 'mailingAddress'>>(
            `request:${c.requestId}`,
            c.pii,
          );
          return {
            ballotId: c.ballotId,
            country: fpca.mailingAddress.country,
            postalCode: fpca.mailingAddress.postalCode ?? '',
          };
        }),
      );
      const serials = await nextPieceSerials(tx, pieces.length);
      const imbs = pieces.map((piece, i) => {
        const fields = {
          barcodeId: '00',
          serviceType: mail.serviceType,
          mailerId: mail.mailerId,
          serial: serials[i],
          routingZip: routingZipOf(piece),
        };
        if (imbProblems(fields).length > 0)
          throw new ProblemException(
            409,
            'imb-serials-exhausted',
            'No Intelligent Mail serials left',
            `The serials of Mailer ID ${mail.mailerId} are used up; ask USPS for a 6-digit Mailer ID or reset the serial sequence after 45 days.`,
          );
        return imbDigits(fields);
      });
      const batchId = randomUUID();
      const complete = await insertPrintBatch(tx, {
        batchId,
        jurisdictionId: p.jurisdictionId,
        electionId: filter.electionId,
        filter: { ...filter },
        mailerId: mail.mailerId,
        createdBy: actorId(p),
        pieces: pieces.map((piece, i) => ({ ballotId: piece.ballotId, serial: serials[i] })),
      });
      if (!complete)
        throw new ProblemException(
          409,
          'batch-conflict',
          'Another batch took some of these ballots',
          'Another print batch was made at the same moment and took some of these ballots. Try again.',
        );
      return {
        batchId,
        electionId: filter.electionId,
        filter,
        mailerId: mail.mailerId,
        pieceCount: pieces.length,
        createdAt: new Date().toISOString(),
        createdBy: actorId(p),
        pdfSha256: null,
        sentAt: null,
        cancelledAt: null,
        cancelReason: null,
        pieces: pieces.map((piece, i) => ({ ballotId: piece.ballotId, position: i + 1, imb: imbs[i] })),
      };
    });
  }
}
