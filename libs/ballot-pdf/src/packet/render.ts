/** One voter's packet: the template of the voter's style with the voter's fields drawn on it. */
import { createHash } from 'crypto';
import {
  PDFArray,
  PDFCrossRefSection,
  PDFDict,
  PDFDocument,
  PDFHexString,
  PDFName,
  PDFNumber,
  PDFPage,
  PDFPageLeaf,
  PDFRef,
  PDFTrailer,
  PDFTrailerDict,
} from 'pdf-lib';
import { DocFonts } from '../fonts';
import { finishDocument, infoEntries, pdfLanguage } from '../meta';
import { packetInputsSha256, rendererVersion } from '../version';
import { personaliseDeclaration } from './declaration';
import { personaliseEnvelope } from './envelope';
import { personaliseInstructions } from './instructions';
import { BallotStyleCache, packetTitle, type Template } from './template-cache';
import type { PacketInput, PacketResult } from './types';

/** Renders one voter's packet. Pass a shared cache so that each ballot style is rendered once. */
export async function renderPacket(
  input: PacketInput,
  cache: BallotStyleCache = new BallotStyleCache(4),
): Promise<PacketResult> {
  const t = await cache.get(input);
  const missing = new Set<string>(t.missingGlyphs);
  const { instr, decl, env } = t.slots;
  const personalise = (fonts: DocFonts, pages: PDFPage[]) => {
    personaliseInstructions(pages[instr.page], fonts, instr, input.voter);
    personaliseDeclaration(pages[decl.page], fonts, decl, input.voter);
    personaliseEnvelope(pages[env.page], fonts, env, input.voter);
  };
  const inputsSha256 = packetInputsSha256(input, cache.electionSha256(input.election));
  const id = createHash('sha256').update(`packet\0${inputsSha256}`).digest();
  const title = packetTitle(input);
  const { voter } = input;
  const chars = `${voter.name}${voter.trackingCode}${voter.trackingUrl}${voter.ballotId}`;
  let bytes = await appendPersonal(t, cache, chars, missing, personalise, {
    title,
    date: input.election.date,
    id,
  });
  if (!bytes) {
    // a glyph outside the shared subset (e.g. a ligature): the template saved again with the
    // voter's fields and a subset of their own (its structure tree, with the reserved elements, kept)
    const doc = await PDFDocument.load(t.bytes, { updateMetadata: false });
    personalise(await DocFonts.embed(doc, missing, true), doc.getPages());
    bytes = await finishDocument(doc, {
      title,
      date: input.election.date,
      id,
      language: pdfLanguage(input.language),
    });
  }
  return {
    bytes,
    sha256: createHash('sha256').update(bytes).digest('hex'),
    pageCount: t.pageCount,
    paperSize: input.paperSize,
    missingGlyphs: [...missing].sort(),
    parts: t.parts,
    inputsSha256,
    rendererVersion: rendererVersion(),
  };
}

/**
 * The packet as the template's own bytes plus a PDF incremental update (ISO 32000-1, 7.5.6): the
 * three personalised page dictionaries (same object numbers), their overlay content streams, the
 * voter-font subset, a new document information dictionary, a cross-reference section and a
 * trailer with /Prev and the packet's /ID. Nothing of the template is serialised again.
 * Returns undefined when the shared voter-font subset lacked a glyph.
 */
async function appendPersonal(
  t: Template,
  cache: BallotStyleCache,
  chars: string,
  missing: Set<string>,
  personalise: (fonts: DocFonts, pages: PDFPage[]) => void,
  meta: { title: string; date: string; id: Uint8Array },
): Promise<Uint8Array | undefined> {
  const doc = await PDFDocument.create({ updateMetadata: false });
  const { context } = doc;
  const src = t.source.context;
  // the template's objects, shared read-only (the personalised pages get copies below)
  for (const [ref, object] of src.enumerateIndirectObjects()) context.assign(ref, object);
  const base = src.largestObjectNumber;
  context.largestObjectNumber = base;
  const changed: PDFRef[] = [];
  const pages: PDFPage[] = [];
  for (const index of new Set([t.slots.instr.page, t.slots.decl.page, t.slots.env.page])) {
    const original = t.source.getPage(index);
    // pdf-lib's own content streams leave the graphics state balanced: no q/Q wrapper streams
    const leaf = PDFPageLeaf.fromMapWithContext(new Map(original.node.entries()), context, false);
    const resources = original.node.Resources();
    if (resources) {
      const own = resources.clone(context);
      for (const key of resources.keys()) {
        const value = resources.get(key);
        if (value instanceof PDFDict) own.set(key, value.clone(context));
      }
      leaf.set(PDFName.of('Resources'), own);
    }
    const contents = leaf.get(PDFName.of('Contents'));
    if (contents instanceof PDFArray) leaf.set(PDFName.of('Contents'), contents.clone(context));
    context.assign(original.ref, leaf);
    changed.push(original.ref);
    pages[index] = PDFPage.of(leaf, original.ref, doc);
  }
  const shared = await cache.personalFonts.use(doc, chars, missing, (fonts) => personalise(fonts, pages));
  if (!shared) return undefined;
  // the same entries as the template's information dictionary and XMP metadata
  const info = context.register(context.obj(infoEntries(meta)));
  const objects = context
    .enumerateIndirectObjects()
    .filter(([ref]) => ref.objectNumber > base || changed.includes(ref))
    .sort(([a], [b]) => a.objectNumber - b.objectNumber);
  const xref = PDFCrossRefSection.createEmpty();
  let size = t.bytes.length + 1;
  const offsets: number[] = [];
  for (const [ref, object] of objects) {
    offsets.push(size);
    xref.addEntry(ref, size);
    size += `${ref.objectNumber} ${ref.generationNumber} obj\n`.length + object.sizeInBytes() + 9;
  }
  const hex = Buffer.from(meta.id).subarray(0, 16).toString('hex').toUpperCase();
  const trailerDict = PDFTrailerDict.of(
    context.obj({
      Size: context.largestObjectNumber + 1,
      Root: src.trailerInfo.Root,
      Info: info,
      ID: [PDFHexString.of(hex), PDFHexString.of(hex)],
      Prev: PDFNumber.of(t.xrefOffset),
    }),
  );
  const xrefOffset = size;
  size += xref.sizeInBytes() + 1 + trailerDict.sizeInBytes() + 2;
  const trailer = PDFTrailer.forLastCrossRefSectionOffset(xrefOffset);
  size += trailer.sizeInBytes();
  const out = new Uint8Array(size);
  out.set(t.bytes, 0);
  let at = t.bytes.length;
  out[at++] = 0x0a;
  for (const [ref, object] of objects) {
    at += Buffer.from(out.buffer, out.byteOffset + at).write(
      `${ref.objectNumber} ${ref.generationNumber} obj\n`,
      'latin1',
    );
    at += object.copyBytesInto(out, at);
    at += Buffer.from(out.buffer, out.byteOffset + at).write('\nendobj\n\n', 'latin1');
  }
  at += xref.copyBytesInto(out, at);
  out[at++] = 0x0a;
  at += trailerDict.copyBytesInto(out, at);
  out[at++] = 0x0a;
  out[at++] = 0x0a;
  at += trailer.copyBytesInto(out, at);
  if (at !== size) throw new Error(`ballot-pdf: packet size ${at} differs from the computed ${size}`);
  return out;
}
