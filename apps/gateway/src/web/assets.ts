import {
  Controller,
  Get,
  Injectable,
  NotFoundException,
  Param,
  Res,
  type OnModuleInit,
} from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { build } from 'esbuild';
import type { Response } from 'express';

/**
 * The browser scripts: small ES modules, one per area, bundled from client/*.ts at start-up; the
 * marking page has its own (it carries pdf-lib, which no other page loads).
 */
export const SCRIPT_ENTRIES = ['voter', 'office', 'marking'] as const;
export type ScriptEntry = (typeof SCRIPT_ENTRIES)[number];

interface Asset {
  body: Buffer;
  type: string;
}

const CLIENT_DIR = join(__dirname, 'client');
const STYLES = join(__dirname, 'styles.css');

/**
 * Everything a page loads comes from here, under a content-hashed name (`/assets/voter-3f9a….js`),
 * served with a one-year immutable cache: no third-party resource, nothing inline (the CSP forbids
 * it). Scripts are bundled and minified by esbuild once, when the gateway starts (tens of ms).
 */
@Injectable()
export class WebAssets implements OnModuleInit {
  private readonly files = new Map<string, Asset>();
  private readonly urls = new Map<string, string>();

  async onModuleInit(): Promise<void> {
    const result = await build({
      entryPoints: Object.fromEntries(SCRIPT_ENTRIES.map((e) => [e, join(CLIENT_DIR, `${e}.ts`)])),
      bundle: true,
      format: 'esm',
      target: ['es2022'],
      minify: true,
      write: false,
      outdir: '/assets',
      entryNames: '[name]-[hash]',
      chunkNames: 'chunk-[hash]',
      splitting: true,
      legalComments: 'none',
      logLevel: 'silent',
    });
    for (const out of result.outputFiles) {
      const name = basename(out.path);
      this.files.set(name, { body: Buffer.from(out.contents), type: 'text/javascript; charset=utf-8' });
      const entry = SCRIPT_ENTRIES.find((e) => name.startsWith(`${e}-`));
      if (entry) this.urls.set(`${entry}.js`, `/assets/${name}`);
    }
    const css = readFileSync(STYLES);
    const cssName = `styles-${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`;
    this.files.set(cssName, { body: css, type: 'text/css; charset=utf-8' });
    this.urls.set('styles.css', `/assets/${cssName}`);
  }

  /** The public URL of `styles.css` or of a script (`voter.js`, `office.js`, `marking.js`). */
  url(name: 'styles.css' | `${ScriptEntry}.js`): string {
    const url = this.urls.get(name);
    if (url === undefined) throw new Error(`asset ${name} is not built`);
    return url;
  }

  get(name: string): Asset | undefined {
    return this.files.get(name);
  }
}

@ApiExcludeController()
@Controller('assets')
export class AssetsController {
  constructor(private readonly assets: WebAssets) {}

  @Get(':name')
  serve(@Param('name') name: string, @Res() res: Response): void {
    const asset = this.assets.get(name);
    if (asset === undefined) throw new NotFoundException();
    res
      .status(200)
      .type(asset.type)
      .setHeader('Cache-Control', 'public, max-age=31536000, immutable')
      .send(asset.body);
  }
}
