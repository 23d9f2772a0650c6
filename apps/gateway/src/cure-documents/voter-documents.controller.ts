import {
  Controller,
  Get,
  HttpCode,
  Param,
  Post,
  Query,
  Res,
  UploadedFile,
  UseGuards,
  UseInterceptors,
} from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiBody, ApiConsumes, ApiOperation, ApiParam, ApiQuery, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import type { FormResult } from '@uocava/ballot-pdf';
import { CURE_UPLOAD_MAX_BYTES } from '@uocava/domain';
import { LookupThrottle } from '../common/rate-limit';
import { ApiContentResponse, ApiJsonResponse, ApiProblems } from '../common/openapi';
import { cureUploadAnswerSchema } from './cure-documents.schemas';
import { VoterDocumentsService, type UploadedFile as File } from './voter-documents.service';

const tokenQuery = ApiQuery({
  name: 'token',
  required: true,
  schema: { type: 'string' },
  description:
    'the documents token the tracking page gives after the date of birth matched; a wrong one is a 404',
});
const pdf = (description: string) =>
  ApiContentResponse(200, description, 'application/pdf', {
    type: 'string',
    contentMediaType: 'application/pdf',
  });

function sendPdf(res: Response, name: string, f: FormResult): void {
  res.status(200).type('application/pdf').setHeader('Content-Disposition', `attachment; filename="${name}"`);
  res.setHeader('X-Content-SHA256', f.sha256);
  res.end(Buffer.from(f.bytes));
}

/** The voter's documents behind the tracking page (docs/web.md): cure affidavit, its upload, the FWAB. */
@ApiTags('voters')
@Controller('api/v1/tracking/:trackingCode')
@UseGuards(LookupThrottle)
export class VoterDocumentsController {
  constructor(private readonly docs: VoterDocumentsService) {}

  @Get('ballots/:ballotId/cure-affidavit')
  @ApiOperation({
    summary: 'The cure affidavit of a ballot the office sent to cure (PDF), to sign and return',
    description: 'Worded for the cure reason; 409 when the ballot is not waiting for a cure.',
  })
  @ApiParam({ name: 'trackingCode', description: 'the tracking code of the request' })
  @ApiParam({ name: 'ballotId', description: 'the ballot id (UUID)' })
  @tokenQuery
  @pdf('The cure affidavit PDF (the same bytes for the same ballot and cure).')
  @ApiProblems(404, 409, 429, 503)
  async affidavit(
    @Param('trackingCode') code: string,
    @Param('ballotId') ballotId: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(res, `cure-affidavit-${ballotId}.pdf`, await this.docs.cureAffidavit(code, ballotId, token));
  }

  @Post('ballots/:ballotId/cure-responses')
  @HttpCode(201)
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: CURE_UPLOAD_MAX_BYTES + 1, files: 1, fields: 5, parts: 6 },
    }),
  )
  @ApiOperation({
    summary: 'Upload the signed cure affidavit (PDF, PNG or JPEG, at most 5 MB) as multipart field `file`',
    description:
      'Stored sealed, audited, and listed to the office as a cure response; the office then records the cure. 400 names `file` when it is missing, empty or of another type; 409 when the ballot is not waiting for a cure or its deadline passed.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['file'],
      properties: { file: { type: 'string', format: 'binary', description: 'the signed affidavit' } },
    },
  })
  @ApiParam({ name: 'trackingCode', description: 'the tracking code of the request' })
  @ApiParam({ name: 'ballotId', description: 'the ballot id (UUID)' })
  @tokenQuery
  @ApiJsonResponse(201, 'Received.', cureUploadAnswerSchema)
  @ApiProblems(400, 404, 409, 413, 429, 503)
  upload(
    @Param('trackingCode') code: string,
    @Param('ballotId') ballotId: string,
    @Query('token') token: unknown,
    @UploadedFile() file: File | undefined,
  ) {
    return this.docs.uploadCureResponse(code, ballotId, token, file);
  }

  @Get('fwab-packet')
  @ApiOperation({
    summary: 'The Federal Write-In Absentee Ballot packet (PDF) for a voter whose ballot has not arrived',
    description: 'Offered while no ballot of the request is back at the office; 409 after.',
  })
  @ApiParam({ name: 'trackingCode', description: 'the tracking code of the request' })
  @tokenQuery
  @pdf('The FWAB packet PDF: instructions, declaration, write-in ballot, the office address.')
  @ApiProblems(404, 409, 429, 503)
  async fwab(
    @Param('trackingCode') code: string,
    @Query('token') token: unknown,
    @Res() res: Response,
  ): Promise<void> {
    sendPdf(res, 'fwab-packet.pdf', await this.docs.fwabPacket(code, token));
  }
}
