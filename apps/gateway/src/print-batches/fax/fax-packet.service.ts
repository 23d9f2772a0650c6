import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { PacketResult } from '@uocava/ballot-pdf';
import { KeyRing, recordAudit, withTenant } from '@uocava/database';
import { notFound } from '@uocava/platform';
import { auditWho, type OfficePrincipal } from '../../common/office-auth';
import { PacketService } from '../../packets/packet.service';

/**
 * One ballot's packet for the office to fax (or to print a single mail packet again): rendered and
 * checked against its recorded hash like the voter's download, audited with the caller and the hash.
 * The fax itself is then recorded with `POST /ballots/{ballotId}/transmitted` (method `fax`).
 */
@Injectable()
export class FaxPacketService {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly keyRing: KeyRing,
    private readonly packets: PacketService,
  ) {}

  async packet(p: OfficePrincipal, ballotId: string): Promise<PacketResult> {
    const id = ballotId.toLowerCase();
    const keys = await this.keyRing.forJurisdiction(p.jurisdictionId);
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const packet = await this.packets.forOffice(tx, keys, id);
      if (packet === undefined) throw notFound(`Ballot ${ballotId}`);
      await recordAudit(tx, {
        jurisdictionId: p.jurisdictionId,
        ...auditWho(p),
        role: p.role,
        action: 'ballot.packet-download',
        target: `ballot:${id}`,
        outcome: 'ok',
        details: { pdfSha256: packet.sha256, pages: packet.pageCount },
      });
      return packet;
    });
  }
}
