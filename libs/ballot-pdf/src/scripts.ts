/**
 * The scripts a name can be written in, the face that draws each, and the line layout that puts
 * them together: a line is cut into runs of one face and one bidirectional embedding level (Unicode
 * UAX #9 by npm `bidi-js`), the runs are put in visual order (UAX #9 L2) and each is shaped.
 *
 * Faces: DejaVu Sans (shipped in ../fonts: Latin with Vietnamese, Greek, Cyrillic) for every script
 * without a face of its own; Noto Sans Arabic, Hebrew, Devanagari, SC (Han, kana, bopomofo) and KR
 * (Hangul) from their npm packages (@expo-google-fonts/*, SIL Open Font Licence 1.1, the licence
 * text is the package's LICENSE_FONT). A Noto file is read and parsed only when a text needs it,
 * once per process.
 */
import bidiFactory from 'bidi-js';
import * as fs from 'fs';
import * as path from 'path';

export type FaceKey = 'latin' | 'arabic' | 'hebrew' | 'devanagari' | 'cjk' | 'korean';

/** The faces, in the order a neutral character (space, digit, punctuation) tries them last. */
export const FACE_KEYS: readonly FaceKey[] = ['latin', 'cjk', 'korean', 'arabic', 'hebrew', 'devanagari'];

interface NotoFace {
  pkg: string;
  regular: string;
  bold: string;
  /** ISO 15924 script given to the shaper, or undefined: drawn by fontkit (no complex shaping) */
  shapeScript?: string;
}

/** The npm packages the extra faces come from (pinned in package.json: the bytes are part of a packet). */
export const NOTO_FACES: Record<Exclude<FaceKey, 'latin'>, NotoFace> = {
  arabic: {
    pkg: '@expo-google-fonts/noto-sans-arabic',
    regular: '400Regular/NotoSansArabic_400Regular.ttf',
    bold: '700Bold/NotoSansArabic_700Bold.ttf',
    shapeScript: 'Arab',
  },
  hebrew: {
    pkg: '@expo-google-fonts/noto-sans-hebrew',
    regular: '400Regular/NotoSansHebrew_400Regular.ttf',
    bold: '700Bold/NotoSansHebrew_700Bold.ttf',
    shapeScript: 'Hebr',
  },
  devanagari: {
    pkg: '@expo-google-fonts/noto-sans-devanagari',
    regular: '400Regular/NotoSansDevanagari_400Regular.ttf',
    bold: '700Bold/NotoSansDevanagari_700Bold.ttf',
    shapeScript: 'Deva',
  },
  cjk: {
    pkg: '@expo-google-fonts/noto-sans-sc',
    regular: '400Regular/NotoSansSC_400Regular.ttf',
    bold: '700Bold/NotoSansSC_700Bold.ttf',
  },
  korean: {
    pkg: '@expo-google-fonts/noto-sans-kr',
    regular: '400Regular/NotoSansKR_400Regular.ttf',
    bold: '700Bold/NotoSansKR_700Bold.ttf',
  },
};

function packageDir(pkg: string): string {
  return path.dirname(require.resolve(`${pkg}/package.json`));
}

/** The font file of a Noto face (read by the caller, once per process). */
export function notoFile(key: Exclude<FaceKey, 'latin'>, bold: boolean): string {
  const f = NOTO_FACES[key];
  return path.join(packageDir(f.pkg), bold ? f.bold : f.regular);
}

/** `name@version` of every Noto package: part of the renderer version, without reading the fonts. */
export function notoPackages(): string[] {
  return Object.values(NOTO_FACES).map((f) => {
    const json = JSON.parse(fs.readFileSync(path.join(packageDir(f.pkg), 'package.json'), 'utf8')) as {
      version: string;
    };
    return `${f.pkg}@${json.version}`;
  });
}

/** The licence file of each shipped face: DejaVu's in ../fonts, the Noto packages' LICENSE_FONT. */
export function notoLicenceFiles(): string[] {
  return Object.values(NOTO_FACES).map((f) => path.join(packageDir(f.pkg), 'LICENSE_FONT'));
}

const ARABIC = /\p{Script=Arabic}/u;
const HEBREW = /\p{Script=Hebrew}/u;
const DEVANAGARI = /\p{Script=Devanagari}/u;
const HANGUL = /\p{Script=Hangul}/u;
const HAN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}]/u;
/** CJK symbols and punctuation, fullwidth forms, CJK compatibility: common, but drawn by the CJK face */
const CJK_COMMON = /[\u3000-\u303F\u3190-\u319F\u31C0-\u31EF\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
const INHERITED = /\p{Script=Inherited}/u;
const COMMON = /\p{Script=Common}/u;
/** Any character that is not drawn by DejaVu: the test for the plain (Latin-only) path. */
export const NEEDS_LAYOUT =
  /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Devanagari}\p{Script=Hangul}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Bopomofo}\u3000-\u303F\u3190-\u319F\u31C0-\u31EF\u3200-\u33FF\uFE30-\uFE4F\uFF00-\uFFEF]/u;
