interface Infra {
  postgres: { dropDatabase(): Promise<void>; stop(): Promise<void> };
  kafka: { stop(): Promise<void> };
}

export default async function globalTeardown(): Promise<void> {
  const infra = (globalThis as { __UOCAVA_INFRA__?: Infra }).__UOCAVA_INFRA__;
  if (!infra) return;
  await infra.kafka.stop().catch((e: unknown) => console.error(`kafka stop: ${String(e)}`));
  if (!process.env.KEEP_TEST_DATABASE) await infra.postgres.dropDatabase().catch(() => undefined);
  await infra.postgres.stop().catch(() => undefined);
}
