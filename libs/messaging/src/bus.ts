import type { WireMessage } from './cloudevents';

/** A message delivered by the broker, with where it came from. */
export interface DeliveredMessage extends WireMessage {
  topic: string;
  partition: number;
  offset: string;
}

export interface SubscribeOptions {
  groupId: string;
  topics: string[];
  fromBeginning?: boolean;
  /** Resolves when the message is done (processed, or parked in the dead-letter topic). */
  handle(message: DeliveredMessage): Promise<void>;
  /**
   * Optional: takes the messages of one partition fetch at once, in order, calling `done` as each
   * is finished so its offset can be committed. Used instead of `handle` when given.
   */
  handleBatch?(
    messages: DeliveredMessage[],
    done: (message: DeliveredMessage) => Promise<void>,
  ): Promise<void>;
}

/** How a subscription is doing, for readiness (`/health/ready`). */
export interface SubscriptionStatus {
  /** in the group and fetching (false after a crash kafkajs does not restart, or before joining) */
  running: boolean;
  /** since when it is not running (ms since the epoch), or null */
  notRunningSince: number | null;
  /** messages fetched and not yet finished (the lag behind the one in hand) */
  inHand: number;
  /** when a message was last finished, or the subscription started (ms since the epoch) */
  lastProgressAt: number;
}

/** How far a consumer group is behind the end of one partition (messages), for `/metrics`. */
export interface PartitionLag {
  topic: string;
  partition: number;
  lag: number;
}

export interface Subscription {
  /** Stops fetching, lets the message in hand finish, commits processed offsets, disconnects. */
  stop(): Promise<void>;
  status?(): SubscriptionStatus;
}

/**
 * The only broker interface the services see. kafkajs sits behind it (KafkaJsBus), so the client
 * can be replaced without touching a service.
 */
export interface MessageBus {
  connect(): Promise<void>;
  /** Publishes in order; resolves once the broker acknowledged every message (acks=all). */
  publish(topic: string, messages: WireMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Creates the missing topics, each with `partitions` or, by default, its catalog count (partitionsOf). */
  ensureTopics(topics: string[], partitions?: number): Promise<void>;
  /** Optional: the group's lag per partition of these topics (end offset minus committed offset). */
  lag?(groupId: string, topics: string[]): Promise<PartitionLag[]>;
  /** Throws if the broker cannot be reached. */
  ping(): Promise<void>;
  disconnect(): Promise<void>;
}
