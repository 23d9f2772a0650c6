import { PDFArray, type PDFDocument, PDFHexString } from 'pdf-lib';

/**
 * Fixed metadata (dates from the election day, no wall clock), a document /ID derived from a
 * hash of the content, then save. Same inputs, same bytes.
 */
export async function finishDocument(
  doc: PDFDocument,
  o: { title: string; date: string; id: Uint8Array },
): Promise<Uint8Array> {
  const when = new Date(`${o.date}T00:00:00Z`);
  doc.setTitle(o.title);
  doc.setCreator('uocava ballot-pdf');
  doc.setProducer('uocava ballot-pdf (pdf-lib)');
  doc.setCreationDate(when);
  doc.setModificationDate(when);
  const hex = Buffer.from(o.id).subarray(0, 16).toString('hex').toUpperCase();
  const ids = PDFArray.withContext(doc.context);
  ids.push(PDFHexString.of(hex));
  ids.push(PDFHexString.of(hex));
  doc.context.trailerInfo.ID = ids;
  // objectsPerTick: pdf-lib otherwise yields to the event loop (setTimeout) every 50 objects
  return doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}
