import { publicBaseUrl } from '@uocava/packets';

/**
 * The WebAuthn relying party of this deployment: the site's origin (PUBLIC_URL). A loopback IP
 * cannot be a relying party id, so a site on http://127.0.0.1:<port> (development, tests) takes
 * passkeys at http://localhost:<port>.
 */
export function relyingParty(): { rpID: string; origin: string; rpName: string } {
  const url = new URL(publicBaseUrl());
  if (url.hostname === '127.0.0.1' || url.hostname === '[::1]') url.hostname = 'localhost';
  return { rpID: url.hostname, origin: url.origin, rpName: 'UOCAVA election office' };
}
