import {
  BALLOT_REJECTION_TYPES,
  CURABLE_REASONS,
  REASON_CODES,
  RETURN_METHODS,
  requestReasonWords,
  type BallotStatus,
  type ElectionDashboard,
  type MoveActCounts,
  type MoveActStatus,
} from '@uocava/domain';
import { Csrf, ErrorSummary, Notice, SelectField, TextField, type FieldErrors } from '../components';
import { countryName } from '../countries';
import { VOTER_CLASS_LABELS, DELIVERY_LABELS } from '../voter/request.page';
import type { PacketMismatchAlert } from '@uocava/database';
import type { ReviewItem } from '../../review/review.service';

export function SignInPage({ error, next }: { error?: string; next?: string }) {
  const errors: FieldErrors = error ? { key: error } : {};
  return (
    <>
      <ErrorSummary errors={errors} />
      <h1>Sign in to your election office</h1>
      <p>Use the office key you were given. It is never shown again after you type it.</p>
      <form method="post" action="/office/sign-in" data-validate>
        <input type="hidden" name="next" value={next ?? '/office'} />
        <TextField
          name="key"
          type="password"
          label="Office key"
          hint="It starts with uk_"
          autocomplete="current-password"
          required
          error={error}
          spellcheck={false}
          invalidMessage="Enter your office key"
          autofocus
        />
        <button type="submit" class="button">
          Sign in
        </button>
      </form>
    </>
  );
}

export interface ElectionChoice {
  electionId: string;
  name: string;
  date: string;
  federal: boolean;
}

function ElectionPicker({
  elections,
  current,
  action,
}: {
  elections: ElectionChoice[];
  current?: string;
  action: string;
}) {
  if (elections.length < 2) return null;
  return (
    <form method="get" action={action} class="no-print">
      <SelectField
        name="election"
        label="Election"
        required
        value={current}
        options={elections.map((e) => ({ value: e.electionId, label: `${e.name} (${e.date})` }))}
      />
      <button type="submit" class="button secondary">
        Show
      </button>
    </form>
  );
}

const MOVE_LABELS: Record<MoveActStatus, string> = {
  'on-time': 'Sent on time',
  due: 'Still to send',
  'at-risk': 'At risk (due within 2 days)',
  late: 'Late',
};

