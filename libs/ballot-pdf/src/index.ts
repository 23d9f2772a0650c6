export { choosePaperSize, PAGE_SIZES } from './paper';
export { describeReturnDeadline, plainDate } from './deadline';
export {
  renderBallotStyle,
  ballotStyleCode,
  ballotTargets,
  TARGET_SIZE,
  type BallotTarget,
  type RenderedStyle,
} from './ballot';
export { markBallot, chosenTargets, type Selection } from './marking';
export {
  renderPacket,
  ballotElectionOf,
  ballotWordsOf,
  BallotStyleCache,
  DEFAULT_OATH,
  type PacketInput,
  type PacketResult,
  type PacketVoter,
  type ElectionOffice,
} from './packet';
export { PLACEHOLDER } from './fonts';
export { undrawableCharacters, undrawableElectionTexts, type UndrawableText } from './coverage';
export { RENDERER_REVISION, rendererVersion, packetInputsSha256, regenerationReason } from './version';
export {
  imbBars,
  imbDigits,
  imbProblems,
  mailingOrder,
  renderPrintBatch,
  LABEL_SIZE,
  type ImbBar,
  type ImbFields,
  type ImbProblem,
  type MailPieceKey,
  type PrintBatchInput,
  type PrintBatchResult,
  type PrintPiece,
} from './mail';
export {
  renderCureAffidavit,
  renderFwabPacket,
  renderFpca,
  type CureAffidavitInput,
  type FwabPacketInput,
  type FpcaFormInput,
  type FormResult,
} from './forms';
