import { Core1700000001000 } from './1700000001000-Core';
import { TransparencyLog1700000003000 } from './1700000003000-TransparencyLog';

/** Every migration, in order. TypeORM runs the ones not yet recorded in `migrations`. */
export const MIGRATIONS = [Core1700000001000, TransparencyLog1700000003000];
