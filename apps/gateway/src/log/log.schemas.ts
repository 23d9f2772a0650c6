/** Answers of the public log endpoints (the shapes of libs/transparency/src/api.ts). */
const base64 = { type: 'string', contentEncoding: 'base64' } as const;
const size = { type: 'integer', minimum: 0 } as const;

export const logEntriesSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['start', 'end', 'entries'],
  properties: {
    start: size,
    end: size,
    entries: {
      type: 'array',
      maxItems: 1000,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['leafIndex', 'entry', 'leafHash'],
        properties: {
          leafIndex: size,
          entry: { type: 'string', description: 'the entry, canonical JSON text (RFC 8785)' },
          leafHash: { ...base64, description: 'RFC 9162 leaf hash, base64' },
        },
      },
    },
  },
} as const;

export const inclusionProofSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['leafIndex', 'treeSize', 'proof'],
  properties: {
    leafIndex: size,
    treeSize: size,
    proof: { type: 'array', items: base64, description: 'hashes from leaf to root (RFC 9162 2.1.3)' },
  },
} as const;

export const consistencyProofSchema = {
  type: 'object',
  additionalProperties: false,
  required: ['from', 'to', 'proof'],
  properties: {
    from: size,
    to: size,
    proof: { type: 'array', items: base64, description: 'RFC 9162 2.1.4' },
  },
} as const;

export const logKeySchema = {
  type: 'object',
  additionalProperties: false,
  required: ['origin', 'verifierKey', 'keys', 'pki'],
  properties: {
    origin: { type: 'string', description: 'current origin, <domain>/<jurisdiction>/<epoch>' },
    verifierKey: { type: 'string', description: 'signed-note verifier key of the current epoch' },
    keys: {
      type: 'array',
      description: 'every key epoch, oldest first',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['origin', 'verifierKey'],
        properties: {
          origin: { type: 'string' },
          verifierKey: { type: 'string' },
          statement: { type: 'string', description: 'the key statement text' },
          statementSignature: { type: 'string', description: 'detached CMS signature of the statement, PEM' },
          certificate: { type: 'string', description: 'the jurisdiction certificate (and its chain), PEM' },
        },
      },
    },
    pki: { type: 'string', description: 'whether every key is bound to the jurisdiction by a certificate' },
  },
} as const;
