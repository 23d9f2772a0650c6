import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize-cjs';
import type { CloudEvent } from './cloudevents';

/**
 * What an event means, independent of its id: the key of its effects (a tracking step and log
 * entry, an e-mail). Deduplication by event id alone lets the same fact sent again under a new id
 * (a replay, a copied message, a misbehaving producer) act twice; keyed by meaning it acts once.
 *
 * - A request is submitted once: `uocava.request.submitted.v1` is keyed by the request alone.
 * - A ballot is generated once: `uocava.ballot.generated.v1` by its ballot id.
 * - Every other lifecycle step may happen again for the same request (a second review, another
 *   cure, a regenerated packet), each time with different data: keyed by request, ballot, type
 *   and the SHA-256 of the event's canonical data (RFC 8785), so only the very same step repeats
 *   nothing.
 */
export function effectKeyOf(event: Pick<CloudEvent, 'type' | 'data'>): string {
  const data = event.data as unknown as { requestId?: unknown; ballotId?: unknown };
  const requestId = typeof data.requestId === 'string' ? data.requestId : '';
  const ballotId = typeof data.ballotId === 'string' ? data.ballotId : '';
  const type = event.type.replace(/\.v\d+$/, '');
  if (event.type === 'uocava.request.submitted.v1') return `${requestId}/${type}`;
  if (event.type === 'uocava.ballot.generated.v1') return `${requestId}/${ballotId}/${type}`;
  const text = canonicalize(event.data);
  if (text === undefined) throw new TypeError('event data does not canonicalize');
  return `${requestId}/${ballotId}/${type}/${createHash('sha256').update(text, 'utf8').digest('hex')}`;
}
