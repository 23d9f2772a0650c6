import { REASON_CODES, requestReasonWords } from '@uocava/domain';
import { Csrf } from '../web/components';

import type { ReviewItem } from '../review/review.service';
import { Flash, RejectForm } from '../web/office/office-components';

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
            {canDecide && item.candidates.every((c) => !c.nameMatches) ? (
              <details class="register-voter">
                <summary>Register this voter from the FPCA and approve</summary>
                <p>
                  The FPCA is also a registration application. Give the state voter id the voter is registered
                  under; the roll record is made from the request.
                </p>
                <form method="post" action={`/office/review/${item.requestId}/register`}>
                  <Csrf token={csrf} />
                  <label for={`sv-${item.requestId}`}>State voter id</label>
                  <input
                    id={`sv-${item.requestId}`}
                    name="stateVoterId"
                    required
                    maxLength={50}
                    pattern="[A-Za-z0-9-]{1,50}"
                    autocomplete="off"
                  />
                  <label for={`pr-${item.requestId}`}>Precinct (optional)</label>
                  <input id={`pr-${item.requestId}`} name="precinct" maxLength={100} autocomplete="off" />
                  <button type="submit" class="button">
                    Register and approve<span class="visually-hidden"> the request of {name}</span>
                  </button>
                </form>
              </details>
            ) : null}
            {canDecide ? (
              <RejectForm
                summary="Reject this request"
                action={`/office/review/${item.requestId}/reject`}
                csrf={csrf}
                label="Reason"
                options={REASON_CODES.map((c) => ({ value: c, label: requestReasonWords(c) }))}
                what={`the request of ${name}`}
              />
            ) : null}
          </section>
        );
      })}
    </>
  );
}
