/** Offline receipt verification: needs only the receipt and the log's verifier key(s). */
import { equalBytes, fromBase64, hashLeaf, toHex, utf8 } from './crypto';
import { verifyCheckpoint, type Result, type VerifierKey } from './note';
import { rootFromInclusionProof } from './proof';
import { checkWitnessPolicy, type Cosigned, type WitnessPolicy } from './cosignature';

export const RECEIPT_VERSION = 'uocava-receipt/1';

/** The receipt as it travels (JSON). `entry` is the exact canonical JSON text that was logged. */
export interface ReceiptV1 {
  version: typeof RECEIPT_VERSION;
  entry: string;
  leafIndex: number;
  inclusionProof: string[];
  checkpoint: string;
}

export interface VerifiedReceipt {
  origin: string;
  treeSize: number;
  leafIndex: number;
  rootHash: string;
  leafHash: string;
  /** the entry, parsed (fields as logged) */
  entry: Record<string, unknown>;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Origin is `<domain>/<jurisdiction>/<epoch>`; returns the jurisdiction part. */
export function originJurisdiction(origin: string): string | null {
  const parts = origin.split('/');
  return parts.length === 3 && parts.every((p) => p.length > 0) ? parts[1] : null;
}

export function verifyReceipt(receipt: unknown, keys: readonly VerifierKey[]): Result<VerifiedReceipt> {
  if (!isRecord(receipt)) return { ok: false, reason: 'receipt is not a JSON object' };
  if (receipt.version !== RECEIPT_VERSION) return { ok: false, reason: 'unknown receipt version' };
  const { entry, leafIndex, inclusionProof, checkpoint } = receipt;
  if (typeof entry !== 'string') return { ok: false, reason: 'receipt entry must be a string' };
  if (typeof leafIndex !== 'number' || !Number.isSafeInteger(leafIndex) || leafIndex < 0) {
    return { ok: false, reason: 'receipt leafIndex is malformed' };
  }
  if (!Array.isArray(inclusionProof) || inclusionProof.some((p) => typeof p !== 'string')) {
    return { ok: false, reason: 'receipt inclusionProof is malformed' };
  }
  if (typeof checkpoint !== 'string') return { ok: false, reason: 'receipt checkpoint must be a string' };

  const cp = verifyCheckpoint(checkpoint, keys);
  if (!cp.ok) return { ok: false, reason: `checkpoint: ${cp.reason}` };
  const { origin, treeSize, rootHash, signedBy } = cp.value;
  if (signedBy !== origin) return { ok: false, reason: 'checkpoint signed by a key of another log' };

  let parsed: unknown;
  try {
    parsed = JSON.parse(entry);
  } catch {
    return { ok: false, reason: 'entry is not JSON' };
  }
  if (!isRecord(parsed)) return { ok: false, reason: 'entry is not a JSON object' };
  if (parsed.jurisdiction !== originJurisdiction(origin)) {
    return { ok: false, reason: 'entry jurisdiction does not match the log origin' };
  }

  const proof: Uint8Array[] = [];
  for (const p of inclusionProof as string[]) {
    const bytes = fromBase64(p);
    if (bytes === null || bytes.length !== 32)
      return { ok: false, reason: 'inclusion proof hash is malformed' };
    proof.push(bytes);
  }
  const leafHash = hashLeaf(utf8(entry));
  const root = rootFromInclusionProof(leafIndex, treeSize, leafHash, proof);
  if (root === null)
    return { ok: false, reason: 'inclusion proof has the wrong shape for this index and size' };
  if (!equalBytes(root, rootHash))
    return { ok: false, reason: 'inclusion proof does not lead to the checkpoint root' };
  return {
    ok: true,
    value: {
      origin,
      treeSize,
      leafIndex,
      rootHash: toHex(rootHash),
      leafHash: toHex(leafHash),
      entry: parsed,
    },
  };
}

/**
 * A receipt under a witness policy: everything `verifyReceipt` checks, and the checkpoint must
 * carry valid cosignatures of at least `policy.quorum` of the policy's witnesses. A receipt still
 * `pending` (log signature only) fails here: fetch the upgraded one from the tracking page.
 */
export function verifyWitnessedReceipt(
  receipt: unknown,
  keys: readonly VerifierKey[],
  policy: WitnessPolicy,
): Result<VerifiedReceipt & { witnesses: Cosigned[] }> {
  const v = verifyReceipt(receipt, keys);
  if (!v.ok) return v;
  const checkpoint = (receipt as { checkpoint: string }).checkpoint;
  const w = checkWitnessPolicy(checkpoint, policy);
  if (!w.ok) {
    const pending = (receipt as { witnessed?: unknown }).witnessed === 'pending';
    return {
      ok: false,
      reason: `checkpoint not witnessed as the policy requires: ${w.reason}${pending ? ' (the receipt is marked pending: its cosigned version replaces it on the tracking page once the witnesses answered)' : ''}`,
    };
  }
  return { ok: true, value: { ...v.value, witnesses: w.value } };
}
