/**
 * `events tail|replay`: the platform's events as an operator or integrator reads them, one
 * CloudEvent per line in structured JSON mode (docs/events.md, "Reading events from the command
 * line"). Both read with a throwaway consumer group that never commits (KafkaJsBus.readTopics),
 * so the apps' groups, offsets and lag are untouched. They only print: nothing is published.
 */
import type { Command } from 'commander';
import { ALL_TOPICS, EVENT_CATALOG, EVENT_TYPES, isEventType, type EventType } from '@uocava/contracts';
import { brokersFromEnv, fromWire, KafkaJsBus, type DeliveredMessage } from '@uocava/messaging';
import { loadDevEnv } from './env';

const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** An RFC 3339 date-time (with its offset) as ms since the epoch; throws naming the option. */
export function parseRfc3339(value: string, option: string): number {
  const ms = RFC3339.test(value) ? Date.parse(value.replace(' ', 'T')) : NaN;
  if (Number.isNaN(ms))
    throw new Error(`${option} must be an RFC 3339 date-time with offset, e.g. 2026-11-03T00:00:00Z`);
  return ms;
}

export interface EventFilter {
  types?: EventType[];
  jurisdiction?: string;
}

/** The topics that carry the wanted types (all of the platform's topics by default). */
export function topicsFor(filter: EventFilter): string[] {
  if (!filter.types?.length) return [...ALL_TOPICS];
  return [...new Set(filter.types.map((t) => EVENT_CATALOG[t].topic))];
}

/** Comma-separated or repeated `--type` values, each a known event type. */
export function parseTypes(values: string[] | undefined): EventType[] | undefined {
  if (values === undefined) return undefined;
  const types = values.flatMap((v) => v.split(',')).map((v) => v.trim());
  const unknown = types.filter((t) => !isEventType(t));
  if (unknown.length)
    throw new Error(`unknown event type ${unknown.join(', ')} (one of ${EVENT_TYPES.join(', ')})`);
  return types as EventType[];
}

/**
 * The line printed for a message: the CloudEvent in structured mode (JSON), or undefined when the
 * filter does not want it. A message that is not a CloudEvent of this platform is reported on
 * stderr by where it is (its content is not printed).
 */
export function eventLine(message: DeliveredMessage, filter: EventFilter): string | undefined {
  const h = message.headers;
  if (filter.jurisdiction !== undefined && h.ce_jurisdiction !== filter.jurisdiction) return undefined;
  if (filter.types !== undefined && !filter.types.includes(h.ce_type as EventType)) return undefined;
  try {
    return JSON.stringify(fromWire(message));
  } catch (error) {
    console.error(
      `skipped ${message.topic}/${message.partition}@${message.offset}: ${(error as Error).message}`,
    );
    return undefined;
  }
}

interface ReadCommandOptions {
  from?: string;
  to?: string;
  type?: string[];
  jurisdiction?: string;
}

async function read(o: ReadCommandOptions, follow: boolean): Promise<void> {
  loadDevEnv();
  const fromMs = o.from === undefined ? undefined : parseRfc3339(o.from, '--from');
  const toMs = o.to === undefined ? undefined : parseRfc3339(o.to, '--to');
  if (fromMs !== undefined && toMs !== undefined && toMs <= fromMs)
    throw new Error('--to must be after --from');
  const filter: EventFilter = { types: parseTypes(o.type), jurisdiction: o.jurisdiction };
  const topics = topicsFor(filter);
  const bus = new KafkaJsBus({
    brokers: brokersFromEnv(),
    clientId: 'cli-events',
    log: (level, message) => console.error(`[kafka ${level}] ${message}`),
  });
  const stop = new AbortController();
  const onSignal = () => stop.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  let printed = 0;
  try {
    await bus.readTopics({
      topics,
      fromMs,
      toMs,
      follow,
      signal: stop.signal,
      onReady: () => {
        if (follow) console.error(`following ${topics.join(', ')} (Ctrl-C to stop)`);
      },
      onMessage: (message) => {
        const line = eventLine(message, filter);
        if (line === undefined) return;
        printed++;
        process.stdout.write(`${line}\n`);
      },
    });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await bus.disconnect();
  }
  console.error(`${printed} event(s)`);
}

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function registerEventsCommands(program: Command): void {
  const events = program
    .command('events')
    .description('read the event topics: one CloudEvent (structured JSON) per line, no group committed');
  events
    .command('tail')
    .description('follow the event topics live (Ctrl-C to stop)')
    .option('--from <time>', 'start at this RFC 3339 time instead of now (then keep following)')
    .option('--type <type>', 'only this event type (repeat or comma-separate)', collect)
    .option('--jurisdiction <id>', 'only events of this jurisdiction')
    .action((o: ReadCommandOptions) => read(o, true));
  events
    .command('replay')
    .description('print the events the broker still holds from a time up to now (or --to), then exit')
    .requiredOption('--from <time>', 'RFC 3339 time of the first event (by broker record time)')
    .option('--to <time>', 'RFC 3339 time to stop before (default: the end when the replay starts)')
    .option('--type <type>', 'only this event type (repeat or comma-separate)', collect)
    .option('--jurisdiction <id>', 'only events of this jurisdiction')
    .action((o: ReadCommandOptions) => read(o, false));
}
