/**
 * Offline verifier commands (they use only the verifier half of @uocava/transparency):
 *
 *   verify-receipt <file> --key <key|@file> [--witness <key|@file> ... --quorum <k>]
 *   verify-receipt <file> --root <ca.pem> --log-keys <url|file> [--key ...] [--witness ... --quorum <k>]
 *   verify-consistency <old checkpoint file> <new checkpoint file> --log <url> --key <key|@file>
 *   monitor --log <url> --key <key|@file> --state <file> [--witness <key|@file> ... --quorum <k>] [--full]
 *
 * `monitor --full` also audits the whole log over its C2SP tiles: every entry bundle and tile the
 * checkpoint needs is fetched, every leaf and the root are recomputed, every ballot chain is
 * re-checked; any difference is an ALARM (exit 3) and the state is left unchanged.
 *
 * `--witness` takes witness verifier keys (`<name>+<id>+<base64(0x04 || key)>`, obtained out of
 * band: from the witnesses themselves and the office's published policy); with them the
 * checkpoint must carry valid cosignatures of at least `--quorum` of them (default: all given).
 * Exit 1 "NOT WITNESSED" when it does not (monitor: the log is consistent but not yet witnessed).
 *
 * `--key` takes verifier key text (`<name>+<key id>+<base64 key>`) or `@path` to a file with one
 * key per line; repeat it to trust several key epochs. `--log` is the log's base URL, e.g.
 * `https://host/api/v1/jurisdictions/demo-county/log`. With `--root`, the trusted keys are those
 * of the log's key answer (`GET <log>/key`, or a saved copy) whose jurisdiction certificate chains
 * to the root and whose CMS-signed key statement names the key (with `--key` too: only those of
 * them). Exit codes: 0 verified, 1 not verified
 * (the reason is printed), 2 an error (file, network), 3 ALARM (fork or rollback; monitor and
 * verify-consistency).
 */
