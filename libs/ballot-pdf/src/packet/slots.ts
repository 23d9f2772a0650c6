/**
 * The slots of a packet template: where each document leaves room for the voter's fields (0-based
 * page indexes, top-down y).
 */
export interface Slots {
  instr: { page: number; top: number; textW: number; qr: number };
  decl: { page: number; top: number };
  env: { page: number; top: number; eh: number; fromW: number };
}
