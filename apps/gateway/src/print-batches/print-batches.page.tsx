import type { PrintBatchRow } from '@uocava/database';
import { PRINT_BATCH_CANCEL_REASONS, type PrintBatchCancelReason } from '@uocava/domain';
import { Csrf, SelectField, TextField } from '../web/components';
import { Flash, type ElectionChoice } from '../web/office/office-components';

const CANCEL_LABELS: Record<PrintBatchCancelReason, string> = {
  misprint: 'Misprinted',
  'wrong-selection': 'Wrong ballots selected',
  damaged: 'Damaged in handling',
  'not-mailed': 'Will not be mailed',
  other: 'Other reason',
};

/** The clerk's print batches: make one from a filter, download its PDF, mark it sent or cancel it. */
export function PrintBatchesPage({
  batches,
  elections,
  csrf,
  canAct,
  flash,
  today,
}: {
  batches: PrintBatchRow[];
  elections: ElectionChoice[];
  csrf: string;
  canAct: boolean;
  flash?: string;
  today: string;
}) {
  const electionName = new Map(elections.map((e) => [e.electionId, `${e.name} (${e.date})`]));
  return (
    <>
      <Flash message={flash} />
      <h1>Print batches for mail voters</h1>
      <p>
        A batch takes the mail ballots that are ready and not yet sent, in mailing order, each followed by its
        envelope page with the address and the Intelligent Mail barcode. Faxed ballots are on the{' '}
        <a href="/office/work-queue">mail and fax</a> page.
      </p>
      {canAct ? (
        <form method="post" action="/office/print-batches" class="form">
          <Csrf token={csrf} />
          <h2>Make a batch</h2>
          <SelectField
            name="electionId"
            label="Election"
            required
            options={elections.map((e) => ({ value: e.electionId, label: `${e.name} (${e.date})` }))}
          />
          <TextField name="readyFrom" label="Ready on or after" type="date" width="medium" />
          <TextField name="readyTo" label="Ready on or before" max={today} type="date" width="medium" />
          <TextField
            name="country"
            label="Mailed to country"
            hint="Two letters, for example DE; leave empty for every country"
            width="short"
            maxLength={2}
          />
          <button type="submit" class="button">
            Make the batch
          </button>
        </form>
      ) : null}
      <h2>Batches</h2>
      {batches.length === 0 ? (
        <p>No batch yet.</p>
      ) : (
        <div class="table-wrap">
          <table>
            <thead>
              <tr>
                <th scope="col">Batch</th>
                <th scope="col">Election</th>
                <th scope="col">Pieces</th>
                <th scope="col">Made</th>
                <th scope="col">Sent</th>
                {canAct ? <th scope="col">Actions</th> : null}
              </tr>
            </thead>
            <tbody>
              {batches.map((b) => (
                <tr key={b.batchId}>
                  <td class="code">{b.batchId.slice(0, 8)}</td>
                  <td>{electionName.get(b.electionId) ?? b.electionId.slice(0, 8)}</td>
                  <td>{b.pieceCount}</td>
                  <td>{b.createdAt.slice(0, 10)}</td>
                  <td>
                    {b.cancelledAt !== null
                      ? `cancelled ${b.cancelledAt.slice(0, 10)} (${b.cancelReason ?? ''})`
                      : b.sentAt === null
                        ? 'not yet'
                        : b.sentAt.slice(0, 10)}
                  </td>
                  {canAct ? (
                    <td>
                      {b.cancelledAt !== null ? null : (
                        <a class="button secondary" href={`/office/print-batches/${b.batchId}/pdf`}>
                          Download PDF<span class="visually-hidden"> (batch {b.batchId})</span>
                        </a>
                      )}{' '}
                      {b.sentAt === null && b.cancelledAt === null ? (
                        <form method="post" action={`/office/print-batches/${b.batchId}/sent`} class="inline">
                          <Csrf token={csrf} />
                          <label class="visually-hidden" for={`sent-${b.batchId}`}>
                            Date sent for batch {b.batchId}
                          </label>
                          <input
                            class="input medium"
                            type="date"
                            id={`sent-${b.batchId}`}
                            name="sentOn"
                            value={today}
                            required
                          />{' '}
                          <button type="submit" class="button secondary">
                            Mark sent<span class="visually-hidden"> (batch {b.batchId})</span>
                          </button>
                        </form>
                      ) : null}
                      {b.sentAt === null && b.cancelledAt === null ? (
                        <form
                          method="post"
                          action={`/office/print-batches/${b.batchId}/cancel`}
                          class="inline"
                        >
                          <Csrf token={csrf} />
                          <label class="visually-hidden" for={`cancel-${b.batchId}`}>
                            Why batch {b.batchId} is cancelled
                          </label>
                          <select class="input medium" id={`cancel-${b.batchId}`} name="reason" required>
                            {PRINT_BATCH_CANCEL_REASONS.map((r) => (
                              <option value={r}>{CANCEL_LABELS[r]}</option>
                            ))}
                          </select>{' '}
                          <button type="submit" class="button secondary">
                            Cancel batch<span class="visually-hidden"> (batch {b.batchId})</span>
                          </button>
                        </form>
                      ) : null}
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
