import type { AwaitingDecision } from '@uocava/database';
import { BALLOT_REJECTION_TYPES, CURABLE_REASONS } from '@uocava/domain';
import { Csrf, SelectField, TextField } from '../web/components';

import { Flash, RejectForm } from '../web/office/office-components';

/** A returned ballot waiting for a decision (ids and codes only). */
export type DecisionBallot = AwaitingDecision;

export function DecisionsPage({
  ballots,
  csrf,
  canDecide,
  flash,
  defaultCureDeadline,
}: {
  ballots: DecisionBallot[];
  csrf: string;
  canDecide: boolean;
  flash?: string;
  defaultCureDeadline: string;
}) {
  return (
    <>
      <Flash message={flash} />
      <h1>Returned ballots to decide</h1>
      {ballots.length === 0 ? <p>No returned ballot waits for a decision.</p> : null}
      {ballots.map((b) => (
        <section
          class="review-item"
          key={b.ballotId}
          aria-labelledby={`b-${b.ballotId}`}
          data-ballot={b.ballotId}
        >
          <h2 id={`b-${b.ballotId}`}>
            Ballot <span class="code">{b.ballotId.slice(0, 8)}</span> · {b.trackingCode}
          </h2>
          <p>
            {b.electionName} · {b.status}
            {b.returnedAt ? ` · received ${b.returnedAt.slice(0, 10)} by ${b.returnMethod}` : ''}
            {b.timely === false ? ' · late' : ''}
            {b.cureDeadline ? ` · cure by ${b.cureDeadline.slice(0, 10)}` : ''}
          </p>
          {canDecide ? (
            <div class="button-row">
              {b.status === 'returned' || b.status === 'cured' ? (
                <form method="post" action={`/office/ballots/${b.ballotId}/accept`} class="inline">
                  <Csrf token={csrf} />
                  <button type="submit" class="button">
                    Accept<span class="visually-hidden"> ballot {b.ballotId}</span>
                  </button>
                </form>
              ) : null}
              {b.status === 'cure-requested' ? (
                <form method="post" action={`/office/ballots/${b.ballotId}/cure`} class="inline">
                  <Csrf token={csrf} />
                  <button type="submit" class="button">
                    The voter fixed it<span class="visually-hidden"> (ballot {b.ballotId})</span>
                  </button>
                </form>
              ) : null}
            </div>
          ) : null}
          {canDecide && b.status === 'returned' && b.timely !== false ? (
            <details>
              <summary>Ask the voter to fix a problem</summary>
              <form method="post" action={`/office/ballots/${b.ballotId}/request-cure`}>
                <Csrf token={csrf} />
                <SelectField
                  name="reason"
                  label="Problem"
                  required
                  options={CURABLE_REASONS.map((r) => ({ value: r, label: r }))}
                />
                <TextField
                  name="cureDeadline"
                  type="date"
                  label="Fix by"
                  width="medium"
                  required
                  value={defaultCureDeadline}
                />
                <button type="submit" class="button secondary">
                  Ask for a fix
                </button>
              </form>
            </details>
          ) : null}
          {canDecide ? (
            <RejectForm
              summary="Reject this ballot"
              action={`/office/ballots/${b.ballotId}/reject`}
              csrf={csrf}
              label="Reason (EAVS Section B)"
              options={BALLOT_REJECTION_TYPES.map((r) => ({ value: r, label: r }))}
              what={`ballot ${b.ballotId}`}
            />
          ) : null}
        </section>
      ))}
    </>
  );
}
