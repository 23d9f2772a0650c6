/**
 * Writes docs/openapi.json: the gateway's OpenAPI document, built from its routes without starting
 * anything (Nest preview mode: no database, no broker). `--check` fails when the file is stale.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { GatewayModule } from '../apps/gateway/src/app.module';
import { openApiDocument } from '../apps/gateway/src/common/openapi';
import { writeGenerated } from './generated-file';

const FILE = join(__dirname, '../docs/openapi.json');
/** The document's server: the local stack of `npm start` (a deployment serves its own PUBLIC_URL). */
const SERVER = 'http://127.0.0.1:3000';

async function main(): Promise<void> {
  const app = await NestFactory.create(GatewayModule, { preview: true, logger: false });
  const document = JSON.stringify(openApiDocument(app, SERVER));
  await app.close();
  await writeGenerated(FILE, document, 'npm run openapi');
}

void main();
