import { ensureKafka } from './kafka';

describe('ensureKafka without starting anything', () => {
  const saved = { brokers: process.env.KAFKA_BROKERS, path: process.env.PATH };
  afterEach(() => {
    if (saved.brokers === undefined) delete process.env.KAFKA_BROKERS;
    else process.env.KAFKA_BROKERS = saved.brokers;
    process.env.PATH = saved.path;
  });

  it('uses KAFKA_BROKERS as given (comma-separated, blanks ignored)', async () => {
    process.env.KAFKA_BROKERS = ' kafka-a:9092, kafka-b:9092 ,';
    const handle = await ensureKafka({ purpose: 'test', log: () => undefined });
    expect(handle.brokers).toEqual(['kafka-a:9092', 'kafka-b:9092']);
    await expect(handle.stop()).resolves.toBeUndefined();
  });

  it('says exactly what to install or set when there is no broker and no java', async () => {
    delete process.env.KAFKA_BROKERS;
    process.env.PATH = '/nonexistent';
    const error = await ensureKafka({ purpose: 'test', log: () => undefined }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toMatch(/java was not found/);
    expect(message).toMatch(/Java 17 and Maven/);
    expect(message).toMatch(/KAFKA_BROKERS=host:port/);
    expect(message).toMatch(/docker compose up -d kafka/);
  });
});
