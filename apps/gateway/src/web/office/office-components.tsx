import { Csrf, SelectField } from '../components';

export interface ElectionChoice {
  electionId: string;
  name: string;
  date: string;
  federal: boolean;
}

export function ElectionPicker({
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

export function Flash({ message }: { message?: string }) {
  return message ? (
    <div class="notice notice-success" role="status" tabindex={-1} data-focus>
      <p>{message}</p>
    </div>
  ) : null;
}

/** The elections an office page offers to choose from. */
export function electionChoices(
  elections: ReadonlyArray<{ electionId: string; name: string; date: string; federal: boolean }>,
): ElectionChoice[] {
  return elections.map((e) => ({ electionId: e.electionId, name: e.name, date: e.date, federal: e.federal }));
}

/** A disclosed form that rejects (cancels, reissues) one item for one reason from a list. */
export function RejectForm({
  summary,
  action,
  csrf,
  label,
  options,
  what,
  button = 'Reject',
}: {
  summary: string;
  action: string;
  csrf: string;
  label: string;
  options: { value: string; label: string }[];
  /** for screen readers: what the button rejects */
  what: string;
  /** the button's words (default `Reject`) */
  button?: string;
}) {
  return (
    <details>
      <summary>{summary}</summary>
      <form method="post" action={action}>
        <Csrf token={csrf} />
        <SelectField name="reason" label={label} required options={options} />
        <button type="submit" class="button warning">
          {button}
          <span class="visually-hidden"> {what}</span>
        </button>
      </form>
    </details>
  );
}
