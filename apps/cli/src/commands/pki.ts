/**
 * Deployment PKI (docs/receipts-operations.md, "PKI"):
 *
 *   pki init-root --dir <root dir> [--name <common name>] [--days <n>]
 *   pki issue-jurisdiction <jurisdiction> --root <root dir> --keys-dir <KEYS_DIR> [--days <n>]
 *   pki rotate-log-key <jurisdiction> --keys-dir <KEYS_DIR> [--epoch <n>] [--origin-domain <host>]
 *
 * The root's private key stays in its own directory (offline in production); the jurisdiction
 * certificate, its key and the root certificate go to the receipts app's KEYS_DIR.
 */
import type { Command } from 'commander';
import { initRoot, issueJurisdiction, rotateLogKey } from '@uocava/transparency';

const days = (v: string): number => {
  const n = Number(v);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error('--days must be a positive integer');
  return n;
};

export function registerPkiCommands(program: Command): void {
  const pki = program
    .command('pki')
    .description('deployment PKI: root CA, jurisdiction certificates, log keys');

  pki
    .command('init-root')
    .description('create the root CA (root-ca.crt, root-ca.pem) in a directory of its own')
    .requiredOption('--dir <dir>', 'directory for the root CA (keep it offline)')
    .option('--name <name>', 'common name of the root', 'UOCAVA deployment root CA')
    .option('--days <n>', 'validity in days', days, 3650)
    .action(async (opts: { dir: string; name: string; days: number }) => {
      const { certificate } = await initRoot(opts.dir, opts.name, opts.days);
      console.log(`root CA certificate: ${certificate}`);
    });

  pki
    .command('issue-jurisdiction')
    .description("issue a jurisdiction's certificate under the root into KEYS_DIR")
    .argument('<jurisdiction>', 'jurisdiction id, e.g. us-oh-mahoning')
    .requiredOption('--root <dir>', 'directory of the root CA (init-root --dir)')
    .option('--keys-dir <dir>', "the receipts app's KEYS_DIR", process.env.KEYS_DIR ?? '.cache/keys')
    .option('--days <n>', 'validity in days', days, 825)
    .action(async (jurisdiction: string, opts: { root: string; keysDir: string; days: number }) => {
      const { certificate } = await issueJurisdiction(opts.root, opts.keysDir, jurisdiction, opts.days);
      console.log(`jurisdiction certificate: ${certificate}`);
    });

  pki
    .command('rotate-log-key')
    .description('write the log key of the next epoch; the receipts app switches at its next checkpoint')
    .argument('<jurisdiction>', 'jurisdiction id')
    .option('--keys-dir <dir>', "the receipts app's KEYS_DIR", process.env.KEYS_DIR ?? '.cache/keys')
    .option('--epoch <n>', 'the epoch to create (default: one above the highest key file)', days)
    .option(
      '--origin-domain <host>',
      'LOG_ORIGIN_DOMAIN of the receipts app',
      process.env.LOG_ORIGIN_DOMAIN ?? 'log.uocava.example',
    )
    .action(async (jurisdiction: string, opts: { keysDir: string; epoch?: number; originDomain: string }) => {
      const r = await rotateLogKey(opts.keysDir, jurisdiction, opts.originDomain, opts.epoch);
      console.log(`log key epoch ${r.epoch}: ${r.file}\nverifier key: ${r.verifierKey}`);
    });
}
