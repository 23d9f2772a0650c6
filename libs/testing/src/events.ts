/** Events as the apps produce them, for tests that drive consumers and the relay directly. */
import { randomUUID } from 'node:crypto';
import { newEvent } from '@uocava/messaging';

/** A valid `uocava.request.submitted.v1` of `jurisdictionId` (no personal data, as in production). */
export function submittedEvent(jurisdictionId: string, requestId: string = randomUUID()) {
  return newEvent(
    'uocava.request.submitted.v1',
    {
      requestId,
      jurisdictionId,
      voterClass: 'active-duty',
      ballotDelivery: 'email',
      mailingCountry: 'DE',
      militaryPost: false,
      source: 'json',
      coversYear: 2026,
      submittedAt: new Date().toISOString(),
    },
    'urn:test',
  );
}
