/**
 * `npm run cli -- <command>`: operator and verifier commands. Each command family lives in its
 * own file under ./commands and registers itself on the program.
 */
import 'reflect-metadata';
import { Command } from 'commander';
import { registerCommands } from './commands';

async function main(argv: string[]): Promise<void> {
  const program = new Command('uocava').description('UOCAVA ballot platform command line').exitOverride();
  registerCommands(program);
  await program.parseAsync(argv);
}

main(process.argv).catch((error: unknown) => {
  const code = (error as { exitCode?: number }).exitCode;
  if (typeof code === 'number') process.exit(code);
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
