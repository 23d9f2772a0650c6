/**
 * Client side of the public log endpoints (see ../api.ts for the response shapes): consistency
 * between two checkpoints, and a monitor step that remembers the last checkpoint it saw and
 * raises an alarm on a fork (same size, other root; or a consistency proof that fails) or a
 * rollback (smaller tree). Uses global fetch; no writer code.
 */
import { equalBytes, fromBase64 } from './crypto';
import { verifyCheckpoint, type VerifiedCheckpoint, type VerifierKey } from './note';
import { verifyConsistency } from './proof';
import { checkWitnessPolicy, type WitnessPolicy } from './cosignature';

export type FetchLike = (url: string) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

export type ConsistencyOutcome =
  { ok: true; from: number; to: number } | { ok: false; alarm: boolean; reason: string };

function joinUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}/${path}`;
}

async function getText(fetchImpl: FetchLike, url: string): Promise<string> {
  const res = await fetchImpl(url);
  if (!res.ok) throw new Error(`GET ${url}: HTTP ${res.status}`);
  return res.text();
}

export async function fetchCheckpoint(logUrl: string, fetchImpl: FetchLike = fetch): Promise<string> {
  return getText(fetchImpl, joinUrl(logUrl, 'checkpoint'));
}

export async function fetchConsistencyProof(
  logUrl: string,
  from: number,
  to: number,
  fetchImpl: FetchLike = fetch,
): Promise<Uint8Array[]> {
  const body: unknown = JSON.parse(
    await getText(fetchImpl, joinUrl(logUrl, `proof/consistency?from=${from}&to=${to}`)),
  );
  const r = body as { from?: unknown; to?: unknown; proof?: unknown };
  if (
    typeof body !== 'object' ||
    body === null ||
    r.from !== from ||
    r.to !== to ||
    !Array.isArray(r.proof)
  ) {
    throw new Error('consistency proof response has the wrong shape');
  }
  return r.proof.map((p: unknown) => {
    const bytes = typeof p === 'string' ? fromBase64(p) : null;
    if (bytes === null || bytes.length !== 32) throw new Error('consistency proof hash is malformed');
    return bytes;
  });
}

/** Checks that `newer` extends `older` (both already verified notes). */
export async function checkConsistency(
  older: VerifiedCheckpoint,
  newer: VerifiedCheckpoint,
  logUrl: string,
  fetchImpl: FetchLike = fetch,
): Promise<ConsistencyOutcome> {
  if (newer.treeSize < older.treeSize) {
    return {
      ok: false,
      alarm: true,
      reason: `rollback: tree size went from ${older.treeSize} to ${newer.treeSize}`,
    };
  }
  if (newer.treeSize === older.treeSize) {
    return equalBytes(newer.rootHash, older.rootHash)
      ? { ok: true, from: older.treeSize, to: newer.treeSize }
      : { ok: false, alarm: true, reason: `fork: two different roots for tree size ${older.treeSize}` };
  }
  const proof = await fetchConsistencyProof(logUrl, older.treeSize, newer.treeSize, fetchImpl);
  return verifyConsistency(older.treeSize, newer.treeSize, older.rootHash, newer.rootHash, proof)
    ? { ok: true, from: older.treeSize, to: newer.treeSize }
    : {
        ok: false,
        alarm: true,
        reason: `fork: the log cannot prove that size ${newer.treeSize} extends size ${older.treeSize}`,
      };
}

export interface MonitorState {
  version: 'uocava-monitor/1';
  /** last checkpoint note seen and verified consistent */
  checkpoint: string;
}

export type MonitorOutcome =
  | { status: 'initialized' | 'unchanged' | 'advanced'; message: string; state: MonitorState }
  /** consistent, but the served checkpoint lacks the policy's cosignatures (the state is not advanced) */
  | { status: 'unwitnessed'; message: string; state: MonitorState | null }
  | { status: 'alarm' | 'error'; message: string; state: MonitorState | null };

/** One monitor step: fetch the current checkpoint, check it against the remembered one. */
export async function monitorStep(
  logUrl: string,
  keys: readonly VerifierKey[],
  state: MonitorState | null,
  fetchImpl: FetchLike = fetch,
  policy: WitnessPolicy | null = null,
): Promise<MonitorOutcome> {
  let text: string;
  try {
    text = await fetchCheckpoint(logUrl, fetchImpl);
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e), state };
  }
  const current = verifyCheckpoint(text, keys);
  if (!current.ok)
    return { status: 'alarm', message: `served checkpoint does not verify: ${current.reason}`, state };
  const next: MonitorState = { version: 'uocava-monitor/1', checkpoint: text };
  const witnessed = policy === null ? null : checkWitnessPolicy(text, policy);
  const unwitnessed = (consistency: string): MonitorOutcome | null =>
    witnessed === null || witnessed.ok
      ? null
      : { status: 'unwitnessed', message: `${consistency}; but ${witnessed.reason}`, state };
  const witnessNote =
    witnessed !== null && witnessed.ok
      ? `; witnessed by ${witnessed.value.map((c) => c.name).join(', ')}`
      : '';
  if (state === null) {
    const u = unwitnessed(`first checkpoint: size ${current.value.treeSize}`);
    if (u !== null) return u;
    return {
      status: 'initialized',
      message: `first checkpoint: size ${current.value.treeSize}${witnessNote}`,
      state: next,
    };
  }
  const previous = verifyCheckpoint(state.checkpoint, keys);
  if (!previous.ok)
    return { status: 'error', message: `saved checkpoint does not verify: ${previous.reason}`, state };
  try {
    const outcome = await checkConsistency(previous.value, current.value, logUrl, fetchImpl);
    if (!outcome.ok) return { status: 'alarm', message: outcome.reason, state };
    const u = unwitnessed(`consistent: size ${outcome.from} -> ${outcome.to}`);
    if (u !== null) return u;
    return outcome.from === outcome.to
      ? { status: 'unchanged', message: `unchanged at size ${outcome.to}${witnessNote}`, state: next }
      : {
          status: 'advanced',
          message: `consistent: size ${outcome.from} -> ${outcome.to}${witnessNote}`,
          state: next,
        };
  } catch (e) {
    return { status: 'error', message: e instanceof Error ? e.message : String(e), state };
  }
}
