import { HttpCode, Post, Req } from '@nestjs/common';
import { ApiOperation } from '@nestjs/swagger';
import type { Request } from 'express';
import { invalidRequest, ProblemException } from '@uocava/platform';
import { AuditAction } from '../common/audit';
import { OfficeApi } from '../common/office-api';
import { Principal, Roles, type OfficePrincipal } from '../common/office-auth';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { vriImportReportSchema } from './vri-import.schemas';
import { VRI_BATCH_CONTENT_TYPE, VRI_BATCH_MAX_BYTES, VRI_BATCH_MAX_RECORDS } from './vri-import.rules';
import { VriImportService, type VriImportReport } from './vri-import.service';

const tooLarge = () =>
  new ProblemException(
    413,
    'payload-too-large',
    'The file is too large',
    `Send at most ${VRI_BATCH_MAX_BYTES} bytes and ${VRI_BATCH_MAX_RECORDS} records a file.`,
  );

/** The body as text, refused past `limit` bytes. */
async function readText(req: Request, limit: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw tooLarge();
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

@OfficeApi()
export class VriImportController {
  constructor(private readonly imports: VriImportService) {}

  @Post('vri-imports')
  @HttpCode(200)
  @Roles('clerk', 'admin')
  @AuditAction('ballot-request.vri-import')
  @ApiOperation({
    summary: 'Import a file of NIST SP 1500-102 VoterRecordsRequests (FPCA), one JSON document a line',
    description:
      'Each record is checked and stored as POST /api/v1/ballot-requests stores one, in its own transaction: the answer has a result per record (accepted with its tracking code, already-imported, duplicate, or invalid with the problems naming each field). Uploading the same file again writes nothing. 400 when the file has no record; 413 past 2 MiB or 1000 records.',
    requestBody: {
      required: true,
      content: {
        [VRI_BATCH_CONTENT_TYPE]: {
          schema: { type: 'string', description: 'one VoterRecordsRequest (JSON) a line' },
        },
      },
    },
  })
  @ApiJsonResponse(200, 'The result of every record.', vriImportReportSchema)
  @ApiProblems(400, 413, 415)
  async import(@Principal() p: OfficePrincipal, @Req() req: Request): Promise<VriImportReport> {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (type !== VRI_BATCH_CONTENT_TYPE)
      throw new ProblemException(
        415,
        'unsupported-media-type',
        'Unsupported content type',
        `Send the file as ${VRI_BATCH_CONTENT_TYPE}: one VoterRecordsRequest a line.`,
      );
    const text = await readText(req, VRI_BATCH_MAX_BYTES);
    const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '').length;
    if (lines === 0)
      throw invalidRequest([
        { field: '(body)', pointer: '', code: 'required', message: 'the file has no record' },
      ]);
    if (lines > VRI_BATCH_MAX_RECORDS) throw tooLarge();
    return this.imports.import(p, text);
  }
}
