export * from './model';
export { parseElectionDefinition } from './import';
export { selectBallotStyle, type StyleSelection } from './style';
