import { type ElectionDashboard, type MoveActCounts, type MoveActStatus } from '@uocava/domain';
import { Csrf, Notice } from '../components';
import { countryName } from '../countries';
import { VOTER_CLASS_LABELS, DELIVERY_LABELS } from '../voter/request-labels';
import type { HeldPacket, PacketMismatchAlert } from '@uocava/database';
import type { ElectionAtAGlance } from '../../elections-overview/elections-overview.service';

import { ElectionPicker, type ElectionChoice } from './office-components';

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

/**
 * Every election the office is working on, side by side (this year's and next year's): one row each,
 * linking to its details below.
 */
function ElectionsAtAGlance({ rows, current }: { rows: ElectionAtAGlance[]; current?: string }) {
  if (rows.length < 2) return null;
  return (
    <div class="table-wrap" data-elections-overview>
      <table>
        <caption>Current elections</caption>
        <thead>
          <tr>
            <th scope="col">Election</th>
            <th scope="col">Date</th>
            <th scope="col" class="num">
              Requests
            </th>
            <th scope="col" class="num">
              Ballots sent
            </th>
            <th scope="col" class="num">
              Returned
            </th>
            <th scope="col" class="num">
              Accepted
            </th>
            <th scope="col" class="num">
              Rejected
            </th>
            <th scope="col">45-day rule</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((e) => (
            <tr key={e.electionId} data-election={e.electionId}>
              <th scope="row">
                {e.electionId === current ? (
                  <span aria-current="true">{e.name}</span>
                ) : (
                  <a href={`/office?election=${e.electionId}`}>{e.name}</a>
                )}
              </th>
              <td>{e.date}</td>
              <td class="num">{e.requests}</td>
              <td class="num">{e.ballotsSent}</td>
              <td class="num">{e.returned}</td>
              <td class="num">{e.accepted}</td>
              <td class="num">{e.rejected}</td>
              <td data-move-act-summary>
                {e.moveAct === undefined || e.day45 === undefined
                  ? 'Not a federal election'
                  : `Day 45: ${e.day45}. ${e.moveAct.due} to send, ${e.moveAct['at-risk']} at risk, ${e.moveAct.late} late`}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export interface OverviewData {
  elections: ElectionChoice[];
  /** every current election with its headline figures (libs/domain `currentElections`) */
  atAGlance: ElectionAtAGlance[];
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
  /** packets held because the fonts cannot draw some of the voter's text, not yet released */
  heldPackets: HeldPacket[];
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

const codePoints = (chars: string[]): string =>
  chars.map((c) => `U+${(c.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`).join(', ');

/** Packets the ballots app held: the voter's text would print with □ (no font has the characters). */
function HeldPackets({ held, csrf, canRelease }: { held: HeldPacket[]; csrf: string; canRelease: boolean }) {
  if (held.length === 0) return null;
  return (
    <div class="notice notice-warning" role="alert" data-held-packets>
      <h2 class="notice-title">
        {held.length === 1 ? '1 ballot packet is' : `${held.length} ballot packets are`} held before sending
      </h2>
      <p>
        Some characters of these voters&rsquo; names or addresses cannot be printed with the ballot fonts and
        would show as &#9633;. Nothing was sent. Check the voter&rsquo;s record, then release the packet: an
        e-mail or online ballot is sent at once, a mail or fax ballot joins the work queue.
      </p>
      <ul>
        {held.map((h) => (
          <li key={h.ballotId}>
            Ballot <code>{h.ballotId}</code> ({h.deliveryMethod}), characters {codePoints(h.characters)}
            {canRelease ? (
              <form method="post" action={`/office/held-packets/${h.ballotId}/release`} class="inline">
                <Csrf token={csrf} />
                <button type="submit" class="button secondary">
                  Release<span class="visually-hidden"> ballot {h.ballotId}</span>
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
      <HeldPackets held={data.heldPackets} csrf={data.csrf} canRelease={data.canAcknowledge} />
      <ElectionsAtAGlance rows={data.atAGlance} current={election?.electionId} />
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
