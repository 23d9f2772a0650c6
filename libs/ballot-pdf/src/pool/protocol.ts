/** Messages between a RenderPool and its threads (render.thread.ts). */
import type { PacketInput, PacketResult } from '../packet';

export interface RenderRequest {
  id: number;
  input: PacketInput;
}

export type RenderReply =
  { id: number; ok: true; result: PacketResult } | { id: number; ok: false; message: string; stack?: string };
