/**
 * The links of a ballot packet, built in one place: the public tracking page printed on the packet
 * and in every e-mail, the packet page behind its unguessable token, and the token itself.
 */
import type { JurisdictionKeys } from '@uocava/database';

export function publicBaseUrl(): string {
  return (process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`).replace(
    /\/$/,
    '',
  );
}

/**
 * The voter's tracking page. The page asks for the date of birth; the link never carries it, so a
 * forwarded e-mail or a printed packet gives nobody more than the status page's question.
 */
export function trackingUrl(trackingCode: string): string {
  return `${publicBaseUrl()}/track?code=${encodeURIComponent(trackingCode)}`;
}

/** The HTML page of one ballot packet (with its download button), through the unguessable token. */
export function packetPageUrl(ballotId: string, token: string): string {
  return `${publicBaseUrl()}/ballot/${encodeURIComponent(ballotId)}?token=${encodeURIComponent(token)}`;
}

/** The unguessable download token of a ballot: derived with the jurisdiction's key, never stored. */
export function downloadToken(keys: JurisdictionKeys, ballotId: string): string {
  return keys.keyedHash('download', ballotId).slice(0, 43);
}
