/** `jurisdiction create`, `api-key create|list|revoke` and `staff invite`: the options of the office set-up of libs/database. */
import type { Command } from 'commander';
import type { DataSource } from 'typeorm';
import { userInfo } from 'node:os';
import {
  createApiKey,
  createJurisdiction,
  createStaffInvitation,
  DEFAULT_KEY_LIFETIME_DAYS,
  listOfficeKeys,
  revokeOfficeKey,
  databaseConfigFromEnv,
  openDataSource,
  validateJurisdictionSpec,
  type JurisdictionSpec,
} from '@uocava/database';
import { OFFICE_ROLES, type OfficeRole } from '@uocava/domain';
import { loadDevEnv } from './env';

/**
 * Runs `fn` with a data source as the apps' role of DATABASE_URL (the office functions scope
 * each transaction to one jurisdiction), closed afterwards.
 */
async function withDatabase<T>(fn: (ds: DataSource) => Promise<T>): Promise<T> {
  loadDevEnv();
  const ds: DataSource = await openDataSource({
    ...databaseConfigFromEnv(),
    applicationName: 'cli',
    poolSize: 1,
  });
  try {
    return await fn(ds);
  } finally {
    await ds.destroy();
  }
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
    .action(async (o: Omit<JurisdictionSpec, 'settings'> & { settings?: string }) => {
      const spec = {
        ...o,
        state: o.state.toUpperCase(),
        settings: o.settings === undefined ? undefined : parseSettings(o.settings),
      };
      const problems = validateJurisdictionSpec(spec);
      if (problems.length) throw new Error(problems.join('\n'));
      await withDatabase((ds) => createJurisdiction(ds, spec));
      console.log(`jurisdiction ${o.id} ready`);
    });
  const apiKey = program.command('api-key').description('office credentials');
  apiKey
    .command('create')
    .description('create an office key (printed once; stored only as a hash)')
    .requiredOption('--jurisdiction <slug>', 'the jurisdiction the key acts for')
    .requiredOption('--role <role>', `one of ${OFFICE_ROLES.join(', ')}`)
    .option('--label <text>', 'who holds the key')
    .option(
      '--expires-in-days <n>',
      `days until the key stops working (default ${DEFAULT_KEY_LIFETIME_DAYS}; "never" for none)`,
    )
    .action(async (o: { jurisdiction: string; role: OfficeRole; label?: string; expiresInDays?: string }) => {
      if (!OFFICE_ROLES.includes(o.role)) throw new Error(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
      const days =
        o.expiresInDays === undefined
          ? DEFAULT_KEY_LIFETIME_DAYS
          : o.expiresInDays === 'never'
            ? null
            : Number(o.expiresInDays);
      const { keyId, key, expiresAt } = await withDatabase((ds) =>
        createApiKey(ds, o.jurisdiction, o.role, o.label, days),
      );
      const until = expiresAt === null ? 'no expiry' : `expires ${expiresAt.toISOString()}`;
      console.error(
        `key ${keyId} (${o.role} for ${o.jurisdiction}, ${until}); store it now, it is not shown again:`,
      );
      console.log(key);
    });
  apiKey
    .command('list')
    .description("the office's keys (id, role, label, created, expires, revoked, live); never the keys")
    .requiredOption('--jurisdiction <slug>', 'the jurisdiction')
    .action(async (o: { jurisdiction: string }) => {
      const keys = await withDatabase((ds) => listOfficeKeys(ds, o.jurisdiction));
      const day = (d: Date | null) => (d === null ? '-' : d.toISOString().slice(0, 16).replace('T', ' '));
      console.log(['key id', 'role', 'live', 'created', 'expires', 'revoked', 'label'].join('\t'));
      for (const k of keys)
        console.log(
          [
            k.keyId,
            k.role,
            k.live ? 'yes' : 'no',
            day(k.createdAt),
            day(k.expiresAt),
            day(k.revokedAt),
            k.label ?? '',
          ].join('\t'),
        );
    });
  apiKey
    .command('revoke')
    .description('revoke a key at once (its API calls and sign-in sessions stop); audited')
    .requiredOption('--jurisdiction <slug>', 'the jurisdiction')
    .requiredOption('--key-id <uuid>', 'the key id, as `api-key list` shows it')
    .action(async (o: { jurisdiction: string; keyId: string }) => {
      const operator = userInfo().username;
      const done = await withDatabase((ds) => revokeOfficeKey(ds, o.jurisdiction, o.keyId, operator));
      if (!done) throw new Error(`${o.jurisdiction} has no live key ${o.keyId}`);
      console.error(`key ${o.keyId} of ${o.jurisdiction} revoked`);
    });
  const staff = program.command('staff').description('named staff accounts of an office');
  staff
    .command('invite')
    .description('invite a staff member: prints the invitation link once (it works for 7 days, once)')
    .requiredOption('--jurisdiction <slug>', 'the jurisdiction')
    .requiredOption('--email <address>', "the person's work e-mail address")
    .requiredOption('--role <role>', `one of ${OFFICE_ROLES.join(', ')}`)
    .option('--name <name>', 'the name shown on the pages and in the audit trail (default: the address)')
    .action(async (o: { jurisdiction: string; email: string; role: OfficeRole; name?: string }) => {
      if (!OFFICE_ROLES.includes(o.role)) throw new Error(`--role must be one of ${OFFICE_ROLES.join(', ')}`);
      const operator = userInfo().username;
      const made = await withDatabase((ds) =>
        createStaffInvitation(ds, o.jurisdiction, {
          email: o.email,
          displayName: o.name ?? o.email,
          role: o.role,
          operator,
        }),
      );
      const base = (process.env.PUBLIC_URL ?? `http://127.0.0.1:${process.env.GATEWAY_PORT ?? 3000}`).replace(
        /\/$/,
        '',
      );
      console.error(
        `invitation ${made.invitationId} (${o.role} for ${o.jurisdiction}, expires ${made.expiresAt.toISOString()}); give this link to the person, it is not shown again:`,
      );
      console.log(`${base}${made.path}`);
    });
}
