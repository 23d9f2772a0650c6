/** What a message may know about the voter and the office: of the voter's personal data, the first name only. */
import { t, type BallotDeliveryMethod, type Language } from '@uocava/domain';

export interface OfficeContact {
  name: string;
  email?: string;
  phone?: string;
  fax?: string;
}

/** Everything a message may say. Of the voter's personal data, only the first name. */
export interface MessageContext {
  /** the request's language: every word of the message is in it */
  language: Language;
  firstName: string;
  trackingCode: string;
  trackingUrl: string;
  ballotDelivery: BallotDeliveryMethod;
  office: OfficeContact;
  /** the election a ballot notice is about */
  election?: { name: string; utcOffset?: string };
  /** the packet page, for `ballot-ready` */
  packetUrl?: string;
}

/** What the worker read for one event: the opened request (whole), its row and the office. */
export interface ContextSource {
  /** the opened FPCA body; only the first name is taken */
  pii: { name: { first: string } };
  trackingCode: string;
  trackingUrl: string;
  ballotDelivery: BallotDeliveryMethod;
  /** the request's language (`ballot_requests.language`); English when not given */
  language?: Language;
  jurisdictionName: string;
  office?: Partial<OfficeContact>;
  election?: { name: string; utcOffset?: string };
  packetUrl?: string;
}

/** The message context, keeping of the voter's personal data only the first name. */
export function messageContext(source: ContextSource): MessageContext {
  const office = source.office ?? {};
  const language = source.language ?? 'en';
  return {
    language,
    firstName: source.pii.name.first,
    trackingCode: source.trackingCode,
    trackingUrl: source.trackingUrl,
    ballotDelivery: source.ballotDelivery,
    office: {
      name: office.name ?? t(language, 'mail.officeName', { jurisdiction: source.jurisdictionName }),
      ...(office.email ? { email: office.email } : {}),
      ...(office.phone ? { phone: office.phone } : {}),
      ...(office.fax ? { fax: office.fax } : {}),
    },
    ...(source.election ? { election: source.election } : {}),
    ...(source.packetUrl ? { packetUrl: source.packetUrl } : {}),
  };
}
