import { Body, Controller, Headers, HttpCode, Post, Res } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { ballotRequestJsonSchema, VRI_JSON_CONTENT_TYPE } from '@uocava/contracts/http';
import { fromVriRequest, negotiateLanguage, t, validateBallotRequest } from '@uocava/domain';
import { ProblemException } from '@uocava/platform';
import { invalidRequestIn } from '../common/voter-problems';
import { IntakeService } from './intake.service';
import { Clock } from '../common/clock';
import { ApiJsonResponse, ApiProblems } from '../common/openapi';
import { requestAcceptedSchema, requestDuplicateSchema } from './intake.schemas';

@ApiTags('voters')
@Controller('api/v1/ballot-requests')
export class BallotRequestsController {
  constructor(
    private readonly clock: Clock,
    private readonly intake: IntakeService,
  ) {}

  @Post()
  @HttpCode(202)
  @ApiOperation({
    summary: 'Request absentee ballots (Federal Post Card Application)',
    description:
      'Takes the FPCA (SF-76) data as JSON, or a NIST SP 1500-102 VoterRecordsRequest (RequestForm fpca) ' +
      `as ${VRI_JSON_CONTENT_TYPE}. A voter who already has an active request for the same year gets 200 ` +
      '`{ duplicate: true, status: "duplicate", detail }` and no tracking code: the existing request\'s code is e-mailed ' +
      'to the address on that request (anyone who knows a name and birth date could send an FPCA).',
    requestBody: {
      required: true,
      content: {
        'application/json': { schema: ballotRequestJsonSchema as object },
        [VRI_JSON_CONTENT_TYPE]: {
          schema: {
            type: 'object',
            description:
              'a NIST SP 1500-102 VoterRecordsRequest with RequestForm fpca (docs/ballot-requests.md)',
          },
        },
      },
    },
  })
  @ApiJsonResponse(202, 'Stored; verification follows.', requestAcceptedSchema)
  @ApiJsonResponse(200, 'The voter already has an active request: no tracking code.', requestDuplicateSchema)
  @ApiProblems(400, 413, 415, 503)
  async submit(
    @Headers('content-type') contentType: string | undefined,
    @Headers('accept-language') acceptLanguage: string | undefined,
    @Body() body: unknown,
    @Res({ passthrough: true }) res: Response,
  ) {
    const mediaType = (contentType ?? '').split(';')[0].trim().toLowerCase();
    const today = this.clock.today();
    // problems in the caller's language (Accept-Language); their codes are the same in every one
    const lang = negotiateLanguage(acceptLanguage);
    let checked;
    let source: 'json' | 'nist-vri' = 'json';
    if (mediaType === VRI_JSON_CONTENT_TYPE) {
      checked = fromVriRequest(body, today, { language: lang });
      source = 'nist-vri';
    } else if (mediaType === 'application/json') {
      checked = validateBallotRequest(body, today, lang);
    } else {
      throw new ProblemException(
        415,
        'unsupported-media-type',
        t(lang, 'api.unsupportedType.title'),
        t(lang, 'api.unsupportedType.detail', { vri: VRI_JSON_CONTENT_TYPE }),
      );
    }
    if (!checked.ok) throw invalidRequestIn(lang, checked.problems);
    // the FPCA's language preference, else the one the caller's Accept-Language prefers
    const result = await this.intake.submit(checked.value, source, undefined, 'online', lang);
    if (result.duplicate) res.status(200);
    return result;
  }
}
