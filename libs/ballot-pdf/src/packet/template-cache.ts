/**
 * Packet templates and their cache: a template is the packet with everything but the voter, laid
 * out, subset and saved once per ballot style.
 */
import { createHash } from 'crypto';
import type { ElectionDefinition } from '@uocava/domain';
import { PDFDocument } from 'pdf-lib';
import { BallotWords, drawBallotPages } from '../ballot';
import { DocFonts, PersonalFonts } from '../fonts';
import { ballotLanguagesFor, ballotTextLanguage, localizeElection, t } from '@uocava/domain';
import { finishDocument, pdfLanguage } from '../meta';
import { Tags } from '../tags';
import { jcsSha256 } from '../version';
import { declaration } from './declaration';
import { envelope } from './envelope';
import { instructions } from './instructions';
import type { Slots } from './slots';
import type { PacketInput, PacketResult } from './types';

export interface Template {
  source: PDFDocument;
  /** the template's saved bytes: a packet appends its personal objects as an incremental update */
  bytes: Uint8Array;
  /** byte offset of the template's cross-reference section (the update's /Prev) */
  xrefOffset: number;
  pageCount: number;
  missingGlyphs: string[];
  slots: Slots;
  parts: PacketResult['parts'];
}

/**
 * Keeps, per election content, ballot style, paper size, office and return text, the packet with
 * everything but the voter: the ballot pages and the static text of the other pages, already
 * laid out, subset and parsed. A packet copies its pages and draws only the voter's name,
 * tracking code, QR code and ballot id barcode. Bounded: the least recently used entry is dropped.
 */
export class BallotStyleCache {
  private readonly entries = new Map<string, Promise<Template>>();
  private readonly electionKeys = new WeakMap<ElectionDefinition, string>();
  /** font subsets for the voters' text, per character repertoire */
  readonly personalFonts = new PersonalFonts();
  constructor(private readonly maxEntries = 256) {}

  /** JCS SHA-256 of an election definition, computed once per definition object. */
  electionSha256(e: ElectionDefinition): string {
    let k = this.electionKeys.get(e);
    if (!k) {
      k = jcsSha256(e);
      this.electionKeys.set(e, k);
    }
    return k;
  }

  /**
   * The template of the packet's style: everything but the voter. Its key is the JCS digest of
   * exactly the inputs it is built from (never the voter), so the template, and the packet built on
   * it, is the same whichever voter's packet happened to build it first.
   */
  get(input: PacketInput): Promise<Template> {
    const key = templateKey(input, this.electionSha256(input.election));
    let hit = this.entries.get(key);
    if (hit) {
      this.entries.delete(key);
      this.entries.set(key, hit);
      return hit;
    }
    hit = buildTemplate(input, key);
    hit.catch(() => this.entries.delete(key));
    this.entries.set(key, hit);
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next().value;
      if (oldest === undefined) break;
      this.entries.delete(oldest);
    }
    return hit;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** Hex digest of the inputs a template is built from: all of the packet's but the voter. */
function templateKey(input: PacketInput, electionSha256: string): string {
  return jcsSha256({
    election: electionSha256,
    styleId: input.styleId,
    paperSize: input.paperSize,
    office: input.office,
    returnDeadlineText: input.returnDeadlineText ?? null,
    militaryPost: input.militaryPost,
    // absent for English: the keys (and bytes) of English templates are what they were
    ...(input.language !== undefined && input.language !== 'en' ? { language: input.language } : {}),
  });
}

/** The title of a packet (the template's, shared by every packet of the style). */
export function packetTitle(input: PacketInput): string {
  return t(input.language ?? 'en', 'pdf.title', { election: input.election.name });
}

/**
 * The election as the packet's ballot prints it: the definition's words in the voter's language
 * where it has them, or every language the office requires (bilingual). The marking page computes
 * the voting targets from the same one, so they sit where the printed ovals are.
 */
export function ballotElectionOf(input: Pick<PacketInput, 'election' | 'language'>): ElectionDefinition {
  return localizeElection(input.election, ballotLanguagesFor(input.election, input.language ?? 'en'));
}

/**
 * The ballot's fixed words as the packet prints them: in the ballot's languages (the voter's, or
 * every one the office requires), marked with their language where the contests are in another
 * (an election whose definition lacks the voter's language). The marking page lays out the targets
 * with the same words, since they move the contests ("(continued)", the "how to mark" box).
 */
export function ballotWordsOf(input: Pick<PacketInput, 'election' | 'language'>): BallotWords {
  const langs = ballotLanguagesFor(input.election, input.language ?? 'en');
  if (langs.length !== 1) return new BallotWords(langs);
  const own = pdfLanguage(langs[0]);
  return new BallotWords(
    langs,
    own === pdfLanguage(ballotTextLanguage(input.election, langs)) ? undefined : own,
  );
}

async function buildTemplate(input: PacketInput, key: string): Promise<Template> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const missing = new Set<string>();
  const fonts = await DocFonts.embed(doc, missing);
  // the ballot is laid out first: the instructions state its page count; they are moved before it
  const tags = Tags.of(doc);
  // one part per document; the structure tree puts them in page order
  // the ballot's words: the definition's in the voter's language where it has them, or every
  // language the office requires (bilingual); its Part is marked when its language is not the packet's
  const language = pdfLanguage(input.language);
  const langs = ballotLanguagesFor(input.election, input.language ?? 'en');
  const ballotLanguage = pdfLanguage(ballotTextLanguage(input.election, langs));
  const ballotPages = drawBallotPages(
    doc,
    fonts,
    ballotElectionOf(input),
    input.styleId,
    input.paperSize,
    ballotWordsOf(input),
    ballotLanguage === language ? undefined : ballotLanguage,
  );
  const instr = tags.group('Part', () => instructions(doc, fonts, input, ballotPages));
  const nInstr = doc.getPageCount() - ballotPages;
  for (let k = 0; k < nInstr; k++) {
    const page = doc.getPage(ballotPages + k);
    doc.removePage(ballotPages + k);
    doc.insertPage(k, page);
  }
  instr.page -= ballotPages;
  const decl = tags.group('Part', () => declaration(doc, fonts, input));
  const declEnd = doc.getPageCount();
  const env = tags.group('Part', () => envelope(doc, fonts, input));
  const pageCount = doc.getPageCount();
  const id = createHash('sha256').update(`packet-template\0${key}`).digest();
  // the packet's own title: the packet's XMP metadata and structure tree are the template's
  const bytes = await finishDocument(doc, {
    title: packetTitle(input),
    date: input.election.date,
    id,
    language,
  });
  const tail = Buffer.from(bytes.subarray(Math.max(0, bytes.length - 64))).toString('latin1');
  const startxref = /startxref\s+(\d+)\s+%%EOF\s*$/.exec(tail);
  if (!startxref) throw new Error('ballot-pdf: template without startxref');
  return {
    source: await PDFDocument.load(bytes, { updateMetadata: false }),
    bytes,
    xrefOffset: Number(startxref[1]),
    pageCount,
    missingGlyphs: [...missing],
    slots: { instr, decl, env },
    parts: {
      instructions: [1, nInstr],
      ballot: [nInstr + 1, nInstr + ballotPages],
      declaration: [nInstr + ballotPages + 1, declEnd],
      envelope: [declEnd + 1, pageCount],
    },
  };
}
