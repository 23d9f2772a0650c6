/**
 * What print batches read of the office's settings (`jurisdictions.settings`, docs/office-api.md):
 * the USPS Mailer ID of the Intelligent Mail barcodes, the IMb service type, and the office's
 * return address (the `office` block the packets print).
 */
import { imbProblems } from '@uocava/ballot-pdf';
import { jurisdictionSettings, type SqlExecutor } from '@uocava/database';
import { ProblemException } from '@uocava/platform';
import type { JurisdictionSettings } from '@uocava/packets';

export interface MailSettings extends JurisdictionSettings {
  /** the office's USPS Mailer ID: 6 digits (not starting with 9) or 9 digits (starting with 9) */
  mailerId?: string;
  /** IMb service type id, 3 digits; default 040 (First-Class Mail with IV-MTR) */
  imbServiceType?: string;
}

export const DEFAULT_SERVICE_TYPE = '040';

export interface MailConfig {
  mailerId: string;
  serviceType: string;
  /** office name first, then its mailing address */
  returnAddressLines: string[];
}

/** The office's mail configuration, or a 409 naming the setting that is missing or wrong. */
export async function mailConfig(
  tx: SqlExecutor,
  jurisdictionId: string,
  jurisdictionName: string,
): Promise<MailConfig> {
  const s = await jurisdictionSettings<MailSettings>(tx, jurisdictionId);
  const mailerId = typeof s.mailerId === 'string' ? s.mailerId : '';
  const serviceType = typeof s.imbServiceType === 'string' ? s.imbServiceType : DEFAULT_SERVICE_TYPE;
  const bad = imbProblems({ barcodeId: '00', serviceType, mailerId, serial: 0, routingZip: '' }).filter(
    (p) => p.field === 'mailerId' || p.field === 'serviceType',
  );
  if (bad.length > 0)
    throw new ProblemException(
      409,
      'mail-settings',
      "The office's mail settings are incomplete",
      bad
        .map((p) =>
          p.field === 'mailerId'
            ? `Set the office's USPS Mailer ID (jurisdiction setting "mailerId"): ${p.message}.`
            : `The jurisdiction setting "imbServiceType" must be ${p.message}.`,
        )
        .join(' '),
    );
  const office = s.office ?? {};
  return {
    mailerId,
    serviceType,
    returnAddressLines: [
      office.name ?? `${jurisdictionName} Election Office`,
      ...(office.mailingAddress ?? [jurisdictionName]),
    ],
  };
}
