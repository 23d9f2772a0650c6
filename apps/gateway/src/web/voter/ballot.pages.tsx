/** The voter's ballot pages behind the packet link: the packet download and the accessible ballot. */
import { type Contest, type MeasureChoice } from '@uocava/domain';
import type { OpenedBallot } from '../../packets/packet.service';

export function PacketPage({ ballot, token }: { ballot: OpenedBallot; token: string }) {
  const returned = !['generated', 'transmitted'].includes(ballot.status);
  const q = `token=${encodeURIComponent(token)}`;
  return (
    <>
      <h1>Your ballot</h1>
      <p class="lead">
        {ballot.electionName}, {ballot.electionDate} · {ballot.jurisdictionName}
      </p>
      {returned ? (
        <div class="notice notice-success">
          <p>Your election office has already received this ballot. You do not need to send it again.</p>
        </div>
      ) : null}
      <p>
        <a class="button" href={`/api/v1/ballots/${ballot.ballotId}/packet?${q}`} download>
          Download your ballot packet (PDF, {ballot.pageCount} pages,{' '}
          {ballot.paperSize === 'a4' ? 'A4' : 'US Letter'})
        </a>
      </p>
      <h2>What to do</h2>
      <ol>
        <li>Print every page of the packet on plain paper.</li>
        <li>
          Mark your choices on the ballot with a dark pen. Your choices are never sent over the internet.
        </li>
        <li>Sign and date the voter's declaration.</li>
        <li>
          Put the ballot in an envelope, the declaration with it, and send it back with the return envelope
          page as the instructions in the packet say.
        </li>
      </ol>
      <h2>Using a screen reader?</h2>
      <p>
        <a href={`/ballot/${ballot.ballotId}/accessible?${q}`}>Read your ballot as a web page</a>: the same
        contests and choices, in order, with headings.
      </p>
    </>
  );
}

/** The choices of a measure or of a contest without candidates. */
function OptionList({ options }: { options: readonly MeasureChoice[] }) {
  return (
    <ul>
      {options.map((o) => (
        <li key={o.id}>{o.label}</li>
      ))}
    </ul>
  );
}

function ContestView({ contest, n }: { contest: Contest; n: number }) {
  const id = `contest-${n}`;
  return (
    <section class="ballot-contest" aria-labelledby={id}>
      <h2 id={id}>{contest.title}</h2>
      {contest.subtitle ? <p>{contest.subtitle}</p> : null}
      {contest.kind === 'candidate' ? (
        <>
          <p>
            <strong>Vote for {contest.voteFor === 1 ? 'one' : `up to ${contest.voteFor}`}.</strong>
          </p>
          <ul>
            {contest.candidates.map((c) => (
              <li key={c.id}>
                {c.candidateNames.join(' and ')}
                {c.partyNames.length ? `, ${c.partyNames.join(', ')}` : ''}
              </li>
            ))}
            {Array.from({ length: contest.writeIns }, (_, i) => (
              <li key={`w${i}`}>Write-in: a line to write another name</li>
            ))}
          </ul>
        </>
      ) : contest.kind === 'measure' ? (
        <>
          {contest.summary ? <p>{contest.summary}</p> : null}
          <p>{contest.fullText}</p>
          <p>
            <strong>Choose one:</strong>
          </p>
          <OptionList options={contest.options} />
        </>
      ) : (
        <>
          <p>
            <strong>Vote for {contest.voteFor === 1 ? 'one' : `up to ${contest.voteFor}`}.</strong>
          </p>
          <OptionList options={contest.options} />
        </>
      )}
    </section>
  );
}

export function AccessibleBallotPage({ ballot, token }: { ballot: OpenedBallot; token: string }) {
  return (
    <>
      <h1>Your ballot: {ballot.electionName}</h1>
      <p>
        {ballot.jurisdictionName}, election day {ballot.electionDate}. This page lists the{' '}
        {ballot.contests.length} contests of your paper ballot in the same order. It has no way to vote: mark
        your choices on the printed ballot, or ask your election office about accessible ways to return it.
      </p>
      {ballot.contests.map((c, i) => (
        <ContestView contest={c} n={i + 1} key={c.id} />
      ))}
      <p>
        <a href={`/ballot/${ballot.ballotId}?token=${encodeURIComponent(token)}`}>
          Back to your ballot packet
        </a>
      </p>
    </>
  );
}
