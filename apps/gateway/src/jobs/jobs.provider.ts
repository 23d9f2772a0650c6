import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { CuresService } from '../cures/cures.service';
import { MoveActService } from '../move-act/move-act.service';
import { Clock } from '../common/clock';

/**
 * The gateway's timers, in one place: the cure sweep (CURE_SWEEP_INTERVAL_MS, default a minute)
 * and the MOVE Act daily summaries (checked every MOVE_ACT_SUMMARY_INTERVAL_MS, default an hour;
 * emitted once per election and day, whichever gateway replica gets there first). 0 turns one off.
 */
@Injectable()
export class GatewayJobs implements OnModuleInit, OnModuleDestroy {
  private readonly log = new Logger('gateway-jobs');
  private readonly timers: NodeJS.Timeout[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly cures: CuresService,
    private readonly moveAct: MoveActService,
  ) {}

  private every(ms: number, what: string, run: () => Promise<unknown>): void {
    if (!(ms > 0)) return;
    const timer = setInterval(() => {
      run().catch((e: unknown) => this.log.warn(`${what} failed: ${String(e)}`));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  onModuleInit(): void {
    this.every(Number(process.env.CURE_SWEEP_INTERVAL_MS ?? 60_000), 'cure sweep', () =>
      this.cures.sweepAll(this.clock.now()),
    );
    this.every(Number(process.env.MOVE_ACT_SUMMARY_INTERVAL_MS ?? 3_600_000), 'move-act summary', () =>
      this.moveAct.emitDueSummaries(this.clock.now()),
    );
  }

  onModuleDestroy(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }
}
