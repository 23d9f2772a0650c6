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
}

export function buildReceipt(args: {
  entry: string;
  leafIndex: number;
  inclusionProof: readonly Hash[];
  checkpoint: string;
}): Receipt {
  return {
    version: RECEIPT_VERSION,
    entry: args.entry,
    leafIndex: args.leafIndex,
    inclusionProof: args.inclusionProof.map((h) => Buffer.from(h).toString('base64')),
    checkpoint: args.checkpoint,
  };
}
