import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { renderPrintBatch, type PrintPiece } from '@uocava/ballot-pdf';
import type { BallotRequestInput } from '@uocava/contracts/http';
import {
  findJurisdiction,
  findPrintBatch,
  KeyRing,
  printBatchPieces,
  recordAudit,
  recordPrintBatchPdf,
  withTenant,
} from '@uocava/database';
import { isUuid, mailAddressBlock, routingZipOf, utcDateOf } from '@uocava/domain';
import { notFound } from '@uocava/platform';
import { auditWho, type OfficePrincipal } from '../../common/office-auth';
import { PacketService } from '../../packets/packet.service';
import { countryName } from '../../web/countries';
import { batchCancelled } from '../batch-cancelled';
import { mailConfig } from '../mail-settings';

export interface BatchPdf {
  batchId: string;
  pdf: Uint8Array;
  sha256: string;
  pageCount: number;
  /** the hash equals the one recorded at the batch's first download */
  reproduced: boolean;
}

/**
 * The print-ready PDF of a batch: each packet (rendered again and checked against its recorded
 * hash, as the voter's download is) followed by its outbound envelope page (the office's return
 * address, the voter's mailing address block, the IMb). Nothing is stored but the hash of the first
 * download; later downloads must give the same bytes, and the audit entry says whether they did.
 */
@Injectable()
export class BatchPdfService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly packets: PacketService,
  ) {}

  async pdf(p: OfficePrincipal, batchId: string): Promise<BatchPdf> {
    if (!isUuid(batchId.toLowerCase())) throw notFound(`Print batch ${batchId}`);
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const batch = await findPrintBatch(tx, p.jurisdictionId, batchId.toLowerCase());
      if (batch === undefined) throw notFound(`Print batch ${batchId}`);
      if (batch.cancelledAt !== null) throw batchCancelled(batch.batchId, batch.cancelledAt);
      const jurisdiction = await findJurisdiction(tx, p.jurisdictionId);
      const mail = await mailConfig(tx, p.jurisdictionId, jurisdiction?.name ?? p.jurisdictionId);
      const pieces: PrintPiece[] = [];
      for (const piece of await printBatchPieces(tx, p.jurisdictionId, batch.batchId)) {
        const packet = await this.packets.forOffice(tx, keys, piece.ballotId);
        if (packet === undefined) throw notFound(`Ballot ${piece.ballotId}`);
        const fpca = keys.openJson<Pick<BallotRequestInput, 'name' | 'mailingAddress'>>(
          `request:${piece.requestId}`,
          piece.pii,
        );
        const n = fpca.name;
        const name = [n.first, n.middle, n.last, n.suffix].filter(Boolean).join(' ');
        pieces.push({
          ballotId: piece.ballotId,
          packetPdf: packet.bytes,
          addressLines: mailAddressBlock(name, fpca.mailingAddress, countryName),
          imb: {
            barcodeId: '00',
            serviceType: mail.serviceType,
            mailerId: batch.mailerId,
            serial: piece.serial,
            routingZip: routingZipOf(fpca.mailingAddress),
          },
        });
      }
      const rendered = await renderPrintBatch({
        batchId: batch.batchId,
        date: utcDateOf(new Date(batch.createdAt)),
        returnAddressLines: mail.returnAddressLines,
        pieces,
      });
      const first = await recordPrintBatchPdf(tx, p.jurisdictionId, batch.batchId, rendered.sha256);
      const reproduced = first === rendered.sha256;
      await recordAudit(tx, {
        jurisdictionId: p.jurisdictionId,
        ...auditWho(p),
        role: p.role,
        action: 'print-batch.pdf',
        target: `print-batch:${batch.batchId}`,
        outcome: 'ok',
        details: {
          pdfSha256: rendered.sha256,
          firstPdfSha256: first,
          reproduced,
          pieces: pieces.length,
          pages: rendered.pageCount,
        },
      });
      if (!reproduced)
        console.error(`[gateway] print batch ${batch.batchId} did not reproduce its first PDF`);
      return {
        batchId: batch.batchId,
        pdf: rendered.pdf,
        sha256: rendered.sha256,
        pageCount: rendered.pageCount,
        reproduced,
      };
    });
  }
}
