/** Writes docs/events.md from the event catalogue; `--check` fails when the file is stale. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { format, resolveConfig } from 'prettier';
import { eventsMarkdown } from '@uocava/contracts/asyncapi/events-doc';
import { DATASCHEMA_BASE } from '@uocava/messaging';

const FILE = join(__dirname, '../docs/events.md');

async function main(): Promise<void> {
  const options = (await resolveConfig(FILE)) ?? {};
  const text = await format(eventsMarkdown(DATASCHEMA_BASE), { ...options, filepath: FILE });
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error('docs/events.md is not up to date: run npm run events-doc');
      process.exit(1);
    }
    return;
  }
  writeFileSync(FILE, text);
  console.log('wrote docs/events.md');
}

void main();
