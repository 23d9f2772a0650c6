import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from 'node:crypto';

/**
 * Personal data at rest. Each jurisdiction has its own 256-bit data key, stored only wrapped
 * (AES-256-GCM) by the deployment's master key (MASTER_KEY, from the environment or a KMS later).
 * Personal data is sealed with AES-256-GCM under the data key, with the jurisdiction and the
 * record's purpose as associated data so a ciphertext cannot be moved to another row's meaning.
 * Matching uses keyed hashes (HMAC-SHA-256) under a key derived from the data key (HKDF).
 */
const VERSION = 1;

export function parseMasterKey(text: string | undefined): Buffer {
  if (!text)
    throw new Error('MASTER_KEY is not set: 32 random bytes, base64 (npm start/test make one for you)');
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32) throw new Error('MASTER_KEY must be 32 bytes, base64-encoded');
  return key;
}

const IV_BYTES = 12;
const VERSION_BYTE = Buffer.from([VERSION]);
// Random 96-bit GCM nonces drawn from the CSPRNG 4 KiB at a time: one call per 341 seals instead
// of one each (a roll import seals a million records); each nonce is used once, then copied out.
let nonces = Buffer.alloc(0);
let nonceAt = 0;
function freshNonce(): Buffer {
  if (nonceAt + IV_BYTES > nonces.length) {
    nonces = randomBytes(IV_BYTES * 341);
    nonceAt = 0;
  }
  const nonce = nonces.subarray(nonceAt, nonceAt + IV_BYTES);
  nonceAt += IV_BYTES;
  return nonce;
}

function seal(key: Buffer | KeyObject, plaintext: Buffer, aad: string): Buffer {
  const iv = freshNonce();
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = cipher.update(plaintext);
  const last = cipher.final();
  return Buffer.concat([VERSION_BYTE, iv, cipher.getAuthTag(), body, last]);
}

function open(key: Buffer | KeyObject, sealed: Buffer, aad: string): Buffer {
  if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('unknown sealed-data format');
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
  decipher.setAAD(Buffer.from(aad, 'utf8'));
  decipher.setAuthTag(sealed.subarray(13, 29));
  return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]);
}

export function newWrappedDataKey(masterKey: Buffer, jurisdictionId: string): Buffer {
  return seal(masterKey, randomBytes(32), `data-key:${jurisdictionId}`);
}

/**
 * A jurisdiction's keys as handed to a worker thread of this process (postMessage, workerData):
 * key objects, whose bytes are not copied into the JavaScript heap of either thread.
 */
export interface ThreadKeys {
  jurisdictionId: string;
  dataKey: KeyObject;
  hmacKey: KeyObject;
}

/** The unwrapped keys of one jurisdiction, held in memory only. */
export class JurisdictionKeys {
  // as key objects: node:crypto then prepares each key once, not on every seal and hash
  private readonly hmacKey: KeyObject;
  private readonly dataKey: KeyObject;

  constructor(
    readonly jurisdictionId: string,
    dataKey: Buffer | ThreadKeys,
  ) {
    if (Buffer.isBuffer(dataKey)) {
      this.dataKey = createSecretKey(dataKey);
      this.hmacKey = createSecretKey(
        Buffer.from(hkdfSync('sha256', dataKey, Buffer.alloc(0), `hmac:${jurisdictionId}`, 32)),
      );
    } else {
      if (dataKey.jurisdictionId !== jurisdictionId) throw new Error('keys of another jurisdiction');
      this.dataKey = dataKey.dataKey;
      this.hmacKey = dataKey.hmacKey;
    }
  }

  /** These keys for a worker thread of this process (`new JurisdictionKeys(id, threadKeys)` there). */
  forThread(): ThreadKeys {
    return { jurisdictionId: this.jurisdictionId, dataKey: this.dataKey, hmacKey: this.hmacKey };
  }

  static unwrap(masterKey: Buffer, jurisdictionId: string, wrapped: Buffer): JurisdictionKeys {
    return new JurisdictionKeys(jurisdictionId, open(masterKey, wrapped, `data-key:${jurisdictionId}`));
  }

  sealJson(purpose: string, value: unknown): Buffer {
    return seal(
      this.dataKey,
      Buffer.from(JSON.stringify(value), 'utf8'),
      `${this.jurisdictionId}:${purpose}`,
    );
  }

  /** Seals raw bytes (an uploaded file) like `sealJson`. */
  sealBytes(purpose: string, value: Uint8Array): Buffer {
    return seal(this.dataKey, Buffer.from(value), `${this.jurisdictionId}:${purpose}`);
  }

  openBytes(purpose: string, sealed: Buffer): Buffer {
    return open(this.dataKey, sealed, `${this.jurisdictionId}:${purpose}`);
  }

  openJson<T>(purpose: string, sealed: Buffer): T {
    return JSON.parse(open(this.dataKey, sealed, `${this.jurisdictionId}:${purpose}`).toString('utf8')) as T;
  }

  /** Keyed hash (hex) of a normalised value; `kind` separates domains (dob, ssn4, name...). */
  keyedHash(kind: string, value: string): string {
    return createHmac('sha256', this.hmacKey).update(`${kind}\u0000${value}`, 'utf8').digest('hex');
  }
}
