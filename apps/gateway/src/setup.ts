import { json, urlencoded, type Express, type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { VRI_JSON_CONTENT_TYPE } from '@uocava/contracts/http';
import { publicBaseUrl } from '@uocava/packets';
import { openApiDocument } from './common/openapi';

export { gatewayErrorPage } from './web/pages';
export { localizeVoterProblem } from './common/voter-problems';

/**
 * Security headers of every answer (helmet). The Content-Security-Policy allows nothing from
 * another origin and nothing inline: every script and style is a file the gateway serves itself.
 * HSTS only when the public URL is https (local runs are plain http on 127.0.0.1).
 */
export function securityHeaders(publicUrl = publicBaseUrl()) {
  const https = publicUrl.startsWith('https://');
  return helmet({
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'none'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
        baseUri: ["'none'"],
        ...(https ? { upgradeInsecureRequests: [] } : {}),
      },
    },
    strictTransportSecurity: https ? { maxAge: 31536000, includeSubDomains: true } : false,
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginEmbedderPolicy: { policy: 'require-corp' },
  });
}

/**
 * Express's `trust proxy` from TRUST_PROXY: a number of proxy hops (`1` behind one ingress),
 * `true`/`false`, or addresses/subnets (`10.0.0.0/8, loopback`).
 */
export function trustProxySetting(raw: string | undefined): number | boolean | string | undefined {
  if (raw === undefined || raw.trim() === '') return undefined;
  const v = raw.trim();
  if (/^\d+$/.test(v)) return Number(v);
  if (v === 'true' || v === 'false') return v === 'true';
  return v;
}

/** Gateway HTTP setup shared by main.ts and the tests: body limits, security headers, OpenAPI. */
export function configureGateway(app: NestExpressApplication): void {
  const trustProxy = trustProxySetting(process.env.TRUST_PROXY);
  if (trustProxy !== undefined) app.set('trust proxy', trustProxy);
  app.use(securityHeaders());
  app.use(json({ limit: '64kb', strict: false, type: ['application/json', VRI_JSON_CONTENT_TYPE] }));
  // the web pages' forms (flat fields, no nested parsing)
  app.use(urlencoded({ limit: '32kb', extended: false, parameterLimit: 100 }));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const document = openApiDocument(app, publicBaseUrl());
  (app.getHttpAdapter().getInstance() as Express).get('/api/openapi.json', (_req: Request, res: Response) => {
    res.json(document);
  });
}
