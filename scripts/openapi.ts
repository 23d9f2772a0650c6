/**
 * Writes docs/openapi.json: the gateway's OpenAPI document, built from its routes without starting
 * anything (Nest preview mode: no database, no broker). `--check` fails when the file is stale.
 */
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { format, resolveConfig } from 'prettier';
import { GatewayModule } from '../apps/gateway/src/app.module';
import { openApiDocument } from '../apps/gateway/src/common/openapi';

const FILE = join(__dirname, '../docs/openapi.json');
/** The document's server: the local stack of `npm start` (a deployment serves its own PUBLIC_URL). */
const SERVER = 'http://127.0.0.1:3000';

async function main(): Promise<void> {
  const app = await NestFactory.create(GatewayModule, { preview: true, logger: false });
  const options = (await resolveConfig(FILE)) ?? {};
  const text = await format(JSON.stringify(openApiDocument(app, SERVER)), { ...options, filepath: FILE });
  await app.close();
  if (process.argv.includes('--check')) {
    let current = '';
    try {
      current = readFileSync(FILE, 'utf8');
    } catch {
      // missing: stale
    }
    if (current !== text) {
      console.error('docs/openapi.json is not up to date: run npm run openapi');
      process.exit(1);
    }
    return;
  }
  writeFileSync(FILE, text);
  console.log('wrote docs/openapi.json');
}

void main();
