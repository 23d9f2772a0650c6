import { type ElectionChoice } from '../web/office/office-components';

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
