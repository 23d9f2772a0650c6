/**
 * OpenType shaping with HarfBuzz, the maintained shaper (npm `harfbuzzjs`, MIT): its WebAssembly
 * build, instantiated here directly (the package's own JavaScript wrapper is an ES module with a
 * top-level await, which this CommonJS library cannot load synchronously). The module is compiled
 * once per process on first use, and each font is copied into its memory once.
 *
 * Used for the scripts whose shaping fontkit gets wrong or cannot do (Devanagari, where fontkit
 * throws; Arabic mark order) and for right-to-left runs; the tests check its glyph runs against
 * those of the package's own wrapper.
 */
import * as fs from 'fs';

/** One shaped glyph, in visual order; units are the font's design units. */
export interface ShapedGlyph {
  /** glyph id in the font file */
  id: number;
  /** UTF-16 index of the first character of the glyph's cluster in the shaped text */
  cluster: number;
  xAdvance: number;
  xOffset: number;
  yOffset: number;
}

interface HbExports {
  memory: WebAssembly.Memory;
  __wasm_call_ctors: () => void;
  malloc: (n: number) => number;
  free: (p: number) => void;
  hb_blob_create: (data: number, len: number, mode: number, user: number, destroy: number) => number;
  hb_face_create: (blob: number, index: number) => number;
  hb_font_create: (face: number) => number;
  hb_buffer_create: () => number;
  hb_buffer_destroy: (b: number) => void;
  hb_buffer_add_utf16: (b: number, text: number, len: number, offset: number, itemLen: number) => void;
  hb_buffer_set_direction: (b: number, dir: number) => void;
  hb_buffer_set_script: (b: number, script: number) => void;
  hb_buffer_guess_segment_properties: (b: number) => void;
  hb_script_from_string: (s: number, len: number) => number;
  hb_shape: (font: number, b: number, features: number, n: number) => void;
  hb_buffer_get_length: (b: number) => number;
  hb_buffer_get_glyph_infos: (b: number, len: number) => number;
  hb_buffer_get_glyph_positions: (b: number, len: number) => number;
}

let hb: HbExports | undefined;

function wasmPath(): string {
  // the package's "exports" allow dist/*.wasm; its main entry (an ES module) is not loaded
  return require.resolve('harfbuzzjs/dist/harfbuzz.wasm');
}

function module(): HbExports {
  if (hb) return hb;
  const live: { wasm?: HbExports } = {};
  const imports = {
    env: {
      _emscripten_runtime_keepalive_clear: (): void => undefined,
      _abort_js: (): never => {
        throw new Error('ballot-pdf: harfbuzz aborted');
      },
      _setitimer_js: (): number => 0,
      emscripten_resize_heap: (requested: number): number => {
        if (!live.wasm) return 0;
        const mem = live.wasm.memory;
        const page = 65536;
        const want = Math.ceil((requested >>> 0) / page) * page;
        const grow = Math.max(want, mem.buffer.byteLength * 2) - mem.buffer.byteLength;
        try {
          mem.grow(Math.ceil(grow / page));
          return 1;
        } catch {
          return 0;
        }
      },
    },
    wasi_snapshot_preview1: {
      proc_exit: (code: number): never => {
        throw new Error(`ballot-pdf: harfbuzz exited (${code})`);
      },
    },
  };
  const instance = new WebAssembly.Instance(new WebAssembly.Module(fs.readFileSync(wasmPath())), imports);
  const wasm = instance.exports as unknown as HbExports;
  live.wasm = wasm;
  wasm.__wasm_call_ctors();
  hb = wasm;
  return hb;
}

const fonts = new WeakMap<Uint8Array, number>();

function fontOf(bytes: Uint8Array): number {
  let font = fonts.get(bytes);
  if (font !== undefined) return font;
  const m = module();
  const ptr = m.malloc(bytes.length);
  new Uint8Array(m.memory.buffer, ptr, bytes.length).set(bytes);
  // HB_MEMORY_MODE_READONLY: the copy lives as long as the process
  const blob = m.hb_blob_create(ptr, bytes.length, 1, 0, 0);
  font = m.hb_font_create(m.hb_face_create(blob, 0));
  fonts.set(bytes, font);
  return font;
}

const HB_DIRECTION_LTR = 4;
const HB_DIRECTION_RTL = 5;

/**
 * Shapes `text` with the font in `bytes` (parsed once per process): glyphs in visual order, with
 * the script's OpenType features. `script` is an ISO 15924 tag (`Arab`), guessed when omitted.
 */
export function shape(bytes: Uint8Array, text: string, o: { rtl: boolean; script?: string }): ShapedGlyph[] {
  const m = module();
  const font = fontOf(bytes);
  const buf = m.hb_buffer_create();
  const n = text.length;
  const textPtr = m.malloc(Math.max(2, n * 2));
  try {
    const u16 = new Uint16Array(m.memory.buffer, textPtr, n);
    for (let i = 0; i < n; i++) u16[i] = text.charCodeAt(i);
    m.hb_buffer_add_utf16(buf, textPtr, n, 0, n);
    m.hb_buffer_guess_segment_properties(buf);
    if (o.script) {
      const tag = m.malloc(4);
      new Uint8Array(m.memory.buffer, tag, 4).set(Buffer.from(o.script, 'latin1'));
      m.hb_buffer_set_script(buf, m.hb_script_from_string(tag, 4));
      m.free(tag);
    }
    m.hb_buffer_set_direction(buf, o.rtl ? HB_DIRECTION_RTL : HB_DIRECTION_LTR);
    m.hb_shape(font, buf, 0, 0);
    const len = m.hb_buffer_get_length(buf);
    const infos = m.hb_buffer_get_glyph_infos(buf, 0);
    const positions = m.hb_buffer_get_glyph_positions(buf, 0);
    // both are arrays of 20-byte structs (hb_glyph_info_t, hb_glyph_position_t)
    const info = new Uint32Array(m.memory.buffer, infos, len * 5);
    const pos = new Int32Array(m.memory.buffer, positions, len * 5);
    const out: ShapedGlyph[] = [];
    for (let i = 0; i < len; i++) {
      out.push({
        id: info[i * 5],
        cluster: info[i * 5 + 2],
        xAdvance: pos[i * 5],
        xOffset: pos[i * 5 + 2],
        yOffset: pos[i * 5 + 3],
      });
    }
    return out;
  } finally {
    m.free(textPtr);
    m.hb_buffer_destroy(buf);
  }
}
