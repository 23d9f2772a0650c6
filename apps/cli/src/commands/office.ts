import { randomBytes, randomUUID, createHash } from 'node:crypto';
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { databaseConfigFromEnv, openDataSource, withTenant } from '@uocava/database';
import { isJurisdictionId, OFFICE_ROLES, type OfficeRole } from '@uocava/domain';
import { loadDevEnv } from './env';

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

type Query = (sql: string, params?: unknown[]) => Promise<Array<Record<string, unknown>>>;

/**
 * Runs `fn` in one transaction scoped to `jurisdictionId` (row-level security), as the apps' role
 * of DATABASE_URL: an office's commands can only ever touch that office's rows.
 */
async function withOffice<T>(jurisdictionId: string, fn: (query: Query) => Promise<T>): Promise<T> {
  loadDevEnv();
  const ds: DataSource = await openDataSource({
    ...databaseConfigFromEnv(),
    applicationName: 'cli',
    poolSize: 1,
  });
  try {
    return await withTenant(ds, jurisdictionId, (tx) => fn((sql, params) => tx.query(sql, params)));
  } finally {
    await ds.destroy();
  }
}

export function validateJurisdictionSpec(spec: JurisdictionSpec): string[] {
  const problems: string[] = [];
  if (!isJurisdictionId(spec.id))
    problems.push('--id must be a lower-case slug (letters, digits, hyphens), e.g. us-ny-kings');
  if (!spec.name.trim() || spec.name.length > 200) problems.push('--name must be 1 to 200 characters');
  if (!/^[A-Z]{2}$/.test(spec.state)) problems.push('--state must be a two-letter code such as NY');
  return problems;
}

/** `--settings`: a JSON object (office settings are read by the office operations, docs/office-api.md). */
export function parseSettings(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new Error('--settings must be JSON, e.g. \'{"moveActTargetDays":3}\'');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error('--settings must be a JSON object');
  if ('office' in value) throw new Error('--settings: set the office block with the --office-* options');
  return value as Record<string, unknown>;
}

export async function createJurisdiction(spec: JurisdictionSpec): Promise<void> {
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
  await withOffice(spec.id, (q) =>
    q(
      `INSERT INTO jurisdictions (jurisdiction_id, name, state, county, settings) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (jurisdiction_id) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state,
         county = EXCLUDED.county, settings = jurisdictions.settings || EXCLUDED.settings`,
      [spec.id, spec.name, spec.state, spec.county ?? null, { ...spec.settings, office }],
    ),
  );
}

/** Creates an office key; returns it (shown once) — only its SHA-256 is stored. */
export async function createApiKey(
  jurisdictionId: string,
  role: OfficeRole,
  label?: string,
): Promise<{ keyId: string; key: string }> {
  if (!OFFICE_ROLES.includes(role)) throw new Error(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
  const key = `uk_${randomBytes(32).toString('base64url')}`;
  const keyId = randomUUID();
  await withOffice(jurisdictionId, async (q) => {
    const found = await q(`SELECT 1 FROM jurisdictions WHERE jurisdiction_id = $1`, [jurisdictionId]);
    if (found.length === 0) throw new Error(`no jurisdiction ${jurisdictionId}; create it first`);
    await q(
      `INSERT INTO api_keys (key_id, jurisdiction_id, role, key_hash, label) VALUES ($1, $2, $3, $4, $5)`,
      [keyId, jurisdictionId, role, createHash('sha256').update(key, 'utf8').digest(), label ?? null],
    );
  });
  return { keyId, key };
}

export function registerOfficeCommands(program: Command): void {
  const jurisdiction = program
    .command('jurisdiction')
    .description('election offices served by this deployment');
  jurisdiction
    .command('create')
    .description('create (or update) a jurisdiction')
    .requiredOption('--id <slug>', 'lower-case slug, e.g. us-ny-kings')
    .requiredOption('--name <name>', 'display name, e.g. "Kings County"')
    .requiredOption('--state <XX>', 'two-letter state code')
    .option('--county <name>', 'county name, for a county office')
    .option('--office-address <line...>', "the office's mailing address lines, printed on return envelopes")
    .option('--office-email <address>', 'where voters may e-mail ballots, if the office allows it')
    .option('--office-fax <number>', 'where voters may fax ballots, if the office allows it')
    .option(
      '--settings <json>',
      'office settings to merge, as a JSON object, e.g. \'{"moveActTargetDays":3,"fwabAsRegistration":true}\'',
    )
    .action(
      async (o: {
        id: string;
        name: string;
        state: string;
        county?: string;
        officeAddress?: string[];
        officeEmail?: string;
        officeFax?: string;
        settings?: string;
      }) => {
        await createJurisdiction({
          ...o,
          state: o.state.toUpperCase(),
          settings: o.settings === undefined ? undefined : parseSettings(o.settings),
        });
        console.log(`jurisdiction ${o.id} ready`);
      },
    );
  const apiKey = program.command('api-key').description('office credentials');
  apiKey
    .command('create')
    .description('create an office key (printed once; stored only as a hash)')
    .requiredOption('--jurisdiction <slug>', 'the jurisdiction the key acts for')
    .requiredOption('--role <role>', `one of ${OFFICE_ROLES.join(', ')}`)
    .option('--label <text>', 'who holds the key')
    .action(async (o: { jurisdiction: string; role: OfficeRole; label?: string }) => {
      const { keyId, key } = await createApiKey(o.jurisdiction, o.role, o.label);
      console.error(`key ${keyId} (${o.role} for ${o.jurisdiction}); store it now, it is not shown again:`);
      console.log(key);
    });
}
