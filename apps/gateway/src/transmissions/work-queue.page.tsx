import type { MailFaxItem } from '@uocava/database';
import { utcDateOf } from '@uocava/domain';
import { Csrf } from '../web/components';
import { countryName } from '../web/countries';

import { Flash } from '../web/office/office-components';

export function WorkQueuePage({
  items,
  csrf,
  canAct,
  flash,
  today,
}: {
  items: MailFaxItem[];
  csrf: string;
  canAct: boolean;
  flash?: string;
  today: string;
}) {
  return (
    <>
      <Flash message={flash} />
      <h1>Ballots to send by mail or fax</h1>
      <p>
        Print mail ballots in <a href="/office/print-batches">print batches</a> (one PDF in mailing order with
        the envelopes); download a fax ballot&rsquo;s packet here, fax it, then mark it sent.
      </p>
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
                  <td>{utcDateOf(i.generatedAt)}</td>
                  {canAct ? (
                    <td>
                      {i.deliveryMethod === 'fax' ? (
                        <p>
                          <a class="button secondary" href={`/office/work-queue/${i.ballotId}/packet`}>
                            Download packet to fax<span class="visually-hidden"> (ballot {i.ballotId})</span>
                          </a>
                        </p>
                      ) : null}
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
