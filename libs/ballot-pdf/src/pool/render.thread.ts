/**
 * Body of one render thread of a RenderPool: renders the packets it is sent with a style cache of
 * its own (each style is rendered once per thread) and posts the results back, the PDF bytes
 * transferred rather than copied where they own their buffer.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { BallotStyleCache, renderPacket } from '../packet';
import type { RenderReply, RenderRequest } from './protocol';

const port = parentPort;
if (port === null) throw new Error('render.thread is the body of a worker thread, not a module to import');
const cache = new BallotStyleCache((workerData as { cacheSize?: number } | null)?.cacheSize ?? 512);

port.on('message', (request: RenderRequest) => {
  renderPacket(request.input, cache).then(
    (result) => {
      const reply: RenderReply = { id: request.id, ok: true, result };
      const { bytes } = result;
      const owns = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
      port.postMessage(reply, owns && bytes.buffer instanceof ArrayBuffer ? [bytes.buffer] : []);
    },
    (error: unknown) => {
      const reply: RenderReply = {
        id: request.id,
        ok: false,
        message: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      };
      port.postMessage(reply);
    },
  );
});
