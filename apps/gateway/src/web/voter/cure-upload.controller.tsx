import { Controller, Post, Query, Res, UploadedFile, UseGuards, UseInterceptors } from '@nestjs/common';
import { FileInterceptor } from '@nestjs/platform-express';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { CURE_UPLOAD_MAX_BYTES } from '@uocava/domain';
import { LookupThrottle } from '../../common/rate-limit';
import {
  VoterDocumentsService,
  type UploadedFile as File,
} from '../../cure-documents/voter-documents.service';
import { Pages } from '../pages';

const text = (v: unknown) => (typeof v === 'string' ? v.slice(0, 100) : '');

/**
 * The tracking page's upload form for a signed cure affidavit (multipart, works without
 * JavaScript): the same service as the API route; problems come back as an HTML page with the
 * same words as the API's problem+json.
 */
@ApiExcludeController()
@Controller('track')
export class CureUploadPageController {
  constructor(
    private readonly pages: Pages,
    private readonly docs: VoterDocumentsService,
  ) {}

  @Post('cure-response')
  @UseGuards(LookupThrottle)
  @UseInterceptors(
    FileInterceptor('file', {
      limits: { fileSize: CURE_UPLOAD_MAX_BYTES + 1, files: 1, fields: 5, parts: 6 },
    }),
  )
  async upload(
    @Query('code') code: unknown,
    @Query('ballot') ballot: unknown,
    @Query('token') token: unknown,
    @UploadedFile() file: File | undefined,
    @Res() res: Response,
  ): Promise<void> {
    const r = await this.docs.uploadCureResponse(text(code), text(ballot), token, file);
    this.pages.send(res, {
      title: 'Affidavit received',
      area: 'voter',
      status: 201,
      body: (
        <>
          <h1>We received your signed affidavit</h1>
          <div class="notice notice-success" data-cure-response={r.responseId}>
            <p>
              Your election office will check it and record the fix of your ballot. Your tracking page shows
              it once they have.
            </p>
          </div>
          <p>
            <a href={`/track?code=${encodeURIComponent(text(code))}`}>Back to tracking</a>
          </p>
        </>
      ),
    });
  }
}
