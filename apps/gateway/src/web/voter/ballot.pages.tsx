/** The voter's ballot pages behind the packet link: the packet download and the accessible ballot. */
import {
  formatDate,
  localizeContests,
  t,
  type Contest,
  type Language,
  type MeasureChoice,
} from '@uocava/domain';
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
        {ballot.electionName}, {formatDate(lang, ballot.electionDate)} · {ballot.jurisdictionName}
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

function ContestView({ contest, n, lang }: { contest: Contest; n: number; lang: Language }) {
  const id = `contest-${n}`;
  return (
    <section class="ballot-contest" aria-labelledby={id}>
      <h2 id={id}>{contest.title}</h2>
      {contest.subtitle ? <p>{contest.subtitle}</p> : null}
      {contest.kind === 'candidate' ? (
        <>
          <p>
            <strong>{t(lang, 'web.ballot.voteFor', { count: contest.voteFor })}</strong>
          </p>
          <ul>
            {contest.candidates.map((c) => (
              <li key={c.id}>
                {c.candidateNames.join(t(lang, 'web.ballot.and'))}
                {c.partyNames.length ? `, ${c.partyNames.join(', ')}` : ''}
              </li>
            ))}
            {Array.from({ length: contest.writeIns }, (_, i) => (
              <li key={`w${i}`}>{t(lang, 'web.ballot.writeIn')}</li>
            ))}
          </ul>
        </>
      ) : contest.kind === 'measure' ? (
        <>
          {contest.summary ? <p>{contest.summary}</p> : null}
          <p>{contest.fullText}</p>
          <p>
            <strong>{t(lang, 'web.ballot.chooseOne')}</strong>
          </p>
          <OptionList options={contest.options} />
        </>
      ) : (
        <>
          <p>
            <strong>{t(lang, 'web.ballot.voteFor', { count: contest.voteFor })}</strong>
          </p>
          <OptionList options={contest.options} />
        </>
      )}
    </section>
  );
}

export function AccessibleBallotPage({
  ballot,
  token,
  lang = 'en',
}: {
  ballot: OpenedBallot;
  token: string;
  lang?: Language;
}) {
  return (
    <>
      <h1>{t(lang, 'web.ballot.heading', { election: ballot.electionName })}</h1>
      <p>
        {t(lang, 'web.ballot.intro', {
          jurisdiction: ballot.jurisdictionName,
          date: formatDate(lang, ballot.electionDate),
          count: ballot.contests.length,
        })}
      </p>
      <p>
        <a href={`/ballot/${ballot.ballotId}/mark?token=${encodeURIComponent(token)}`}>
          {t(lang, 'marking.link')}
        </a>
        {t(lang, 'marking.linkText')}
      </p>
      {/* the definition's words in the page language where it has them, else English */}
      {localizeContests(ballot.contests, [lang]).map((c, i) => (
        <ContestView contest={c} n={i + 1} key={c.id} lang={lang} />
      ))}
      <p>
        <a href={`/ballot/${ballot.ballotId}?token=${encodeURIComponent(token)}`}>
          {t(lang, 'web.ballot.back')}
        </a>
      </p>
    </>
  );
}
