import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  acknowledgePacketMismatch,
  openPacketMismatches,
  withTenant,
  type PacketMismatchAlert,
} from '@uocava/database';
import { notFound } from '@uocava/platform';

/**
 * Packets that did not reproduce under the same inputs and renderer (a defect; the voter was
 * served the re-issued packet): shown on the office's overview and in the office API until a
 * clerk or admin acknowledges them.
 */
@Injectable()
export class PacketAlertsService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  open(jurisdictionId: string): Promise<PacketMismatchAlert[]> {
    return withTenant(this.ds, jurisdictionId, (tx) => openPacketMismatches(tx, jurisdictionId));
  }

  /** `by`: who acknowledged it (the office key today; the person once staff sign in by name). */
  async acknowledge(jurisdictionId: string, regenerationId: string, by: string): Promise<void> {
    if (!/^[1-9][0-9]{0,18}$/.test(regenerationId)) throw notFound('This alert');
    const done = await withTenant(this.ds, jurisdictionId, (tx) =>
      acknowledgePacketMismatch(tx, jurisdictionId, regenerationId, by),
    );
    if (!done) throw notFound('This alert');
  }
}
