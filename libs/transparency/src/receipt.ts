/** Receipt construction (writer side). Verification lives in ./verify. */
import type { Hash } from './hash';

export const RECEIPT_VERSION = 'uocava-receipt/1' as const;

/** A receipt as JSON: the logged entry, its index, the inclusion proof, the checkpoint note. */
export interface Receipt {
  version: typeof RECEIPT_VERSION;
  /** exact canonical JSON text of the entry (RFC 8785), as hashed into the tree */
  entry: string;
  leafIndex: number;
  /** RFC 9162 inclusion proof, leaf to root, base64 hashes */
  inclusionProof: string[];
  /** signed checkpoint note the proof leads to */
  checkpoint: string;
  /**
   * Only in jurisdictions with a witness policy: `pending` while the checkpoint carries the log's
   * signature alone (issued anyway: a witness outage never stops the log), `cosigned` once it
   * carries the policy's quorum of witness cosignatures (the receipt is then re-issued).
   */
  witnessed?: 'pending' | 'cosigned';
}

export function buildReceipt(args: {
  entry: string;
  leafIndex: number;
  inclusionProof: readonly Hash[];
  checkpoint: string;
  witnessed?: 'pending' | 'cosigned';
}): Receipt {
  return {
    version: RECEIPT_VERSION,
    entry: args.entry,
    leafIndex: args.leafIndex,
    inclusionProof: args.inclusionProof.map((h) => Buffer.from(h).toString('base64')),
    checkpoint: args.checkpoint,
    ...(args.witnessed === undefined ? {} : { witnessed: args.witnessed }),
  };
}
