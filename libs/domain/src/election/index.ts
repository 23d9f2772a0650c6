export * from './model';
export { parseElectionDefinition } from './import';
export { selectBallotStyle, type StyleSelection } from './style';
export {
  ballotLanguagesFor,
  ballotTextLanguage,
  hasBallotText,
  localizeContests,
  localizeElection,
} from './ballot-languages';
