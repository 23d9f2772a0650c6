/**
 * The counts that call for an operator, as Prometheus gauges computed from the database when
 * Prometheus scrapes the gateway (one app computes them, so replicas of the workers do not all
 * query): the outbox backlog, the parked (quarantined) messages and the MOVE Act 45-day monitor.
 * They are metrics and alerts (deploy/observability/alerts.yaml), never readiness failures: a
 * parked message or an at-risk request is work for a person, not a reason to stop serving.
 */
import { Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import { outboxBacklog, parkedMessageCounts } from '@uocava/database';
import { gauge } from '@uocava/platform';
import { Clock } from '../common/clock';
import { MoveActModule } from '../move-act/move-act.module';
import { MoveActService } from '../move-act/move-act.service';

/** The MOVE Act counts are re-computed at most once a minute (they walk every election in the window). */
const MOVE_ACT_CACHE_MS = 60_000;

let source: { ds: DataSource; moveAct: MoveActService; clock: Clock } | undefined;
let moveActCache:
  { at: number; rows: Array<{ jurisdictionId: string; status: string; count: number }> } | undefined;

gauge('uocava_outbox_unpublished_events', 'Outbox rows not yet published to Kafka', [], async (set) => {
  if (!source) return;
  const { ds } = source;
  const b = await ds.transaction((tx) => outboxBacklog(tx));
  set({}, b.unpublished);
});

gauge(
  'uocava_outbox_oldest_unpublished_age_seconds',
  'Age of the oldest outbox row not yet published (0 when the outbox is drained)',
  [],
  async (set) => {
    if (!source) return;
    const { ds } = source;
    const b = await ds.transaction((tx) => outboxBacklog(tx));
    set({}, b.oldestAgeSeconds);
  },
);

gauge(
  'uocava_quarantine_parked_messages',
  'Messages parked by consumers (dead-letter topic and message_quarantine) awaiting an operator (cli dlq), by consumer and reason',
  ['consumer', 'reason'],
  async (set) => {
    if (!source) return;
    const { ds } = source;
    for (const r of await ds.transaction((tx) => parkedMessageCounts(tx)))
      set({ consumer: r.consumer, reason: r.reason }, r.count);
  },
);

gauge(
  'uocava_move_act_requests',
  'Ballot requests of federal elections in the MOVE Act window by jurisdiction and status (on-time, due, at-risk, late of the 45-day deadline)',
  ['jurisdiction', 'status'],
  async (set) => {
    if (!source) return;
    const now = Date.now();
    if (!moveActCache || now - moveActCache.at > MOVE_ACT_CACHE_MS)
      moveActCache = { at: now, rows: await source.moveAct.statusCounts(source.clock.now()) };
    for (const r of moveActCache.rows) set({ jurisdiction: r.jurisdictionId, status: r.status }, r.count);
  },
);

@Injectable()
class OperationsMetrics implements OnModuleInit {
  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly moveAct: MoveActService,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    source = { ds: this.ds, moveAct: this.moveAct, clock: this.clock };
    moveActCache = undefined;
  }
}

@Module({ imports: [MoveActModule], providers: [OperationsMetrics] })
export class OperationsMetricsModule {}
