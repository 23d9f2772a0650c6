import { Core1700000001000 } from './1700000001000-Core';
import { TransparencyLog1700000003000 } from './1700000003000-TransparencyLog';
import { Audit1700000004000 } from './1700000004000-Audit';
import { OfficeOperations1700000005000 } from './1700000005000-OfficeOperations';
import { MailQueue1700000007000 } from './1700000007000-MailQueue';

/** Every migration, in order. TypeORM runs the ones not yet recorded in `migrations`. */
export const MIGRATIONS = [
  Core1700000001000,
  TransparencyLog1700000003000,
  Audit1700000004000,
  OfficeOperations1700000005000,
  MailQueue1700000007000,
];
