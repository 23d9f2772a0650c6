import { RETURN_METHODS } from '@uocava/domain';
import { Csrf, ErrorSummary, SelectField, TextField, type FieldErrors } from '../web/components';

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
