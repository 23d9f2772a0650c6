/**
 * The gateway's OpenAPI 3.1 document. One source: the request bodies are the JSON Schemas the
 * routes validate with at run time (`ApiJsonBody`), the responses are the schemas declared next to
 * each route (`ApiJsonResponse`, checked against real answers by test/openapi.e2e-spec.ts), and
 * every error is `application/problem+json` (`ApiProblems`). docs/openapi.json is this document
 * (scripts/openapi.ts writes it, `npm run lint` checks it is up to date and lints it with Redocly).
 */
import { applyDecorators } from '@nestjs/common';
import type { INestApplication } from '@nestjs/common';
import { ApiBody, ApiResponse, DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import { webhooksSection } from '../webhooks/webhooks.openapi';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

/** RFC 9457 problem details as the gateway answers them (libs/platform/src/problem.ts). */
export const problemSchema = {
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri', description: 'a URI naming the kind of problem' },
    title: { type: 'string' },
    status: { type: 'integer', minimum: 400, maximum: 599 },
    detail: { type: 'string' },
    instance: { type: 'string' },
    errors: {
      type: 'array',
      description: 'each bad field (400 invalid-request)',
      items: {
        type: 'object',
        required: ['field', 'pointer', 'code', 'message'],
        properties: {
          field: { type: 'string' },
          pointer: { type: 'string', description: 'a JSON pointer into the request, e.g. #/name/last' },
          code: { type: 'string' },
          message: { type: 'string' },
        },
      },
    },
  },
} as const;

const PROBLEMS = {
  400: 'The request has problems: each bad field is named in `errors`.',
  401: 'No office key, or an unknown or revoked one.',
  403: 'The office key is valid but its role may not do this.',
  404: 'Not found (in this jurisdiction).',
  409: 'The resource is not in a state that allows this.',
  413: 'The body is too large.',
  415: 'Unsupported content type.',
  422: 'Understood but cannot be processed (see detail).',
  429: 'Too many look-ups from this address; retry later (Retry-After).',
  503: 'Temporarily unavailable (the database cannot be reached); retry after Retry-After seconds.',
} as const;
export type ProblemStatus = keyof typeof PROBLEMS;

const problemRef = { $ref: '#/components/schemas/Problem' };

/** The problem+json answers a route (or every route of a controller) can give. */
export function ApiProblems(...statuses: ProblemStatus[]): MethodDecorator & ClassDecorator {
  return applyDecorators(
    ...statuses.map((status) =>
      ApiResponse({
        status,
        description: PROBLEMS[status],
        content: { [PROBLEM_CONTENT_TYPE]: { schema: problemRef } },
        ...(status === 429 || status === 503
          ? { headers: { 'Retry-After': { description: 'seconds to wait', schema: { type: 'integer' } } } }
          : {}),
      }),
    ),
  );
}

/** A JSON answer of a route, described by its JSON Schema. */
export function ApiJsonResponse(status: number, description: string, schema: object): MethodDecorator {
  return ApiResponse({
    status,
    description,
    content: { 'application/json': { schema: schema as SchemaObject } },
  });
}

/** A non-JSON answer (text/csv, text/plain, application/pdf). */
export function ApiContentResponse(
  status: number,
  description: string,
  contentType: string,
  schema: object = { type: 'string' },
  headers: Record<string, { description: string; schema: object }> = {},
): MethodDecorator {
  return ApiResponse({
    status,
    description,
    content: { [contentType]: { schema: schema as SchemaObject } },
    headers: headers as never,
  });
}

/** The request body of a route, documented by the JSON Schema that validates it. */
export function ApiJsonBody(schema: object, required = true): MethodDecorator {
  return ApiBody({ schema: schema as SchemaObject, required });
}

type Json = unknown;
const isObject = (v: Json): v is Record<string, Json> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** `node` with every `$ref` starting with `from` pointing under `to` instead. */
function rewriteRefs(node: Json, from: string, to: string): Json {
  if (Array.isArray(node)) return node.map((n) => rewriteRefs(n, from, to));
  if (!isObject(node)) return node;
  const out: Record<string, Json> = {};
  for (const [k, v] of Object.entries(node)) {
    out[k] =
      k === '$ref' && typeof v === 'string' && v.startsWith(from)
        ? to + v.slice(from.length)
        : rewriteRefs(v, from, to);
  }
  return out;
}

/**
 * A stand-alone JSON Schema (draft-07 file with `$schema`, `$id`, `definitions`) as an OpenAPI 3.1
 * schema: its definitions move to components.schemas (references rewritten), `$schema`/`$id` go.
 */
function liftSchema(schema: Record<string, Json>, components: Record<string, Json>): Record<string, Json> {
  const { $schema: _s, $id: _i, definitions, $defs, ...rest } = schema;
  let out: Json = rest;
  for (const [key, defs] of [
    ['definitions', definitions],
    ['$defs', $defs],
  ] as const) {
    if (!isObject(defs)) continue;
    out = rewriteRefs(out, `#/${key}/`, '#/components/schemas/');
    for (const [name, def] of Object.entries(defs)) {
      const lifted = rewriteRefs(def, `#/${key}/`, '#/components/schemas/');
      if (name in components && JSON.stringify(components[name]) !== JSON.stringify(lifted))
        throw new Error(`OpenAPI: two different schemas named ${name}`);
      components[name] = lifted;
    }
  }
  return out as Record<string, Json>;
}

