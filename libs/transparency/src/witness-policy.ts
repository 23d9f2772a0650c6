/**
 * A jurisdiction's witness policy, as the office sets it (`jurisdictions.settings.witnessPolicy`):
 *
 *   { "quorum": 2, "witnesses": [ { "key": "<name>+<id>+<base64(0x04 || key)>", "url": "https://…" }, … ] }
 *
 * The log asks every listed witness with a `url` to cosign each new checkpoint; a receipt is
 * "cosigned" once `quorum` distinct listed witnesses did. Verifiers get the same keys out of band
 * (the office publishes them; the witnesses publish their own at GET /key) and require the quorum.
 */
import * as verifier from './verify';

export interface WitnessEndpoint {
  name: string;
  verifierKey: string;
  key: verifier.WitnessKey;
  /** the witness's submission prefix (POST <url>/add-checkpoint), or null if the log does not submit to it */
  url: string | null;
}

export interface WitnessPolicyConfig {
  quorum: number;
  witnesses: WitnessEndpoint[];
}

export const WITNESS_POLICY_SETTING = 'witnessPolicy';

/** Parses the setting; null when absent; throws a TypeError naming what is wrong. */
export function parseWitnessPolicySetting(value: unknown): WitnessPolicyConfig | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new TypeError('witnessPolicy must be an object');
  const v = value as Record<string, unknown>;
  if (!Array.isArray(v.witnesses) || v.witnesses.length === 0)
    throw new TypeError('witnessPolicy.witnesses must be a non-empty list');
  const witnesses = v.witnesses.map((w: unknown, i): WitnessEndpoint => {
    if (typeof w !== 'object' || w === null)
      throw new TypeError(`witnessPolicy.witnesses[${i}] must be an object`);
    const { key, url } = w as Record<string, unknown>;
    if (typeof key !== 'string') throw new TypeError(`witnessPolicy.witnesses[${i}].key must be a string`);
    const parsed = verifier.parseWitnessKey(key);
    if (!parsed.ok) throw new TypeError(`witnessPolicy.witnesses[${i}].key: ${parsed.reason}`);
    if (url !== undefined && (typeof url !== 'string' || !/^https?:\/\/\S+$/.test(url)))
      throw new TypeError(`witnessPolicy.witnesses[${i}].url must be an http(s) URL`);
    return {
      name: parsed.value.name,
      verifierKey: key.trim(),
      key: parsed.value,
      url: typeof url === 'string' ? url.replace(/\/+$/, '') : null,
    };
  });
  if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length)
    throw new TypeError('witnessPolicy.witnesses names must be distinct');
  const quorum = v.quorum;
  if (typeof quorum !== 'number' || !Number.isSafeInteger(quorum) || quorum < 1 || quorum > witnesses.length)
    throw new TypeError('witnessPolicy.quorum must be an integer between 1 and the number of witnesses');
  return { quorum, witnesses };
}

export function verifierPolicy(config: WitnessPolicyConfig): verifier.WitnessPolicy {
  return { quorum: config.quorum, witnesses: config.witnesses.map((w) => w.key) };
}