/** Strong right-to-left characters (bidi classes R and AL) and Arabic numbers: bidi needed. */
const RTL =
  /[\u0590-\u08FF\uFB1D-\uFDFF\uFE70-\uFEFF\u{10800}-\u{10FFF}\u{1E800}-\u{1EFFF}\u200F\u202B\u202E\u2067]/u;

type Strong = FaceKey | 'neutral' | 'inherited';

function scriptOf(ch: string): Strong {
  if (ARABIC.test(ch)) return 'arabic';
  if (HEBREW.test(ch)) return 'hebrew';
  if (DEVANAGARI.test(ch)) return 'devanagari';
  if (HANGUL.test(ch)) return 'korean';
  if (HAN.test(ch) || CJK_COMMON.test(ch)) return 'cjk';
  if (INHERITED.test(ch)) return 'inherited';
  if (COMMON.test(ch)) return 'neutral';
  return 'latin';
}

/** Whether a face draws a code point (the caller loads the face). */
export type Covers = (face: FaceKey, cp: number) => boolean;

/**
 * The face of each character of `text` (by code point, in order), or undefined where no face
 * draws it. A letter is drawn by its script's face; a combining mark by its base's; a neutral
 * character (space, digit, punctuation) by the face of the run it is in when that face has it,
 * else of the next letter, else DejaVu, else the first face that has it.
 */
export function facesOf(chars: readonly string[], covers: Covers): Array<FaceKey | undefined> {
  const strong = chars.map(scriptOf);
  const out: Array<FaceKey | undefined> = new Array(chars.length);
  for (let i = 0; i < chars.length; i++) {
    const s = strong[i];
    const cp = chars[i].codePointAt(0) ?? 0;
    if (s !== 'neutral' && s !== 'inherited') {
      out[i] = covers(s, cp) ? s : undefined;
      continue;
    }
    const prev = i > 0 ? out[i - 1] : undefined;
    if (prev !== undefined && covers(prev, cp)) {
      out[i] = prev;
      continue;
    }
    let next: FaceKey | undefined;
    for (let j = i + 1; j < chars.length && next === undefined; j++) {
      const t = strong[j];
      if (t !== 'neutral' && t !== 'inherited') next = t;
    }
    const tries: FaceKey[] = next !== undefined ? [next, ...FACE_KEYS] : [...FACE_KEYS];
    out[i] = tries.find((f) => covers(f, cp));
  }
  return out;
}

const bidi = bidiFactory();

/** One run of a line: one face, one embedding level; `text` in logical order. */
export interface Run {
  face: FaceKey;
  text: string;
  /**
   * odd embedding level: shaped right to left by HarfBuzz, which also mirrors brackets
   * (UAX #9 L4) and returns the glyphs in visual order
   */
  rtl: boolean;
}

/**
 * Cuts one line (already cleaned: every character drawable) into runs and returns them in visual
 * order, left to right (UAX #9, paragraph direction from the first strong character).
 */
export function visualRuns(line: string, covers: Covers): Run[] {
  const chars = [...line];
  const faces = facesOf(chars, covers);
  let levels: number[];
  if (RTL.test(line)) {
    const lv = bidi.getEmbeddingLevels(line).levels;
    // levels are per UTF-16 unit: take the first unit of each code point
    levels = [];
    let u = 0;
    for (const ch of chars) {
      levels.push(lv[u]);
      u += ch.length;
    }
  } else {
    levels = chars.map(() => 0);
  }
  interface Logical {
    face: FaceKey;
    level: number;
    chars: string[];
  }
  const logical: Logical[] = [];
  chars.forEach((ch, i) => {
    const face = faces[i] ?? 'latin';
    const last = logical[logical.length - 1];
    if (last && last.face === face && last.level === levels[i]) last.chars.push(ch);
    else logical.push({ face, level: levels[i], chars: [ch] });
  });
  // UAX #9 L2: from the highest level down to the lowest odd one, reverse every maximal sequence
  // of runs at that level or higher
  const max = Math.max(0, ...logical.map((r) => r.level));
  const minOdd = Math.min(...logical.map((r) => (r.level % 2 === 1 ? r.level : Infinity)));
  const order = logical.slice();
  for (let k = max; k >= minOdd && k > 0; k--) {
    let i = 0;
    while (i < order.length) {
      if (order[i].level < k) {
        i++;
        continue;
      }
      let j = i;
      while (j < order.length && order[j].level >= k) j++;
      const reversed = order.slice(i, j).reverse();
      order.splice(i, j - i, ...reversed);
      i = j;
    }
  }
  return order.map((r) => {
    return { face: r.face, text: r.chars.join(''), rtl: r.level % 2 === 1 };
  });
}
