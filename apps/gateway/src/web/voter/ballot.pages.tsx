/** The voter's ballot pages behind the packet link: the packet download and the accessible ballot. */
import { t, type Contest, type Language, type MeasureChoice } from '@uocava/domain';
import type { OpenedBallot } from '../../packets/packet.service';

export function PacketPage({
  ballot,
  token,
  lang = 'en',
}: {
  ballot: OpenedBallot;
  token: string;
  lang?: Language;
}) {
  const returned = !['generated', 'transmitted'].includes(ballot.status);
  const q = `token=${encodeURIComponent(token)}`;
  return (
    <>
      <h1>{t(lang, 'web.packet.title')}</h1>
      <p class="lead">
        {ballot.electionName}, {ballot.electionDate} · {ballot.jurisdictionName}
      </p>
      {returned ? (
        <div class="notice notice-success">
          <p>{t(lang, 'web.packet.returned')}</p>
        </div>
      ) : null}
      <p>
        <a class="button" href={`/api/v1/ballots/${ballot.ballotId}/packet?${q}`} download>
          {t(lang, 'web.packet.download', { pages: ballot.pageCount, paper: ballot.paperSize })}
        </a>
      </p>
      <h2>{t(lang, 'web.packet.whatToDo')}</h2>
      <ol>
        <li>{t(lang, 'web.packet.step1')}</li>
        <li>{t(lang, 'web.packet.step2')}</li>
        <li>{t(lang, 'web.packet.step3')}</li>
        <li>{t(lang, 'web.packet.step4')}</li>
      </ol>
      <h2>{t(lang, 'marking.link')}</h2>
      <p>
        <a href={`/ballot/${ballot.ballotId}/mark?${q}`}>{t(lang, 'marking.link')}</a>
        {t(lang, 'marking.linkText')}
      </p>
      <h2>{t(lang, 'web.packet.screenReader')}</h2>
      <p>
        <a href={`/ballot/${ballot.ballotId}/accessible?${q}`}>{t(lang, 'web.packet.accessibleLink')}</a>
        {t(lang, 'web.packet.accessibleText')}
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
        {ballot.contests.length} contests of your paper ballot in the same order. To vote on this device, use
        the marking page below; or mark your choices on the printed ballot with a pen.
      </p>
      <p>
        <a href={`/ballot/${ballot.ballotId}/mark?token=${encodeURIComponent(token)}`}>
          {t('en', 'marking.link')}
        </a>
        {t('en', 'marking.linkText')}
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
