/**
 * Identifiers as branded string types: a `BallotRequestId` cannot be passed where a `BallotId`
 * is expected, although both are strings at run time. Constructors validate the shape.
 */
import { UUID_PATTERN } from './values';

export { UUID_PATTERN };

declare const brand: unique symbol;
export type Brand<T, B extends string> = T & { readonly [brand]: B };

/** Lower-case slug, e.g. `us-ny-kings` or `demo-county`. */
export type JurisdictionId = Brand<string, 'JurisdictionId'>;
/** UUID of a ballot request (FPCA). Kafka message key for every event of that request. */
export type BallotRequestId = Brand<string, 'BallotRequestId'>;
/** UUID of one ballot issued for one request and one election. */
export type BallotId = Brand<string, 'BallotId'>;
/** UUID of an election defined by an office. */
export type ElectionId = Brand<string, 'ElectionId'>;
/** Public tracking code given to the voter, e.g. `TRK-7K3M-9QXD-2HFA`. */
export type TrackingCode = Brand<string, 'TrackingCode'>;
/** ISO 8601 calendar date `YYYY-MM-DD`. */
export type IsoDate = Brand<string, 'IsoDate'>;

export const JURISDICTION_ID_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?$/;
export const TRACKING_CODE_PATTERN =
  /^TRK-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}-[0-9A-HJKMNP-TV-Z]{4}$/;

export function isJurisdictionId(value: string): value is JurisdictionId {
  return JURISDICTION_ID_PATTERN.test(value);
}
export function isUuid(value: string): boolean {
  return UUID_PATTERN.test(value);
}
export function isTrackingCode(value: string): value is TrackingCode {
  return TRACKING_CODE_PATTERN.test(value);
}

function brandOrThrow<T extends string>(value: string, ok: boolean, what: string): T {
  if (!ok) throw new TypeError(`not a valid ${what}: ${JSON.stringify(value).slice(0, 80)}`);
  return value as T;
}
export const jurisdictionId = (v: string): JurisdictionId =>
  brandOrThrow<JurisdictionId>(v, isJurisdictionId(v), 'jurisdiction id');
export const ballotRequestId = (v: string): BallotRequestId =>
  brandOrThrow<BallotRequestId>(v, isUuid(v), 'ballot request id');
export const ballotId = (v: string): BallotId => brandOrThrow<BallotId>(v, isUuid(v), 'ballot id');
export const electionId = (v: string): ElectionId => brandOrThrow<ElectionId>(v, isUuid(v), 'election id');
export const trackingCode = (v: string): TrackingCode =>
  brandOrThrow<TrackingCode>(v, isTrackingCode(v), 'tracking code');
