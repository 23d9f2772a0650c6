/**
 * The slots of a packet template: where each document leaves room for the voter's fields (0-based
 * page indexes, top-down y), and the structure elements the template reserved for them (so that a
 * packet tags the voter's fields without rewriting the template's structure tree).
 */
import type { Language } from '@uocava/domain';
import type { Reserved } from '../tags';

export interface Slots {
  instr: {
    page: number;
    top: number;
    textW: number;
    qr: number;
    text: Reserved;
    code: Reserved;
    /** the packet's language: the words around the voter's fields */
    language: Language;
  };
  decl: { page: number; top: number; name: Reserved; language: Language };
  env: {
    page: number;
    top: number;
    eh: number;
    fromW: number;
    from: Reserved;
    code: Reserved;
    id: Reserved;
    language: Language;
  };
}