/** Returns per day as a small bar chart (inline SVG, no script), with the numbers in a table too. */
function ReturnsChart({ days }: { days: Array<{ day: string; returned: number }> }) {
  if (days.length === 0) return <p>No returned ballots yet.</p>;
  const max = Math.max(...days.map((d) => d.returned), 1);
  const barW = 28;
  const gap = 10;
  const h = 140;
  const width = days.length * (barW + gap) + gap;
  return (
    <figure>
      <svg
        class="chart"
        role="img"
        aria-labelledby="returns-chart-title"
        viewBox={`0 0 ${width} ${h + 40}`}
        width={width}
        height={h + 40}
      >
        <title id="returns-chart-title">
          Returned ballots per day: {days.map((d) => `${d.day}: ${d.returned}`).join(', ')}
        </title>
        {days.map((d, i) => {
          const bh = Math.round((d.returned / max) * h);
          const x = gap + i * (barW + gap);
          return (
            <g key={d.day}>
              <rect class="bar" x={x} y={h - bh + 14} width={barW} height={bh} />
              <text x={x + barW / 2} y={h - bh + 10} text-anchor="middle">
                {d.returned}
              </text>
              <text x={x + barW / 2} y={h + 32} text-anchor="middle">
                {d.day.slice(5)}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <details>
          <summary>Returned ballots per day as a table</summary>
          <table>
            <thead>
              <tr>
                <th scope="col">Day</th>
                <th scope="col" class="num">
                  Returned
                </th>
              </tr>
            </thead>
            <tbody>
              {days.map((d) => (
                <tr key={d.day}>
                  <td>{d.day}</td>
                  <td class="num">{d.returned}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </details>
      </figcaption>
    </figure>
  );
}

function Counts({
  title,
  counts,
  label,
}: {
  title: string;
  counts: Record<string, number>;
  label?: (k: string) => string;
}) {
  const entries = Object.entries(counts).filter(([, n]) => n > 0);
  return (
    <div class="table-wrap">
      <table>
        <caption>{title}</caption>
        <tbody>
          {entries.length === 0 ? (
            <tr>
              <td>None yet</td>
            </tr>
          ) : (
            entries.map(([k, n]) => (
              <tr key={k}>
                <th scope="row">{label ? label(k) : k}</th>
                <td class="num">{n}</td>
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}

export interface OverviewData {
  elections: ElectionChoice[];
  election?: ElectionChoice;
  moveAct?: {
    day45: string;
    today: string;
    total: number;
    byStatus: MoveActCounts;
    officeTargetDays: number;
  };
  dashboard?: ElectionDashboard & { fwabs: Record<string, number> };
  returnsPerDay: Array<{ day: string; returned: number }>;
  reviewWaiting: number;
  workQueue: number;
  /** packets that did not reproduce under the same inputs and renderer, not yet acknowledged */
  packetAlerts: PacketMismatchAlert[];
  csrf: string;
  canAcknowledge: boolean;
}

/**
 * Packets that did not reproduce on download although nothing they depend on changed: the voter got
 * the re-issued packet, but the renderer has a defect the office should report.
 */
function PacketAlerts({
  alerts,
  csrf,
  canAcknowledge,
}: {
  alerts: PacketMismatchAlert[];
  csrf: string;
  canAcknowledge: boolean;
}) {
  if (alerts.length === 0) return null;
  return (
    <div class="notice notice-warning" role="alert" data-packet-alerts>
      <h2 class="notice-title">
        {alerts.length === 1 ? '1 ballot packet' : `${alerts.length} ballot packets`} did not reproduce
      </h2>
      <p>
        On download, these packets came out different from the ones issued, although the election, the
        voter&rsquo;s details and the software were unchanged. Each voter was given the packet again (same
        ballot, new file, recorded on the transparency log). Please report it to your platform operator with
        the ballot ids.
      </p>
      <ul>
        {alerts.map((a) => (
          <li key={a.regenerationId}>
            Ballot <code>{a.ballotId}</code>, {a.regeneratedAt.slice(0, 16).replace('T', ' ')} UTC
            {canAcknowledge ? (
              <form
                method="post"
                action={`/office/packet-alerts/${a.regenerationId}/acknowledge`}
                class="inline"
              >
                <Csrf token={csrf} />
                <button type="submit" class="button secondary">
                  Acknowledge<span class="visually-hidden"> the alert for ballot {a.ballotId}</span>
                </button>
              </form>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}

export function OverviewPage({ data }: { data: OverviewData }) {
  const { election, moveAct, dashboard: d } = data;
  return (
    <>
      <h1>Overview</h1>
      <PacketAlerts alerts={data.packetAlerts} csrf={data.csrf} canAcknowledge={data.canAcknowledge} />
      <ElectionPicker elections={data.elections} current={election?.electionId} action="/office" />
      {election === undefined ? (
        <Notice title="No election yet">
          <p>
            Define an election (NIST SP 1500-20 ballot definition) through the office API to see its figures.
          </p>
        </Notice>
      ) : (
        <>
          <p class="lead">
            {election.name}, {election.date}
          </p>
          <ul class="cards">
            <li class="card">
              <span class="big">{data.reviewWaiting}</span> requests to review{' '}
              <a href="/office/review">
                Review<span class="visually-hidden"> requests</span>
              </a>
            </li>
            <li class="card">
              <span class="big">{data.workQueue}</span> ballots to send by mail or fax{' '}
              <a href="/office/work-queue">
                Open<span class="visually-hidden"> the mail and fax queue</span>
              </a>
            </li>
            <li class="card">
              <span class="big">{d?.ballots.returned ?? 0}</span> ballots returned
            </li>
            <li class="card">
              <span class="big">{d?.ballots.accepted ?? 0}</span> accepted,{' '}
              <span>{d?.ballots.rejected ?? 0} rejected</span>
            </li>
          </ul>
          {moveAct && election.federal ? (
            <>
              <h2>45-day rule (MOVE Act)</h2>
              <p>
                Requests received by day 45 ({moveAct.day45}) must be sent by then; later ones within{' '}
                {moveAct.officeTargetDays} days. Status on {moveAct.today}:
              </p>
              <ul class="cards" data-move-act>
                {(Object.keys(MOVE_LABELS) as MoveActStatus[]).map((s) => (
                  <li class="card" key={s} data-move-status={s}>
                    <span class="big">{moveAct.byStatus[s]}</span> {MOVE_LABELS[s]}
                  </li>
                ))}
              </ul>
            </>
          ) : null}
          <h2>Returns per day</h2>
          <ReturnsChart days={data.returnsPerDay} />
          {d ? (
            <>
              <h2>Counts</h2>
              <div class="side-by-side">
                <Counts title="Requests by status" counts={d.byRequestStatus as Record<string, number>} />
                <Counts
                  title="Requests by voter category"
                  counts={d.byVoterClass as Record<string, number>}
                  label={(k) => VOTER_CLASS_LABELS[k as keyof typeof VOTER_CLASS_LABELS] ?? k}
                />
                <Counts
                  title="Requests by delivery"
                  counts={d.byDeliveryMethod as Record<string, number>}
                  label={(k) => DELIVERY_LABELS[k as keyof typeof DELIVERY_LABELS]?.split(':')[0] ?? k}
                />
                <Counts title="Requests by country" counts={d.byMailingCountry} label={countryName} />
                <Counts title="Ballots by status" counts={d.ballots.byStatus as Record<string, number>} />
                <Counts
                  title="Returned ballots"
                  counts={{ 'On time': d.ballots.returnedOnTime, Late: d.ballots.returnedLate }}
                />
                <Counts
                  title="Rejected, by reason"
                  counts={d.ballots.rejectedByReason as Record<string, number>}
                />
                <Counts title="Federal write-in ballots (FWAB)" counts={d.fwabs} />
              </div>
            </>
          ) : null}
        </>
      )}
    </>
  );
}

function Flash({ message }: { message?: string }) {
  return message ? (
    <div class="notice notice-success" role="status" tabindex={-1} data-focus>
      <p>{message}</p>
    </div>
  ) : null;
}

export function ReviewPage({
  items,
  csrf,
  canDecide,
  flash,
}: {
  items: ReviewItem[];
  csrf: string;
  canDecide: boolean;
  flash?: string;
}) {
  return (
    <>
      <Flash message={flash} />
      <h1>Requests to review</h1>
      <p>
        {items.length === 0
          ? 'Nothing waits for review.'
          : `${items.length} request${items.length === 1 ? '' : 's'} need${items.length === 1 ? 's' : ''} a person, oldest first.`}
      </p>
      {items.map((item) => {
        const r = item.request;
        const name = [r.name.first, r.name.middle, r.name.last, r.name.suffix].filter(Boolean).join(' ');
        return (
          <section class="review-item" key={item.requestId} aria-labelledby={`req-${item.requestId}`}>
            <h2 id={`req-${item.requestId}`}>
              {name} <span class="muted code">{item.trackingCode}</span>
            </h2>
            <ul>
              {item.reasons.map((reason) => (
                <li key={reason.code}>{reason.description}</li>
              ))}
            </ul>
            <div class="side-by-side">
              <div>
                <h3>The request</h3>
                <dl class="summary-list">
                  <div class="summary-row">
                    <dt>Date of birth</dt>
                    <dd>{r.dateOfBirth}</dd>
                  </div>
                  <div class="summary-row">
                    <dt>Identification</dt>
                    <dd>
                      {r.identification.type}
                      {'value' in r.identification ? `: ${r.identification.value}` : ''}
                    </dd>
                  </div>
                  <div class="summary-row">
                    <dt>Voting residence</dt>
                    <dd>
                      {r.votingResidence.street}, {r.votingResidence.city}, {r.votingResidence.state}{' '}
                      {r.votingResidence.zip}
                    </dd>
                  </div>
                  <div class="summary-row">
                    <dt>Received</dt>
                    <dd>{item.receivedAt.slice(0, 16).replace('T', ' ')} UTC</dd>
                  </div>
                </dl>
              </div>
              <div>
                <h3>On the roll, same date of birth</h3>
                {item.candidates.length === 0 ? (
                  <p>No voter on the roll has this date of birth.</p>
                ) : (
                  item.candidates.map((c) => (
                    <div key={c.rollRecordId} class="notice">
                      <p>
                        <strong>
                          {c.record.firstName} {c.record.lastName}
                        </strong>{' '}
                        · {c.record.id} · {c.record.status}
                        {c.nameMatches ? ' · same name' : ''}
                      </p>
                      <p>
                        {c.record.residence?.street}, {c.record.residence?.city}
                      </p>
                      {canDecide ? (
                        <form
                          method="post"
                          action={`/office/review/${item.requestId}/approve`}
                          class="inline"
                        >
                          <Csrf token={csrf} />
                          <input type="hidden" name="rollRecordId" value={c.rollRecordId} />
                          <button type="submit" class="button">
                            Approve: this is the voter<span class="visually-hidden"> {c.record.id}</span>
                          </button>
                        </form>
                      ) : null}
                    </div>
                  ))
                )}
              </div>
            </div>
            {canDecide ? (
              <details>
                <summary>Reject this request</summary>
                <form method="post" action={`/office/review/${item.requestId}/reject`}>
                  <Csrf token={csrf} />
                  <SelectField
                    name="reason"
                    label="Reason"
                    required
                    options={REASON_CODES.map((c) => ({ value: c, label: requestReasonWords(c) }))}
                  />
                  <button type="submit" class="button warning">
                    Reject<span class="visually-hidden"> the request of {name}</span>
                  </button>
                </form>
              </details>
            ) : null}
          </section>
        );
      })}
    </>
  );
}

export interface ReturnOutcome {
  ballotId: string;
  status: string;
  timely: boolean;
  alreadyRecorded: boolean;
  lateReason?: string | null;
}

export function ReturnsPage({
  csrf,
  canRecord,
  outcome,
  errors,
  values,
}: {
  csrf: string;
  canRecord: boolean;
  outcome?: ReturnOutcome;
  errors: FieldErrors;
  values: Record<string, string>;
}) {
  return (
    <>
      <ErrorSummary errors={errors} />
      {outcome ? (
        <div
          class={`notice ${outcome.timely ? 'notice-success' : 'notice-warning'}`}
          role="status"
          tabindex={-1}
          data-return-outcome={outcome.timely ? 'on-time' : 'late'}
        >
          <p>
            <strong>
              {outcome.alreadyRecorded ? 'Already recorded: ' : 'Recorded: '}
              ballot <span class="code">{outcome.ballotId}</span>
            </strong>{' '}
            — {outcome.timely ? 'on time' : `late${outcome.lateReason ? ` (${outcome.lateReason})` : ''}`}.
          </p>
          <p>
            <a href="/office/ballots">Decide on returned ballots</a>
          </p>
        </div>
      ) : null}
      <h1>Returned envelopes</h1>
      {canRecord ? (
        <form method="post" action="/office/returns" data-validate>
          <Csrf token={csrf} />
          <TextField
            name="barcode"
            label="Envelope barcode or ballot id"
            hint="Scan the barcode on the return envelope: the scanner presses Enter for you."
            required
            value=""
            error={errors.barcode}
            spellcheck={false}
            autofocus
            autocomplete="off"
            invalidMessage="Scan the envelope barcode or type the ballot id"
          />
          <SelectField
            name="method"
            label="How it arrived"
            required
            value={values.method ?? 'mail'}
            error={errors.method}
            options={RETURN_METHODS.map((m) => ({ value: m, label: m }))}
          />
          <TextField
            name="postmarkDate"
            type="date"
            label="Postmark date"
            hint="If the envelope has one"
            width="medium"
            value={values.postmarkDate ?? ''}
            error={errors.postmarkDate}
          />
          <button type="submit" class="button">
            Record the return
          </button>
        </form>
      ) : (
        <p>Your role can see returns but not record them.</p>
      )}
    </>
  );
}

export interface DecisionBallot {
  ballotId: string;
  status: BallotStatus;
  electionName: string;
  returnedAt: string | null;
  returnMethod: string | null;
  timely: boolean | null;
  cureDeadline: string | null;
  trackingCode: string;
}

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
            <details>
              <summary>Reject this ballot</summary>
              <form method="post" action={`/office/ballots/${b.ballotId}/reject`}>
                <Csrf token={csrf} />
                <SelectField
                  name="reason"
                  label="Reason (EAVS Section B)"
                  required
                  options={BALLOT_REJECTION_TYPES.map((r) => ({ value: r, label: r }))}
                />
                <button type="submit" class="button warning">
                  Reject<span class="visually-hidden"> ballot {b.ballotId}</span>
                </button>
              </form>
            </details>
          ) : null}
        </section>
      ))}
    </>
  );
}

export interface QueueItem {
  ballotId: string;
  deliveryMethod: string;
  mailingCountry: string;
  paperSize: string;
  pageCount: number;
  generatedAt: string;
}

export function WorkQueuePage({
  items,
  csrf,
  canAct,
  flash,
  today,
}: {
  items: QueueItem[];
  csrf: string;
  canAct: boolean;
  flash?: string;
  today: string;
}) {
  return (
    <>
      <Flash message={flash} />
      <h1>Ballots to send by mail or fax</h1>
      {items.length === 0 ? (
        <p>Nothing to send.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Ballot</th>
                <th scope="col">By</th>
                <th scope="col">To</th>
                <th scope="col">Paper</th>
                <th scope="col">Ready since</th>
                {canAct ? <th scope="col">Sent</th> : null}
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.ballotId}>
                  <td class="code">{i.ballotId.slice(0, 8)}</td>
                  <td>{i.deliveryMethod}</td>
                  <td>{countryName(i.mailingCountry)}</td>
                  <td>
                    {i.paperSize}, {i.pageCount} pages
                  </td>
                  <td>{i.generatedAt.slice(0, 10)}</td>
                  {canAct ? (
                    <td>
                      <form method="post" action={`/office/work-queue/${i.ballotId}/transmitted`}>
                        <Csrf token={csrf} />
                        <input type="hidden" name="method" value={i.deliveryMethod} />
                        <label class="visually-hidden" for={`sent-${i.ballotId}`}>
                          Date sent for ballot {i.ballotId}
                        </label>
                        <input
                          class="input medium"
                          type="date"
                          id={`sent-${i.ballotId}`}
                          name="transmittedOn"
                          value={today}
                          required
                        />{' '}
                        <button type="submit" class="button secondary">
                          Mark sent<span class="visually-hidden"> (ballot {i.ballotId})</span>
                        </button>
                      </form>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

export function ReportsPage({ elections, canAudit }: { elections: ElectionChoice[]; canAudit: boolean }) {
  return (
    <>
      <h1>Reports</h1>
      {elections.length === 0 ? <p>No election yet.</p> : null}
      {elections.map((e) => (
        <section key={e.electionId}>
          <h2>
            {e.name} ({e.date})
          </h2>
          <ul>
            <li>
              <a href={`/office/reports/${e.electionId}/eavs-section-b.csv`} download>
                EAVS Section B UOCAVA transactions (CSV)<span class="visually-hidden">, {e.name}</span>
              </a>
            </li>
            <li>
              <a href={`/office/reports/${e.electionId}/event-log.json`} download>
                Event log, NIST SP 1500-101 (JSON)<span class="visually-hidden">, {e.name}</span>
              </a>
            </li>
          </ul>
        </section>
      ))}
      {canAudit ? (
        <>
          <h2>Audit trail</h2>
          <p>
            <a href="/office/reports/audit-log.csv" download>
              Every staff action (CSV)
            </a>
          </p>
        </>
      ) : null}
    </>
  );
}
