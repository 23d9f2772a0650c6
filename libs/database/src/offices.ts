/**
 * Setting up an election office: its directory entry and its staff keys. The operator CLI
 * (`jurisdiction create`, `api-key create`), `npm start`'s demo office and the tests' office
 * context all call these, each in one transaction scoped to the office (row-level security): an
 * office's set-up can only ever touch that office's rows.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { isJurisdictionId, OFFICE_ROLES, type OfficeRole } from '@uocava/domain';
import { withTenant } from './data-source';
import { insertApiKey } from './tables/api-keys';
import { jurisdictionExists, upsertJurisdiction } from './tables/jurisdictions';

export interface JurisdictionSpec {
  id: string;
  name: string;
  state: string;
  county?: string;
  officeAddress?: string[];
  officeEmail?: string;
  officeFax?: string;
  /** office settings merged into the jurisdiction's settings (e.g. moveActTargetDays, fwabAsRegistration) */
  settings?: Record<string, unknown>;
}

/** What is wrong with a spec (the CLI's option names), or nothing. */
export function validateJurisdictionSpec(spec: JurisdictionSpec): string[] {
  const problems: string[] = [];
  if (!isJurisdictionId(spec.id))
    problems.push('--id must be a lower-case slug (letters, digits, hyphens), e.g. us-ny-kings');
  if (!spec.name.trim() || spec.name.length > 200) problems.push('--name must be 1 to 200 characters');
  if (!/^[A-Z]{2}$/.test(spec.state)) problems.push('--state must be a two-letter code such as NY');
  return problems;
}

/** Creates (or updates) a jurisdiction; its office block is made from the spec's office fields. */
export async function createJurisdiction(ds: DataSource, spec: JurisdictionSpec): Promise<void> {
  const problems = validateJurisdictionSpec(spec);
  if (problems.length) throw new Error(problems.join('\n'));
  const office = {
    name: `${spec.name} Election Office`,
    mailingAddress: spec.officeAddress?.length
      ? spec.officeAddress
      : [`${spec.name} Election Office`, spec.state],
    email: spec.officeEmail,
    fax: spec.officeFax,
  };
  await withTenant(ds, spec.id, (tx) =>
    upsertJurisdiction(tx, {
      jurisdictionId: spec.id,
      name: spec.name,
      state: spec.state,
      county: spec.county ?? null,
      settings: { ...spec.settings, office },
    }),
  );
}

/** Creates an office key; returns it (shown once): only its SHA-256 is stored. */
export async function createApiKey(
  ds: DataSource,
  jurisdictionId: string,
  role: OfficeRole,
  label?: string,
): Promise<{ keyId: string; key: string }> {
  if (!OFFICE_ROLES.includes(role)) throw new Error(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
  const key = `uk_${randomBytes(32).toString('base64url')}`;
  const keyId = randomUUID();
  await withTenant(ds, jurisdictionId, async (tx) => {
    if (!(await jurisdictionExists(tx, jurisdictionId)))
      throw new Error(`no jurisdiction ${jurisdictionId}; create it first`);
    await insertApiKey(tx, {
      keyId,
      jurisdictionId,
      role,
      keyHash: createHash('sha256').update(key, 'utf8').digest(),
      label: label ?? null,
    });
  });
  return { keyId, key };
}
