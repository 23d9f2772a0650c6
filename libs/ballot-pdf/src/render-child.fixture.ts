/**
 * Test fixture: renders the packets given as JSON on standard input (an array of PacketInput) in a
 * process of their own, with a fresh cache, and prints their SHA-256s as a JSON array. Used by
 * determinism.spec.ts to compare with renders in the test's own process.
 */
import { BallotStyleCache, renderPacket, type PacketInput } from './index';

async function main(): Promise<void> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const inputs = JSON.parse(Buffer.concat(chunks).toString('utf8')) as PacketInput[];
  const cache = new BallotStyleCache();
  const hashes: string[] = [];
  for (const input of inputs) hashes.push((await renderPacket(input, cache)).sha256);
  process.stdout.write(JSON.stringify(hashes));
}

main().catch((error: unknown) => {
  process.stderr.write(String(error instanceof Error ? error.stack : error));
  process.exit(1);
});
