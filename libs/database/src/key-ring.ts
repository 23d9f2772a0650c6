import type { DataSource } from 'typeorm';
import { JurisdictionKeys, newWrappedDataKey, parseMasterKey } from './pii';
import { outsideCommitHook, withTenant } from './data-source';

/** Unwraps and caches each jurisdiction's data key; creates it on first use. */
export class KeyRing {
  private readonly cache = new Map<string, Promise<JurisdictionKeys>>();
  /** jurisdictions whose keys are loaded: they exist (data_keys references jurisdictions) */
  private readonly loaded = new Set<string>();
  private readonly masterKey: Buffer;

  constructor(
    private readonly ds: DataSource,
    masterKeyBase64: string | undefined,
  ) {
    this.masterKey = parseMasterKey(masterKeyBase64);
  }

  forJurisdiction(jurisdictionId: string): Promise<JurisdictionKeys> {
    let keys = this.cache.get(jurisdictionId);
    if (!keys) {
      keys = this.load(jurisdictionId);
      keys.then(
        () => this.loaded.add(jurisdictionId),
        () => this.cache.delete(jurisdictionId),
      );
      this.cache.set(jurisdictionId, keys);
    }
    return keys;
  }

  /**
   * Whether this ring holds the jurisdiction's keys: then the jurisdiction exists, and stays (its
   * data key row references it, and no jurisdiction is ever deleted), so a caller can skip asking.
   */
  holds(jurisdictionId: string): boolean {
    return this.loaded.has(jurisdictionId);
  }

  private async load(jurisdictionId: string): Promise<JurisdictionKeys> {
    // Not part of any caller's work: an office call's audit entry must not ride on this transaction.
    const wrapped = await outsideCommitHook(() =>
      withTenant(this.ds, jurisdictionId, async (m) => {
        await m.query(
          `INSERT INTO data_keys (jurisdiction_id, wrapped_key) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
          [jurisdictionId, newWrappedDataKey(this.masterKey, jurisdictionId)],
        );
        const rows: Array<{ wrapped_key: Buffer }> = await m.query(
          `SELECT wrapped_key FROM data_keys WHERE jurisdiction_id = $1`,
          [jurisdictionId],
        );
        return rows[0].wrapped_key;
      }),
    );
    return JurisdictionKeys.unwrap(this.masterKey, jurisdictionId, wrapped);
  }
}
