/**
 * The checked-in contracts are the generated ones and Redocly finds no error in the OpenAPI
 * document: part of `npm test` as well as of `npm run lint`.
 */
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { NestFactory } from '@nestjs/core';
import { GatewayModule } from '../app.module';
import { openApiDocument } from './openapi';

const ROOT = join(__dirname, '../../../..');

describe('published contracts', () => {
  it('docs/openapi.json is the document of the routes (npm run openapi)', async () => {
    const app = await NestFactory.create(GatewayModule, { preview: true, logger: false });
    try {
      const doc = openApiDocument(app, 'http://127.0.0.1:3000');
      const file = JSON.parse(readFileSync(join(ROOT, 'docs/openapi.json'), 'utf8')) as unknown;
      expect(JSON.parse(JSON.stringify(doc))).toEqual(file);
    } finally {
      await app.close();
    }
  });

  it('Redocly lint finds no error and no unreviewed warning in docs/openapi.json', async () => {
    const bin = join(ROOT, 'node_modules/.bin/redocly');
    const run = await promisify(execFile)(bin, ['lint', 'docs/openapi.json', '--format=summary'], {
      cwd: ROOT,
    }).then(
      (r) => ({ code: 0, out: `${r.stdout}${r.stderr}` }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({
        code: e.code ?? -1,
        out: `${e.stdout}${e.stderr}`,
      }),
    );
    expect(run.out).not.toMatch(/^(error|warning)/m);
    expect(run.code).toBe(0);
  }, 60_000);

  it('docs/events.md is generated from the event catalogue (npm run events-doc)', async () => {
    // the script formats with Prettier, which cannot load inside jest: run it as npm run lint does
    const run = await promisify(execFile)(
      process.execPath,
      ['-r', '@swc-node/register', 'scripts/events-doc.ts', '--check'],
      { cwd: ROOT },
    ).then(
      () => ({ code: 0, out: '' }),
      (e: { code?: number; stderr?: string }) => ({ code: e.code ?? -1, out: e.stderr ?? '' }),
    );
    expect(run).toEqual({ code: 0, out: '' });
  }, 60_000);
});
