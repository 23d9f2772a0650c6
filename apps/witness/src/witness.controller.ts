/**
 * HTTP interface of the witness. Submission: `POST /add-checkpoint` (C2SP tlog-witness). Monitoring
 * (read-only, no secrets): `GET /key` (this witness's verifier key), `GET /state` (the latest
 * checkpoint cosigned per log), `GET /evidence` (refused checkpoints), `GET /health`.
 */
import { Controller, Get, HttpCode, Inject, Post, Req, Res } from '@nestjs/common';
import type { Request, Response } from 'express';
import { Witness } from './witness';

export const WITNESS = Symbol('WITNESS');

@Controller()
export class WitnessController {
  constructor(@Inject(WITNESS) private readonly witness: Witness) {}

  @Post('add-checkpoint')
  async addCheckpoint(@Req() req: Request, @Res() res: Response): Promise<void> {
    const body: unknown = req.body;
    const r = await this.witness.addCheckpoint(typeof body === 'string' ? body : '');
    res.status(r.status).setHeader('content-type', r.contentType).end(r.body);
  }

  @Get('key')
  key(@Res() res: Response): void {
    res.setHeader('content-type', 'text/plain; charset=utf-8').send(`${this.witness.verifierKey()}\n`);
  }

  @Get('state')
  state(): { witness: string; logs: ReturnType<Witness['cosignedState']> } {
    return { witness: this.witness.verifierKey(), logs: this.witness.cosignedState() };
  }

  @Get('evidence')
  evidence(): { evidence: ReturnType<Witness['evidence']> } {
    return { evidence: this.witness.evidence() };
  }

  @Get('health')
  @HttpCode(200)
  health(): { status: 'ok'; witness: string; cosigned: number; refused: number } {
    return { status: 'ok', witness: this.witness.name, ...this.witness.counts };
  }
}
