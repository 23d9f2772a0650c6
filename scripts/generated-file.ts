/**
 * A file the repository generates (docs/openapi.json, docs/events.md): formatted with the project's
 * Prettier settings, then written, or with `--check` compared with what is checked in (exit 1 when
 * stale, naming the command that regenerates it).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { relative } from 'node:path';
import { format, resolveConfig } from 'prettier';

export async function writeGenerated(file: string, content: string, regenerate: string): Promise<void> {
  const options = (await resolveConfig(file)) ?? {};
  const text = await format(content, { ...options, filepath: file });
  const name = relative(process.cwd(), file);
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(file, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error(`${name} is not up to date: run ${regenerate}`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(file, text);
  console.log(`wrote ${name}`);
}