const check = { type: 'object', required: ['ok'], properties: { ok: { type: 'boolean' } } } as const;
/** `GET /health` (libs/platform/src/health.controller.ts, shared by every app and not decorated there). */
export const healthSchema = {
  type: 'object',
  required: ['service', 'status', 'database', 'kafka'],
  properties: {
    service: { type: 'string' },
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    instance: { type: 'string', description: 'INSTANCE_ID of the process that answered, when set' },
    database: check,
    kafka: check,
  },
} as const;

/** `GET /health/live` and `/health/ready` (libs/platform/src/health.ts). */
const liveSchema = {
  type: 'object',
  required: ['service', 'status'],
  properties: {
    service: { type: 'string' },
    status: { type: 'string', enum: ['ok'] },
    instance: { type: 'string', description: 'INSTANCE_ID of the process that answered, when set' },
  },
} as const;
const readySchema = {
  type: 'object',
  required: ['service', 'status', 'consumers'],
  properties: {
    service: { type: 'string' },
    status: { type: 'string', enum: ['ok', 'unavailable'] },
    instance: { type: 'string', description: 'INSTANCE_ID of the process that answered, when set' },
    consumers: { type: 'object', additionalProperties: { type: 'object' } },
  },
} as const;

function describeHealth(doc: OpenAPIObject): void {
  const json = (schema: object) => ({ 'application/json': { schema: schema as SchemaObject } });
  const op = doc.paths['/health']?.get;
  if (op !== undefined) {
    op.summary = 'Whether the gateway reaches its database and Kafka';
    op.responses = {
      200: { description: 'Both answer.', content: json(healthSchema) },
      503: { description: 'The database or Kafka does not answer.', content: json(healthSchema) },
    };
  }
  const live = doc.paths['/health/live']?.get;
  if (live !== undefined) {
    live.summary = 'Liveness: the process answers (a probe restarts it when not)';
    live.responses = { 200: { description: 'Alive.', content: json(liveSchema) } };
  }
  const ready = doc.paths['/health/ready']?.get;
  if (ready !== undefined) {
    ready.summary =
      'Readiness: every consumer runs and makes progress (the gateway stays ready while Postgres is down, answering 503 itself)';
    ready.responses = {
      200: { description: 'Ready.', content: json(readySchema) },
      503: { description: 'A consumer is stopped or stuck.', content: json(readySchema) },
    };
  }
}

/** Every media type of `content` has a schema that says more than "an object" or "anything". */
function preciseContent(content: Json): boolean {
  if (!isObject(content) || Object.keys(content).length === 0) return false;
  return Object.values(content).every((media) => {
    const schema = isObject(media) ? media.schema : undefined;
    if (!isObject(schema)) return false;
    if (schema.type !== 'object') return true;
    return ['properties', 'additionalProperties', 'oneOf', 'anyOf', '$ref'].some((k) => k in schema);
  });
}

function finish(doc: OpenAPIObject): OpenAPIObject {
  describeHealth(doc);
  const components = (doc.components ??= {});
  const schemas = (components.schemas ??= {}) as Record<string, Json>;
  schemas.Problem = problemSchema;
  const visitContent = (content: Json) => {
    if (!isObject(content)) return;
    for (const media of Object.values(content)) {
      if (isObject(media) && isObject(media.schema)) media.schema = liftSchema(media.schema, schemas);
    }
  };
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item as Record<string, Json>)) {
      if (!isObject(op) || !isObject(op.responses)) continue;
      // routes without an office key say so (OpenAPI: no security requirement at all)
      if (op.security === undefined) op.security = [];
      if (isObject(op.requestBody)) visitContent(op.requestBody.content);
      for (const [status, response] of Object.entries(op.responses)) {
        if (!isObject(response)) continue;
        // an error without a body schema is an ApiResponse that should be ApiProblems
        if (Number(status) >= 400 && response.content === undefined)
          throw new Error(
            `OpenAPI: ${String(op.operationId)} ${status} has no problem+json body (use ApiProblems)`,
          );
        // a success says exactly what it answers: a body schema (204 excepted), not a bare object
        if (Number(status) < 300 && Number(status) !== 204 && !preciseContent(response.content))
          throw new Error(`OpenAPI: ${String(op.operationId)} ${status} has no precise body schema`);
        visitContent(response.content);
      }
    }
  }
  return doc;
}

/** The document, for the gateway `app` (its routes and their decorators) at `serverUrl`. */
export function openApiDocument(app: INestApplication, serverUrl: string): OpenAPIObject {
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('UOCAVA ballot platform')
    .setDescription(
      'Ballot requests (FPCA), tracking with signed receipts, transparency-log endpoints and the election office API. ' +
        'Errors are application/problem+json (RFC 9457) with an `errors` list naming each bad field.',
    )
    .setVersion('1.0.0')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer(serverUrl, 'this gateway (PUBLIC_URL)')
    .addBearerAuth({
      type: 'http',
      scheme: 'bearer',
      description: 'Office key (npm run cli -- api-key create)',
    })
    .build();
  const doc = finish(SwaggerModule.createDocument(app, config));
  // the outgoing webhook requests (OpenAPI 3.1 `webhooks`), apart from the routes
  return Object.assign(doc, { webhooks: webhooksSection() });
}

/** `{ items: [...] }`, the office's list answers. */
export const itemsOf = (item: object, description = 'the items') =>
  ({
    type: 'object',
    required: ['items'],
    properties: { items: { type: 'array', description, items: item } },
  }) as const;
