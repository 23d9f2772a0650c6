import { Module } from '@nestjs/common';
import { loadWitness } from './bootstrap';
import { WITNESS, WitnessController } from './witness.controller';

/** A standalone witness: no database, no broker; its state is a directory of fsync'd files. */
@Module({
  controllers: [WitnessController],
  providers: [{ provide: WITNESS, useFactory: () => loadWitness() }],
})
export class WitnessModule {}
