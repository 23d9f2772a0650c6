/**
 * The offline verifier. Imports nothing from the log writer (../*): its own hashing, note
 * parser and proof verification, so a bug on the writing side cannot hide itself here.
 */
export { hashLeaf, hashChildren, fromBase64, toBase64, toHex } from './crypto';
export { rootFromInclusionProof, verifyInclusion, verifyConsistency } from './proof';
export {
  computeKeyId,
  parseVerifierKey,
  verifyCheckpoint,
  type Result,
  type VerifierKey,
  type VerifiedCheckpoint,
} from './note';
export {
  RECEIPT_VERSION,
  verifyReceipt,
  verifyWitnessedReceipt,
  originJurisdiction,
  type ReceiptV1,
  type VerifiedReceipt,
} from './receipt';
export { computeRoot, reverifyLog, type StoredEntry, type ReverifyReport } from './reverify';
export {
  checkConsistency,
  fetchCheckpoint,
  fetchConsistencyProof,
  monitorStep,
  type ConsistencyOutcome,
  type FetchLike,
  type MonitorOutcome,
  type MonitorState,
} from './monitor';
export {
  checkWitnessPolicy,
  computeWitnessKeyId,
  parseWitnessKey,
  verifyCosignatures,
  type Cosigned,
  type WitnessKey,
  type WitnessPolicy,
} from './cosignature';
export { fullAudit, splitBundle, type AuditReport, type BytesFetch } from './tiles';
