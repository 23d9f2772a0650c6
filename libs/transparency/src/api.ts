/**
 * HTTP shapes of the public log endpoints (served by the gateway, read by the CLI):
 *
 *   GET /api/v1/jurisdictions/{id}/log/checkpoint               text/plain: the latest signed note
 *   GET /api/v1/jurisdictions/{id}/log/entries?start=&end=      LogEntriesResponse ([start, end), end exclusive, at most 1000)
 *   GET /api/v1/jurisdictions/{id}/log/proof/inclusion?index=&size=   InclusionProofResponse
 *   GET /api/v1/jurisdictions/{id}/log/proof/inclusion?hash=&size=    InclusionProofResponse (hash: base64 leaf hash)
 *   GET /api/v1/jurisdictions/{id}/log/proof/consistency?from=&to=    ConsistencyProofResponse
 *   GET /api/v1/jurisdictions/{id}/log/key                      LogKeyResponse
 *   GET /api/v1/jurisdictions/{id}/log/tile/<L>/<N>[.p/<W>]     C2SP tlog-tiles Merkle tile (octet-stream, immutable)
 *   GET /api/v1/jurisdictions/{id}/log/tile/entries/<N>[.p/<W>] C2SP tlog-tiles entry bundle
 *
 * Hashes are standard base64 (with padding). Errors: 400 for bad parameters, 404 for sizes
 * beyond the log, with a JSON body `{ "error": string }`.
 */
import { isRecord, isStringArray } from '@uocava/contracts/values';

export interface LogEntriesResponse {
  start: number;
  end: number;
  entries: Array<{
    leafIndex: number;
    /** canonical JSON text */ entry: string;
    /** base64 */ leafHash: string;
  }>;
}

export interface InclusionProofResponse {
  leafIndex: number;
  treeSize: number;
  /** base64 hashes, leaf to root (RFC 9162 2.1.3) */
  proof: string[];
}

export interface ConsistencyProofResponse {
  from: number;
  to: number;
  /** base64 hashes (RFC 9162 2.1.4) */
  proof: string[];
}

export interface LogKeyResponse {
  /** current origin, `<domain>/<jurisdiction>/<epoch>` */
  origin: string;
  /** verifier key text of the current epoch */
  verifierKey: string;
  /** every epoch's key, oldest first, so checkpoints from before a rotation stay verifiable */
  keys: Array<{
    origin: string;
    verifierKey: string;
    /** key statement text (see pki.ts keyStatement) */
    statement?: string;
    /** detached CMS signature of the statement (PEM), by the jurisdiction certificate */
    statementSignature?: string;
    /** jurisdiction certificate, PEM */
    certificate?: string;
  }>;
}

export function isConsistencyProofResponse(v: unknown): v is ConsistencyProofResponse {
  return isRecord(v) && typeof v.from === 'number' && typeof v.to === 'number' && isStringArray(v.proof);
}

export function isInclusionProofResponse(v: unknown): v is InclusionProofResponse {
  return (
    isRecord(v) && typeof v.leafIndex === 'number' && typeof v.treeSize === 'number' && isStringArray(v.proof)
  );
}
