export { imbBars, imbDigits, imbProblems, type ImbBar, type ImbFields, type ImbProblem } from './imb';
export { mailingOrder, type MailPieceKey } from './layout';
export {
  renderPrintBatch,
  LABEL_SIZE,
  type PrintBatchInput,
  type PrintBatchResult,
  type PrintPiece,
} from './render';
