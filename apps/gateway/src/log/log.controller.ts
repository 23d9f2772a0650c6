/**
 * Public, read-only endpoints of each jurisdiction's transparency log (shapes in
 * libs/transparency/src/api.ts, read by the offline CLI): latest checkpoint, entries, inclusion
 * and consistency proofs, and the verifier keys. Every read runs under the jurisdiction's tenant
 * scope: inside withTenant, or, for a proof whose tree size is given, in the one statement of
 * `pgLogProofs` that scopes itself (one round trip). No authentication: the log holds no personal data, and auditors need it.
 */
import { Controller, Get, Header, Param, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { isJurisdictionId } from '@uocava/domain';
import {
  checkpointCosignatures,
  jurisdictionExists,
  logKeys,
  pgLogProofs,
  pgLogStorage,
  withTenant,
} from '@uocava/database';
import { ProblemException, invalidRequest, notFound, type ProblemField } from '@uocava/platform';
import {
  LogProofs,
  StoredLog,
  addNoteSignatures,
  parseTilePath,
  tileBytes,
  type ConsistencyProofResponse,
  type InclusionProofResponse,
  type LogEntriesResponse,
  type LogKeyResponse,
} from '@uocava/transparency';
import { entriesRange, parseIndex, parseLeafHash, type ParamProblem } from './params';
import { ApiContentResponse, ApiJsonResponse, ApiProblems } from '../common/openapi';
import { consistencyProofSchema, inclusionProofSchema, logEntriesSchema, logKeySchema } from './log.schemas';

const b64 = (h: Uint8Array): string => Buffer.from(h).toString('base64');

function bad(problems: ParamProblem[]): ProblemException {
  const fields: ProblemField[] = problems.map((p) => ({ ...p, pointer: `#/query/${p.field}` }));
  return invalidRequest(fields, 'Some query parameters are not valid.');
}

const beyond = (what: string): ProblemException =>
  new ProblemException(404, 'beyond-log', 'Beyond the log', `${what} is beyond the current log.`);

@ApiTags('transparency')
@ApiParam({ name: 'id', description: 'jurisdiction id, e.g. us-oh-mahoning' })
@ApiProblems(404, 503)
@Controller('api/v1/jurisdictions/:id/log')
export class LogController {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * A proof of a given tree size in one statement, or undefined when the log cannot give it that
   * way (unknown jurisdiction, a size beyond the log): the caller then takes the full path, which
   * answers those with the right problem.
   */
  private async quickProof(
    id: string,
    proof: (proofs: LogProofs) => Promise<Uint8Array[]>,
  ): Promise<string[] | undefined> {
    if (!isJurisdictionId(id)) return undefined;
    try {
      return (await proof(new LogProofs(pgLogProofs(this.ds, id)))).map(b64);
    } catch (error) {
      if (error instanceof RangeError) return undefined;
      throw error;
    }
  }

  /** Runs `fn` on the jurisdiction's log inside its tenant transaction; 404 if unknown. */
  private async read<T>(id: string, fn: (log: StoredLog, tx: EntityManager) => Promise<T>): Promise<T> {
    if (!isJurisdictionId(id)) throw notFound('This jurisdiction');
    return withTenant(this.ds, id, async (tx) => {
      if (!(await jurisdictionExists(tx, id))) throw notFound('This jurisdiction');
      return fn(new StoredLog(pgLogStorage(tx, id), id), tx);
    });
  }

  @Get('checkpoint')
  @Header('content-type', 'text/plain; charset=utf-8')
  @Header('cache-control', 'public, max-age=5')
  @ApiContentResponse(
    200,
    'The latest checkpoint, a C2SP signed note, with the witness cosignatures it has so far.',
    'text/plain',
  )
  @ApiOperation({
    summary:
      'The latest signed checkpoint of the log (C2SP signed note), with the witness cosignatures it has so far',
  })
  async checkpoint(@Param('id') id: string): Promise<string> {
    const note = await this.read(id, async (log, tx) => {
      const latest = await log.latestCheckpoint();
      if (latest === null) return null;
      const cosignatures = await checkpointCosignatures(tx, id, latest.origin, latest.treeSize);
      return addNoteSignatures(
        latest.note,
        cosignatures.map((c) => c.line),
      );
    });
    if (note === null) throw notFound('A checkpoint of this log');
    return note;
  }

  @Get('entries')
  @ApiOperation({
    summary: 'Log entries [start, end) (end exclusive, at most 1000), canonical JSON with leaf hashes',
  })
  @ApiQuery({ name: 'start', required: true, schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'end', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiJsonResponse(200, 'The entries.', logEntriesSchema)
  @ApiProblems(400)
  async entries(
    @Param('id') id: string,
    @Query('start') start: unknown,
    @Query('end') end: unknown,
  ): Promise<LogEntriesResponse> {
    return this.read(id, async (log) => {
      const range = entriesRange(start, end, await log.size());
      if (range.ok === 'beyond') throw beyond('start');
      if (!range.ok) throw bad(range.problems);
      const rows = await log.entries(range.value.start, range.value.end);
      return {
        start: range.value.start,
        end: range.value.end,
        entries: rows.map((r) => ({
          leafIndex: r.leafIndex,
          entry: r.entry,
          leafHash: Buffer.from(r.leafHash, 'hex').toString('base64'),
        })),
      };
    });
  }

  @Get('proof/inclusion')
  @ApiOperation({
    summary:
      'Inclusion proof of a leaf (by index, or by leaf hash in base64/hex) in a tree size (default: latest checkpoint)',
  })
  @ApiQuery({ name: 'index', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({
    name: 'hash',
    required: false,
    schema: { type: 'string' },
    description: 'leaf hash, base64 or hex',
  })
  @ApiQuery({ name: 'size', required: false, schema: { type: 'integer', minimum: 0 } })
  @ApiJsonResponse(200, 'The inclusion proof.', inclusionProofSchema)
  @ApiProblems(400)
  async inclusion(
    @Param('id') id: string,
    @Query('index') indexRaw: unknown,
    @Query('hash') hashRaw: unknown,
    @Query('size') sizeRaw: unknown,
  ): Promise<InclusionProofResponse> {
    if ((indexRaw === undefined) === (hashRaw === undefined)) {
      throw bad([{ field: 'index', code: 'index-or-hash', message: 'Give exactly one of index and hash.' }]);
    }
    const index = parseIndex(indexRaw, 'index', false);
    const hash = hashRaw === undefined ? null : parseLeafHash(hashRaw);
    const size = parseIndex(sizeRaw, 'size', false);
    const problems = [
      ...(index.ok ? [] : index.problems),
      ...(hash === null || hash.ok ? [] : hash.problems),
      ...(size.ok ? [] : size.problems),
    ];
    if (!index.ok || (hash !== null && !hash.ok) || !size.ok) throw bad(problems);
    const [leaf, sized] = [index.value, size.value];
    if (leaf !== undefined && sized !== undefined && leaf < sized) {
      const proof = await this.quickProof(id, (proofs) => proofs.inclusionProof(leaf, sized));
      if (proof !== undefined) return { leafIndex: leaf, treeSize: sized, proof };
    }
    return this.read(id, async (log) => {
      let treeSize = size.value;
      if (treeSize === undefined) {
        const latest = await log.latestCheckpoint();
        if (latest === null) throw notFound('A checkpoint of this log');
        treeSize = latest.treeSize;
      }
      if (treeSize > (await log.size())) throw beyond('size');
      let leafIndex = index.value;
      if (hash !== null && hash.ok) {
        const found = await log.findLeaf(hash.value);
        if (found === null) throw notFound('This leaf hash');
        leafIndex = found;
      }
      if (leafIndex === undefined || leafIndex >= treeSize) {
        throw bad([
          {
            field: hash === null ? 'index' : 'hash',
            code: 'not-in-tree',
            message: 'The leaf is not in a tree of this size.',
          },
        ]);
      }
      const proof = await log.inclusionProof(leafIndex, treeSize);
      return { leafIndex, treeSize, proof: proof.map(b64) };
    });
  }

  @Get('proof/consistency')
  @ApiOperation({ summary: 'Consistency proof between two tree sizes (RFC 9162 2.1.4)' })
  @ApiQuery({ name: 'from', required: true, schema: { type: 'integer', minimum: 0 } })
  @ApiQuery({ name: 'to', required: true, schema: { type: 'integer', minimum: 0 } })
  @ApiJsonResponse(200, 'The consistency proof.', consistencyProofSchema)
  @ApiProblems(400)
  async consistency(
    @Param('id') id: string,
    @Query('from') fromRaw: unknown,
    @Query('to') toRaw: unknown,
  ): Promise<ConsistencyProofResponse> {
    const from = parseIndex(fromRaw, 'from', true);
    const to = parseIndex(toRaw, 'to', true);
    if (!from.ok || !to.ok) throw bad([...(from.ok ? [] : from.problems), ...(to.ok ? [] : to.problems)]);
    const f = from.value ?? 0;
    const t = to.value ?? 0;
    if (f > t) throw bad([{ field: 'from', code: 'after-to', message: 'from must not be above to.' }]);
    // (a tree of size 0 needs no node: asking it of an unknown jurisdiction must still be a 404)
    const quick = t > 0 ? await this.quickProof(id, (proofs) => proofs.consistencyProof(f, t)) : undefined;
    if (quick !== undefined) return { from: f, to: t, proof: quick };
    return this.read(id, async (log) => {
      if (t > (await log.size())) throw beyond('to');
      const proof = await log.consistencyProof(f, t);
      return { from: f, to: t, proof: proof.map(b64) };
    });
  }

  /**
   * C2SP tlog-tiles: `tile/<L>/<N>[.p/<W>]` (Merkle tree tiles) and `tile/entries/<N>[.p/<W>]`
   * (entry bundles) under this prefix, whose `checkpoint` is the route above. Immutable once they
   * exist, so cached for a year; 404 for a tile the log does not hold (yet).
   */
  @Get('tile/*path')
  @ApiParam({
    name: 'path',
    description:
      'the tile path, `<L>/<N>[.p/<W>]` or `entries/<N>[.p/<W>]`, N in groups of three digits as C2SP tlog-tiles writes it',
  })
  @ApiContentResponse(200, 'The tile (hashes) or entry bundle, immutable.', 'application/octet-stream')
  @ApiOperation({
    summary:
      'C2SP tlog-tiles: tile/<L>/<N>[.p/<W>] (Merkle tree tiles) and tile/entries/<N>[.p/<W>] (entry bundles)',
  })
  async tile(@Param('id') id: string, @Param('path') path: unknown, @Res() res: Response): Promise<void> {
    const segments = Array.isArray(path) ? path.map(String) : String(path).split('/');
    const ref = parseTilePath(segments);
    if (ref === null) throw notFound('This tile');
    const bytes = await this.read(id, async (log) => tileBytes(log, await log.size(), ref));
    if (bytes === null) throw notFound('This tile');
    res
      .status(200)
      .setHeader('content-type', 'application/octet-stream')
      .setHeader('cache-control', 'public, max-age=31536000, immutable')
      .end(bytes);
  }

  @Get('key')
  @ApiOperation({
    summary:
      'Verifier keys of every key epoch (signed-note format), with the jurisdiction certificate and CMS key statement where PKI is configured',
  })
  @ApiJsonResponse(200, 'The verifier keys.', logKeySchema)
  async key(@Param('id') id: string): Promise<LogKeyResponse & { pki: string }> {
    const rows = await this.read(id, (_log, tx) => logKeys(tx, id));
    if (rows.length === 0) throw notFound('A verifier key of this log');
    const keys = rows.map((r) => ({
      origin: r.origin,
      verifierKey: r.verifier_key,
      ...(r.statement === null ? {} : { statement: r.statement }),
      ...(r.statement_signature === null ? {} : { statementSignature: r.statement_signature }),
      ...(r.certificate === null ? {} : { certificate: r.certificate }),
    }));
    const current = keys[keys.length - 1];
    const certified = keys.every((k) => k.certificate !== undefined && k.statementSignature !== undefined);
    return {
      origin: current.origin,
      verifierKey: current.verifierKey,
      keys,
      pki: certified
        ? 'every key is bound to the jurisdiction by its certificate and a CMS-signed key statement'
        : 'PKI material is not configured for this log: the verifier keys are published without a certificate or key statement; obtain them from the election office through another channel',
    };
  }
}
