import type { ComponentChildren } from 'preact';
import { t, type Language } from '@uocava/domain';

/** Messages of the fields with problems, by form field name. */
export type FieldErrors = Record<string, string>;

/** A stable element id for a form field name (`name.first` -> `f-name-first`). */
export function fieldId(name: string): string {
  return `f-${name.replace(/[^A-Za-z0-9]+/g, '-').replace(/-$/, '')}`;
}

function describedBy(id: string, hint: boolean, error: boolean): string | undefined {
  const ids = [hint ? `${id}-hint` : '', error ? `${id}-error` : ''].filter(Boolean).join(' ');
  return ids || undefined;
}

function Hint({ id, children }: { id: string; children?: ComponentChildren }) {
  return children ? (
    <div id={`${id}-hint`} class="hint">
      {children}
    </div>
  ) : null;
}

function ErrorMessage({ id, error, lang = 'en' }: { id: string; error?: string; lang?: Language }) {
  return error ? (
    <p id={`${id}-error`} class="error-message">
      <span class="visually-hidden">{t(lang, 'web.errorPrefix')}</span>
      {error}
    </p>
  ) : null;
}

/**
 * The list of problems at the top of a form (linked to each field), announced when the page
 * loads: the page script moves focus to it.
 */
export function ErrorSummary({
  errors,
  order,
  lang = 'en',
}: {
  errors: FieldErrors;
  order?: string[];
  lang?: Language;
}) {
  const names = Object.keys(errors);
  if (names.length === 0) return null;
  const sorted = order ? [...names].sort((a, b) => rank(order, a) - rank(order, b)) : names;
  return (
    <div class="error-summary" role="alert" aria-labelledby="error-summary-title" tabindex={-1} data-focus>
      <h2 id="error-summary-title">{t(lang, 'web.errorSummary')}</h2>
      <ul>
        {sorted.map((name) => (
          <li key={name}>
            <a href={`#${fieldId(name)}`}>{errors[name]}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function rank(order: string[], name: string): number {
  const i = order.indexOf(name);
  return i < 0 ? order.length : i;
}

/** "(optional)" after a label, in the page language. */
function Optional({ lang = 'en' }: { lang?: Language }) {
  return <span class="optional"> {t(lang, 'web.request.optional')}</span>;
}

/**
 * The words the page script (client/forms.ts) uses when the browser finds a problem before
 * sending, in the page language: attributes of a `form[data-validate]` (`{name}` is the label).
 */
export function clientMessages(lang: Language): Record<string, string> {
  return {
    'data-msg-summary': t(lang, 'web.errorSummary'),
    'data-msg-prefix': t(lang, 'web.errorPrefix'),
    'data-msg-missing': t(lang, 'web.client.missing', { name: '{name}' }),
    'data-msg-too-long': t(lang, 'web.client.tooLong', { name: '{name}' }),
    'data-msg-check': t(lang, 'web.client.check', { name: '{name}' }),
    'data-msg-field': t(lang, 'web.client.field'),
    'data-msg-optional': t(lang, 'web.request.optional'),
  };
}

export interface TextFieldProps {
  name: string;
  /** the page's language (for the hidden "Error:" of a problem) */
  lang?: Language;
  label: ComponentChildren;
  hint?: ComponentChildren;
  value?: string;
  error?: string;
  type?: 'text' | 'email' | 'tel' | 'date' | 'password';
  autocomplete?: string;
  inputMode?: 'text' | 'numeric' | 'email' | 'tel';
  required?: boolean;
  maxLength?: number;
  minLength?: number;
  pattern?: string;
  width?: 'short' | 'medium' | 'long';
  spellcheck?: boolean;
  autofocus?: boolean;
  /** the message the page script shows when the browser's own checks fail */
  invalidMessage?: string;
  min?: string;
  max?: string;
  /** false: no "(optional)" after the label of a field that is needed only in some cases */
  markOptional?: boolean;
}

export function TextField(p: TextFieldProps) {
  const id = fieldId(p.name);
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <label for={id} class="label">
        {p.label}
        {p.required || p.markOptional === false ? null : <Optional lang={p.lang} />}
      </label>
      <Hint id={id}>{p.hint}</Hint>
      <ErrorMessage id={id} error={p.error} lang={p.lang} />
      <input
        id={id}
        name={p.name}
        type={p.type ?? 'text'}
        class={`input ${p.width ?? 'long'}`}
        value={p.value ?? ''}
        autocomplete={p.autocomplete ?? 'off'}
        inputMode={p.inputMode}
        required={p.required}
        maxLength={p.maxLength}
        minLength={p.minLength}
        pattern={p.pattern}
        min={p.min}
        max={p.max}
        spellcheck={p.spellcheck}
        autofocus={p.autofocus}
        aria-describedby={describedBy(id, Boolean(p.hint), Boolean(p.error))}
        aria-invalid={p.error ? 'true' : undefined}
        data-invalid-message={p.invalidMessage}
      />
    </div>
  );
}

export interface Option {
  value: string;
  label: string;
  hint?: string;
}

export function SelectField(p: {
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  options: Option[];
  groups?: Array<{ label: string; options: Option[] }>;
  value?: string;
  error?: string;
  required?: boolean;
  placeholder?: string;
  autocomplete?: string;
  invalidMessage?: string;
  lang?: Language;
}) {
  const id = fieldId(p.name);
  const option = (o: Option) => (
    <option key={o.value} value={o.value} selected={o.value === p.value}>
      {o.label}
    </option>
  );
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <label for={id} class="label">
        {p.label}
        {p.required ? null : <Optional lang={p.lang} />}
      </label>
      <Hint id={id}>{p.hint}</Hint>
      <ErrorMessage id={id} error={p.error} lang={p.lang} />
      <select
        id={id}
        name={p.name}
        class="select"
        required={p.required}
        autocomplete={p.autocomplete}
        aria-describedby={describedBy(id, Boolean(p.hint), Boolean(p.error))}
        aria-invalid={p.error ? 'true' : undefined}
        data-invalid-message={p.invalidMessage}
      >
        <option value="">{p.placeholder ?? t(p.lang ?? 'en', 'web.choose')}</option>
        {p.options.map(option)}
        {(p.groups ?? []).map((g) => (
          <optgroup key={g.label} label={g.label}>
            {g.options.map(option)}
          </optgroup>
        ))}
      </select>
    </div>
  );
}

/** Radio buttons in a fieldset; `conditional` content shows under the option it belongs to. */
export function RadioGroup(p: {
  name: string;
  legend: ComponentChildren;
  hint?: ComponentChildren;
  options: Option[];
  value?: string;
  error?: string;
  required?: boolean;
  conditional?: Record<string, ComponentChildren>;
  invalidMessage?: string;
  lang?: Language;
}) {
  const id = fieldId(p.name);
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <fieldset
        class="fieldset"
        aria-describedby={describedBy(id, Boolean(p.hint), Boolean(p.error))}
        id={`${id}-group`}
      >
        <legend class="legend">{p.legend}</legend>
        <Hint id={id}>{p.hint}</Hint>
        <ErrorMessage id={id} error={p.error} lang={p.lang} />
        <div class="radios">
          {p.options.map((o, i) => {
            const optionId = i === 0 ? id : `${id}-${i}`;
            const extra = p.conditional?.[o.value];
            return (
              <div class="radio" key={o.value}>
                <input
                  type="radio"
                  id={optionId}
                  name={p.name}
                  value={o.value}
                  checked={p.value === o.value}
                  required={p.required}
                  aria-describedby={o.hint ? `${optionId}-hint` : undefined}
                  data-reveals={extra ? `${optionId}-more` : undefined}
                  data-invalid-message={i === 0 ? p.invalidMessage : undefined}
                />
                <label for={optionId} class="radio-label">
                  {o.label}
                </label>
                {o.hint ? (
                  <div id={`${optionId}-hint`} class="hint radio-hint">
                    {o.hint}
                  </div>
                ) : null}
                {extra ? (
                  <div id={`${optionId}-more`} class="conditional">
                    {extra}
                  </div>
                ) : null}
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Checkbox(p: {
  name: string;
  label: ComponentChildren;
  hint?: ComponentChildren;
  checked?: boolean;
  error?: string;
  required?: boolean;
  invalidMessage?: string;
  lang?: Language;
}) {
  const id = fieldId(p.name);
  return (
    <div class={`field${p.error ? ' field-error' : ''}`}>
      <ErrorMessage id={id} error={p.error} lang={p.lang} />
      <div class="checkbox">
        <input
          type="checkbox"
          id={id}
          name={p.name}
          value="yes"
          checked={p.checked}
          required={p.required}
          aria-describedby={describedBy(id, Boolean(p.hint), Boolean(p.error))}
          aria-invalid={p.error ? 'true' : undefined}
          data-invalid-message={p.invalidMessage}
        />
        <label for={id} class="checkbox-label">
          {p.label}
        </label>
        <Hint id={id}>{p.hint}</Hint>
      </div>
    </div>
  );
}

/** A read-only list of label/value rows. */
export function SummaryList({ rows }: { rows: Array<[string, ComponentChildren]> }) {
  return (
    <dl class="summary-list">
      {rows.map(([k, v]) => (
        <div class="summary-row" key={k}>
          <dt>{k}</dt>
          <dd>{v}</dd>
        </div>
      ))}
    </dl>
  );
}

export function Notice({
  kind = 'info',
  title,
  children,
}: {
  kind?: 'info' | 'success' | 'warning';
  title?: string;
  children?: ComponentChildren;
}) {
  return (
    <div class={`notice notice-${kind}`} role={kind === 'info' ? undefined : 'status'}>
      {title ? <h2 class="notice-title">{title}</h2> : null}
      {children}
    </div>
  );
}

/** A hidden field with the session's anti-forgery token, in every office form that changes something. */
export function Csrf({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
