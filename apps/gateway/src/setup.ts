import { json, type Express, type NextFunction, type Request, type Response } from 'express';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { VRI_JSON_CONTENT_TYPE } from '@uocava/contracts/http';

/** Gateway HTTP setup shared by main.ts and the tests: body limits, security headers, OpenAPI. */
export function configureGateway(app: NestExpressApplication): void {
  app.use(json({ limit: '64kb', strict: false, type: ['application/json', VRI_JSON_CONTENT_TYPE] }));
  app.use((_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    res.setHeader('Cache-Control', 'no-store');
    next();
  });
  const config = new DocumentBuilder()
    .setTitle('UOCAVA ballot platform')
    .setDescription(
      'Ballot requests (FPCA), tracking with signed receipts, transparency-log endpoints and the election office API. ' +
        'Errors are application/problem+json (RFC 9457) with an `errors` list naming each bad field.',
    )
    .setVersion('1.0.0')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Office key (npm run cli -- api-key create)',
    })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  (app.getHttpAdapter().getInstance() as Express).get('/api/openapi.json', (_req: Request, res: Response) => {
    res.json(document);
  });
}