import { readFile, rename, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import {
  generateWitnessKey,
  verifier,
  verifyCertifiedLogKey,
  type CertifiedLogKey,
} from '@uocava/transparency';

type VerifierKey = verifier.VerifierKey;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

async function keyTexts(specs: readonly string[]): Promise<string[]> {
  const texts: string[] = [];
  for (const spec of specs) {
    if (spec.startsWith('@')) {
      const content = await readFile(spec.slice(1), 'utf8');
      texts.push(
        ...content
          .split('\n')
          .map((l) => l.trim())
          .filter((l) => l.length > 0 && !l.startsWith('#')),
      );
    } else {
      texts.push(spec);
    }
  }
  return texts;
}

async function loadKeys(specs: readonly string[]): Promise<VerifierKey[]> {
  const texts = await keyTexts(specs);
  if (texts.length === 0) throw new Error('no verifier key given (--key)');
  return texts.map((t) => {
    const k = verifier.parseVerifierKey(t);
    if (!k.ok) throw new Error(`bad verifier key: ${k.reason}`);
    return k.value;
  });
}

/** The witness policy of `--witness` / `--quorum`, or null when no witness key is given. */
async function loadPolicy(
  specs: readonly string[],
  quorum: string | undefined,
): Promise<verifier.WitnessPolicy | null> {
  const texts = await keyTexts(specs);
  if (texts.length === 0) {
    if (quorum !== undefined) throw new Error('--quorum needs --witness keys');
    return null;
  }
  const witnesses = texts.map((t) => {
    const k = verifier.parseWitnessKey(t);
    if (!k.ok) throw new Error(`bad witness key: ${k.reason}`);
    return k.value;
  });
  if (new Set(witnesses.map((w) => w.name)).size !== witnesses.length)
    throw new Error('two witness keys have the same name');
  const k = quorum === undefined ? witnesses.length : Number(quorum);
  if (!Number.isSafeInteger(k) || k < 1 || k > witnesses.length)
    throw new Error(`--quorum must be between 1 and ${witnesses.length}`);
  return { witnesses, quorum: k };
}

/** The log's key answer (`GET <log>/key`) from a URL or a file. */
async function loadLogKeys(source: string): Promise<CertifiedLogKey[]> {
  const text = /^https?:\/\//.test(source)
    ? await fetch(source).then(async (r) => {
        if (!r.ok) throw new Error(`${source}: HTTP ${r.status}`);
        return r.text();
      })
    : await readFile(source, 'utf8');
  const body = JSON.parse(text) as { keys?: unknown };
  if (!Array.isArray(body.keys)) throw new Error(`${source}: no keys list`);
  return body.keys as CertifiedLogKey[];
}

/** The verifier keys of `logKeys` certified under the root of `rootFile`, and why others are not. */
async function certifiedKeys(
  rootFile: string,
  logKeys: string,
): Promise<{ keys: VerifierKey[]; refused: string[] }> {
  const root = await readFile(rootFile, 'utf8');
  const keys: VerifierKey[] = [];
  const refused: string[] = [];
  for (const k of await loadLogKeys(logKeys)) {
    const check = verifyCertifiedLogKey(k, root);
    if (!check.ok) {
      refused.push(check.reason);
      continue;
    }
    const parsed = verifier.parseVerifierKey(k.verifierKey);
    if (parsed.ok) keys.push(parsed.value);
    else refused.push(`${k.origin}: ${parsed.reason}`);
  }
  return { keys, refused };
}

function fail(code: number, message: string): void {
  console.error(message);
  process.exitCode = code;
}

async function guarded(fn: () => Promise<void>): Promise<void> {
  try {
    await fn();
  } catch (e) {
    fail(2, `error: ${e instanceof Error ? e.message : String(e)}`);
  }
}

export function registerTransparencyCommands(program: Command): void {
  program
    .command('witness-keygen')
    .description('make a witness key (apps/witness): writes the private key PEM, prints the verifier key')
    .requiredOption('--name <name>', 'witness key name, a schema-less URL, e.g. witness.example.edu/w1')
    .requiredOption('--out <file>', 'where to write the PKCS#8 PEM (mode 0600, never overwritten)')
    .action((opts: { name: string; out: string }) =>
      guarded(async () => {
        const k = generateWitnessKey(opts.name);
        await writeFile(opts.out, k.privateKeyPem, { mode: 0o600, flag: 'wx' });
        console.log(k.verifierKey);
      }),
    );

  program
    .command('verify-receipt')
    .description('verify a receipt offline against the log verifier key(s), or keys certified by a root CA')
    .argument('<file>', 'receipt JSON file')
    .option('--key <key>', 'verifier key text or @file (repeatable)', collect, [])
    .option('--root <ca.pem>', 'trust only log keys certified by this root CA (needs --log-keys)')
    .option('--log-keys <url|file>', "the log's key answer: <log>/key URL or a saved copy")
    .option('--witness <key>', 'witness verifier key text or @file (repeatable)', collect, [])
    .option('--quorum <k>', 'how many of the witnesses must have cosigned (default: all)')
    .action(
      (
        file: string,
        opts: { key: string[]; root?: string; logKeys?: string; witness: string[]; quorum?: string },
      ) =>
        guarded(async () => {
          const policy = await loadPolicy(opts.witness, opts.quorum);
          let keys: VerifierKey[];
          if (opts.root === undefined) {
            keys = await loadKeys(opts.key);
          } else {
            if (opts.logKeys === undefined) throw new Error('--root needs --log-keys <url|file>');
            const certified = await certifiedKeys(opts.root, opts.logKeys);
            for (const r of certified.refused) console.error(`not certified: ${r}`);
            const id = (k: VerifierKey) => `${k.name}+${Buffer.from(k.publicKey).toString('base64')}`;
            const given = opts.key.length === 0 ? null : new Set((await loadKeys(opts.key)).map(id));
            keys = certified.keys.filter((k) => given === null || given.has(id(k)));
            if (keys.length === 0) {
              fail(1, 'NOT VERIFIED: no log key is certified by this root');
              return;
            }
          }
          let receipt: unknown;
          try {
            receipt = JSON.parse(await readFile(file, 'utf8'));
          } catch {
            fail(1, 'NOT VERIFIED: receipt file is not JSON');
            return;
          }
          const v = verifier.verifyReceipt(receipt, keys);
          if (!v.ok) {
            fail(1, `NOT VERIFIED: ${v.reason}`);
            return;
          }
          let witnessed = '';
          if (policy !== null) {
            const w = verifier.verifyWitnessedReceipt(receipt, keys, policy);
            if (!w.ok) {
              fail(1, `NOT WITNESSED: ${w.reason}`);
              return;
            }
            witnessed = `; witnessed by ${w.value.witnesses
              .map((c) => `${c.name} (${new Date(c.timestamp * 1000).toISOString()})`)
              .join(
                ', ',
              )} (${w.value.witnesses.length} of ${policy.witnesses.length}, ${policy.quorum} required)`;
          }
          const e = v.value.entry;
          console.log(
            `VERIFIED: entry ${v.value.leafIndex} (${String(e.eventType)} at ${String(e.time)}) is in ${v.value.origin} ` +
              `at tree size ${v.value.treeSize}, root ${v.value.rootHash}${witnessed}`,
          );
        }),
    );

  program
    .command('verify-consistency')
    .description('verify that a newer checkpoint extends an older one (fetches the consistency proof)')
    .argument('<old>', 'older checkpoint file (signed note)')
    .argument('<new>', 'newer checkpoint file (signed note)')
    .requiredOption('--log <url>', 'log base URL, e.g. https://host/api/v1/jurisdictions/<id>/log')
    .requiredOption('--key <key>', 'verifier key text or @file (repeatable)', collect, [])
    .action((oldFile: string, newFile: string, opts: { log: string; key: string[] }) =>
      guarded(async () => {
        const keys = await loadKeys(opts.key);
        const older = verifier.verifyCheckpoint(await readFile(oldFile, 'utf8'), keys);
        if (!older.ok) return fail(1, `NOT VERIFIED: old checkpoint: ${older.reason}`);
        const newer = verifier.verifyCheckpoint(await readFile(newFile, 'utf8'), keys);
        if (!newer.ok) return fail(1, `NOT VERIFIED: new checkpoint: ${newer.reason}`);
        const outcome = await verifier.checkConsistency(older.value, newer.value, opts.log);
        if (!outcome.ok) return fail(3, `ALARM: ${outcome.reason}`);
        console.log(`VERIFIED: tree size ${outcome.to} extends tree size ${outcome.from}`);
      }),
    );

  program
    .command('monitor')
    .description('fetch the current checkpoint, check it extends the last one seen, remember it')
    .requiredOption('--log <url>', 'log base URL')
    .requiredOption('--key <key>', 'verifier key text or @file (repeatable)', collect, [])
    .requiredOption('--state <file>', 'state file (created on first run)')
    .option('--witness <key>', 'witness verifier key text or @file (repeatable)', collect, [])
    .option('--quorum <k>', 'how many of the witnesses must have cosigned (default: all)')
    .option('--full', 'also read every entry over the tiles and recompute every leaf and the root')
    .action(
      (opts: {
        log: string;
        key: string[];
        state: string;
        witness: string[];
        quorum?: string;
        full?: boolean;
      }) =>
        guarded(async () => {
          const keys = await loadKeys(opts.key);
          const policy = await loadPolicy(opts.witness, opts.quorum);
          let state: verifier.MonitorState | null = null;
          try {
            const parsed: unknown = JSON.parse(await readFile(opts.state, 'utf8'));
            const s = parsed as Partial<verifier.MonitorState>;
            if (s.version !== 'uocava-monitor/1' || typeof s.checkpoint !== 'string')
              throw new Error('bad state file');
            state = { version: s.version, checkpoint: s.checkpoint };
          } catch (e) {
            if ((e as { code?: string }).code !== 'ENOENT') throw e;
          }
          const outcome = await verifier.monitorStep(opts.log, keys, state, fetch, policy);
          if (outcome.status === 'alarm') return fail(3, `ALARM: ${outcome.message}`);
          if (outcome.status === 'error') return fail(2, `error: ${outcome.message}`);
          let audited = '';
          if (opts.full === true) {
            const served =
              outcome.status === 'unwitnessed' || outcome.state === null
                ? await verifier.fetchCheckpoint(opts.log)
                : outcome.state.checkpoint;
            const audit = await verifier.fullAudit(opts.log, served, keys);
            if (!audit.ok)
              return fail(
                3,
                `ALARM: full audit of tree size ${audit.treeSize}: ${audit.problems.slice(0, 20).join('; ')}`,
              );
            audited = `; full audit: ${audit.treeSize} entries, every leaf, tile and the root recomputed (${audit.fetched} tiles)`;
          }
          if (outcome.status === 'unwitnessed') return fail(1, `NOT WITNESSED: ${outcome.message}${audited}`);
          const tmp = `${opts.state}.tmp`;
          await writeFile(tmp, `${JSON.stringify(outcome.state, null, 2)}\n`);
          await rename(tmp, opts.state);
          console.log(`OK: ${outcome.message}${audited}`);
        }),
    );
}
