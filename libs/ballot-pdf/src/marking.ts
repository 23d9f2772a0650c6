/**
 * Fills the voting targets of an issued ballot packet: what the voter's browser runs on the
 * marking page (apps/gateway/src/web/client/marking.ts) to make the marked ballot. It imports
 * pdf-lib and nothing of Node, so esbuild bundles it for the browser; the server never sees the
 * selections or the result.
 */
import {
  beginMarkedContent,
  endMarkedContent,
  PDFDocument,
  popGraphicsState,
  pushGraphicsState,
  rgb,
} from 'pdf-lib';
import type { BallotTarget } from './ballot';

/** One chosen target: the contest and the choice (`write-in-<n>` for a write-in position). */
export interface Selection {
  contestId: string;
  choiceId: string;
}

/** The targets of `selections`, in `targets`' order; throws on a choice that is not on the ballot. */
export function chosenTargets(
  targets: readonly BallotTarget[],
  selections: readonly Selection[],
): BallotTarget[] {
  const chosen = new Set(selections.map((s) => `${s.contestId}\u0000${s.choiceId}`));
  const found = targets.filter((t) => chosen.has(`${t.contestId}\u0000${t.choiceId}`));
  if (found.length !== chosen.size) throw new Error('ballot-pdf: a selection is not a target of this ballot');
  return found;
}

/**
 * The packet (or blank ballot) `pdf` with the targets of `selections` filled: a solid black oval
 * inside each chosen oval, drawn as an artifact (the target's Figure, already in the structure tree,
 * names the choice), so the document stays tagged and keeps its /Lang, metadata, /ID and every
 * other page as it was. Deterministic: the same bytes for the same packet and selections.
 */
export async function markBallot(
  pdf: Uint8Array,
  targets: readonly BallotTarget[],
  selections: readonly Selection[],
): Promise<Uint8Array> {
  const doc = await PDFDocument.load(pdf, { updateMetadata: false });
  const pages = doc.getPages();
  for (const t of chosenTargets(targets, selections)) {
    const page = pages[t.page];
    if (page === undefined) throw new Error(`ballot-pdf: target on page ${t.page + 1}, not in the document`);
    page.pushOperators(beginMarkedContent('Artifact'), pushGraphicsState());
    page.drawEllipse({
      x: t.x + t.width / 2,
      y: t.y + t.height / 2,
      xScale: t.width / 2 - 0.5,
      yScale: t.height / 2 - 0.5,
      color: rgb(0, 0, 0),
    });
    page.pushOperators(popGraphicsState(), endMarkedContent());
  }
  return doc.save({
    useObjectStreams: false,
    addDefaultPage: false,
    updateFieldAppearances: false,
    objectsPerTick: Number.POSITIVE_INFINITY,
  });
}
