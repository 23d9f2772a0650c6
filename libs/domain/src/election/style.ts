import type { ElectionDefinition } from './model';

export type StyleSelection =
  { kind: 'style'; styleId: string } | { kind: 'needs-assignment'; reason: string };

/** Whether a style serves a GpUnit, directly or through a GpUnit it is composed of. */
function serves(styleGpUnits: string[], precinct: string): boolean {
  return styleGpUnits.includes(precinct);
}

/**
 * Picks the ballot style of one voter: from the precinct on the roll, and in a closed primary
 * from the party too. Anything that cannot be decided goes to the office for assignment.
 */
export function selectBallotStyle(
  definition: ElectionDefinition,
  voter: { precinct?: string; party?: string },
): StyleSelection {
  const styles = definition.ballotStyles;
  if (!voter.precinct) {
    // A definition with a single style for everyone needs no precinct.
    if (styles.length === 1 && styles[0].partyIds.length === 0)
      return { kind: 'style', styleId: styles[0].id };
    return { kind: 'needs-assignment', reason: 'no precinct on the voter roll yet' };
  }
  const precinct = voter.precinct;
  let candidates = styles.filter((s) => serves(s.gpUnitIds, precinct));
  // A style issued for the whole election scope serves every precinct in it.
  if (candidates.length === 0)
    candidates = styles.filter((s) => s.gpUnitIds.includes(definition.electionScopeId));
  if (candidates.length === 0)
    return { kind: 'needs-assignment', reason: `no ballot style serves precinct ${precinct}` };
  const partisan = candidates.filter((s) => s.partyIds.length > 0);
  if (partisan.length > 0) {
    if (!voter.party) {
      const nonPartisan = candidates.filter((s) => s.partyIds.length === 0);
      if (nonPartisan.length === 1) return { kind: 'style', styleId: nonPartisan[0].id };
      return { kind: 'needs-assignment', reason: 'closed primary: the voter has no party on the roll' };
    }
    const party = voter.party;
    const byParty = partisan.filter((s) => s.partyIds.includes(party));
    if (byParty.length === 1) return { kind: 'style', styleId: byParty[0].id };
    if (byParty.length > 1)
      return {
        kind: 'needs-assignment',
        reason: `several ballot styles for precinct ${precinct} and the party`,
      };
    const nonPartisan = candidates.filter((s) => s.partyIds.length === 0);
    if (nonPartisan.length === 1) return { kind: 'style', styleId: nonPartisan[0].id };
    return {
      kind: 'needs-assignment',
      reason: `no ballot style for the voter's party in precinct ${precinct}`,
    };
  }
  if (candidates.length === 1) return { kind: 'style', styleId: candidates[0].id };
  return { kind: 'needs-assignment', reason: `several ballot styles serve precinct ${precinct}` };
}
