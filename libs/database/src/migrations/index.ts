import { Core1700000001000 } from './1700000001000-Core';
import { TransparencyLog1700000003000 } from './1700000003000-TransparencyLog';
import { Audit1700000004000 } from './1700000004000-Audit';
import { OfficeOperations1700000005000 } from './1700000005000-OfficeOperations';
import { RowLevelSecurity1700000006000 } from './1700000006000-RowLevelSecurity';
import { FwabReturnMethod1700000006500 } from './1700000006500-FwabReturnMethod';
import { MailQueue1700000007000 } from './1700000007000-MailQueue';
import { OfficeSessions1700000008000 } from './1700000008000-OfficeSessions';
import { PacketProvenance1700000008500 } from './1700000008500-PacketProvenance';
import { WitnessCosignatures1700000009000 } from './1700000009000-WitnessCosignatures';
import { HeldPackets1700000009100 } from './1700000009100-HeldPackets';
import { MessageQuarantine1700000009200 } from './1700000009200-MessageQuarantine';
import { EffectKeys1700000009500 } from './1700000009500-EffectKeys';
import { RequestMethod1700000009600 } from './1700000009600-RequestMethod';
import { ApiKeyExpiry1700000009700 } from './1700000009700-ApiKeyExpiry';
import { WebhookSubscriptions1700000009800 } from './1700000009800-WebhookSubscriptions';
import { PrintBatches1700000009900 } from './1700000009900-PrintBatches';
import { StateRules1700000009930 } from './1700000009930-StateRules';
import { CureDocuments1700000009940 } from './1700000009940-CureDocuments';
import { StaffAccounts1700000009960 } from './1700000009960-StaffAccounts';
import { VoterServiceActions1700000009970 } from './1700000009970-VoterServiceActions';
import { TotpSteps1700000009980 } from './1700000009980-TotpSteps';
import { PrintBatchCancel1700000009990 } from './1700000009990-PrintBatchCancel';
import { MailQueueClaimOrder1700000010000 } from './1700000010000-MailQueueClaimOrder';
import { RequestLanguage1700000010100 } from './1700000010100-RequestLanguage';
import { SmsQueue1700000010200 } from './1700000010200-SmsQueue';
import { RollRecordHash1700000010600 } from './1700000010600-RollRecordHash';
import { LogProofRead1700000010700 } from './1700000010700-LogProofRead';

export { APP_ROLE, isolateTenantTable, releaseTenantTable, TENANT_PREDICATE } from './tenant-isolation';
export { TENANT_TABLES } from './1700000006000-RowLevelSecurity';

/** Every migration, in order. TypeORM runs the ones not yet recorded in `migrations`. */
export const MIGRATIONS = [
  Core1700000001000,
  TransparencyLog1700000003000,
  Audit1700000004000,
  OfficeOperations1700000005000,
  RowLevelSecurity1700000006000,
  FwabReturnMethod1700000006500,
  MailQueue1700000007000,
  OfficeSessions1700000008000,
  PacketProvenance1700000008500,
  WitnessCosignatures1700000009000,
  HeldPackets1700000009100,
  MessageQuarantine1700000009200,
  EffectKeys1700000009500,
  RequestMethod1700000009600,
  ApiKeyExpiry1700000009700,
  WebhookSubscriptions1700000009800,
  PrintBatches1700000009900,
  StateRules1700000009930,
  CureDocuments1700000009940,
  StaffAccounts1700000009960,
  VoterServiceActions1700000009970,
  TotpSteps1700000009980,
  PrintBatchCancel1700000009990,
  MailQueueClaimOrder1700000010000,
  RequestLanguage1700000010100,
  SmsQueue1700000010200,
  RollRecordHash1700000010600,
  LogProofRead1700000010700,
];
