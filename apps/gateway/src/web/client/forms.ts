/**
 * Progressive enhancement shared by the voter and office pages. Every page works without it:
 * forms post to the server, which checks everything again and answers with the same messages.
 */

/** Moves focus to the error summary (or a flagged element) so screen readers announce it. */
export function focusFlagged(): void {
  const target = document.querySelector<HTMLElement>('[data-focus]');
  if (target) target.focus();
}

/** Radio buttons with `data-reveals` show the panel of the chosen option only. */
export function conditionalReveals(): void {
  const radios = Array.from(document.querySelectorAll<HTMLInputElement>('input[type=radio][data-reveals]'));
  const update = () => {
    for (const r of radios) {
      const panel = document.getElementById(r.dataset.reveals ?? '');
      if (!panel) continue;
      panel.hidden = !r.checked;
      r.setAttribute('aria-controls', panel.id);
    }
  };
  const names = new Set(radios.map((r) => r.name));
  for (const name of names)
    for (const r of document.querySelectorAll<HTMLInputElement>(
      `input[type=radio][name="${CSS.escape(name)}"]`,
    ))
      r.addEventListener('change', update);
  update();
}

function fieldContainer(el: Element): HTMLElement | null {
  return el.closest<HTMLElement>('.field');
}

/** The form's words in the page language (components.tsx clientMessages), else English. */
function words(form: HTMLFormElement) {
  const d = form.dataset;
  return {
    summary: d.msgSummary ?? 'There is a problem',
    prefix: d.msgPrefix ?? 'Error: ',
    missing: d.msgMissing ?? 'Enter {name}',
    tooLong: d.msgTooLong ?? '{name} is too long',
    check: d.msgCheck ?? 'Check {name}',
    field: d.msgField ?? 'this field',
    optional: d.msgOptional ?? '(optional)',
  };
}
type Words = ReturnType<typeof words>;

function messageFor(el: HTMLInputElement | HTMLSelectElement, w: Words): string {
  const own = el.dataset.invalidMessage;
  if (own) return own;
  const label = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
  const name = (label?.textContent ?? w.field).replace(w.optional, '').trim();
  if (el.validity.valueMissing) return w.missing.replace('{name}', name.toLowerCase());
  if (el.validity.tooLong) return w.tooLong.replace('{name}', name);
  return w.check.replace('{name}', name.toLowerCase());
}

function clearErrors(form: HTMLFormElement): void {
  form.querySelectorAll('.client-error').forEach((n) => n.remove());
  form.querySelectorAll('.field-error.client').forEach((n) => n.classList.remove('field-error', 'client'));
  document.getElementById('client-error-summary')?.remove();
}

/**
 * Checks a form with the browser's constraint validation (the attributes the server put there
 * from the same schema it validates with) and shows the problems the way the server does:
 * next to each field and in a summary that takes the focus.
 */
export function validateOnSubmit(form: HTMLFormElement): void {
  form.noValidate = true;
  const w = words(form);
  form.addEventListener('submit', (event) => {
    clearErrors(form);
    const problems: Array<{ id: string; message: string }> = [];
    const seenRadioGroups = new Set<string>();
    for (const el of Array.from(form.elements)) {
      if (!(el instanceof HTMLInputElement || el instanceof HTMLSelectElement)) continue;
      if (el.disabled || el.closest('[hidden]') || el.validity.valid) continue;
      if (el instanceof HTMLInputElement && el.type === 'radio') {
        if (seenRadioGroups.has(el.name)) continue;
        seenRadioGroups.add(el.name);
      }
      const message = messageFor(el, w);
      problems.push({ id: el.id, message });
      const container = fieldContainer(el);
      if (container && !container.querySelector('.error-message')) {
        container.classList.add('field-error', 'client');
        const p = document.createElement('p');
        p.className = 'error-message client-error';
        p.id = `${el.id}-client-error`;
        p.textContent = message;
        const prefix = document.createElement('span');
        prefix.className = 'visually-hidden';
        prefix.textContent = w.prefix;
        p.prepend(prefix);
        const anchor = container.querySelector('input, select, .radios, .checkbox');
        anchor?.parentNode?.insertBefore(p, anchor);
        el.setAttribute('aria-invalid', 'true');
        el.setAttribute('aria-describedby', `${el.getAttribute('aria-describedby') ?? ''} ${p.id}`.trim());
      }
    }
    if (problems.length === 0) return;
    event.preventDefault();
    const summary = document.createElement('div');
    summary.id = 'client-error-summary';
    summary.className = 'error-summary';
    summary.setAttribute('role', 'alert');
    summary.tabIndex = -1;
    const h = document.createElement('h2');
    h.textContent = w.summary;
    const ul = document.createElement('ul');
    for (const p of problems) {
      const li = document.createElement('li');
      const a = document.createElement('a');
      a.href = `#${p.id}`;
      a.textContent = p.message;
      li.append(a);
      ul.append(li);
    }
    summary.append(h, ul);
    document.querySelector('.error-summary')?.remove();
    form.parentNode?.insertBefore(summary, form);
    summary.focus();
  });
}

/** `data-print` buttons open the browser's print dialog. */
export function printButtons(): void {
  for (const b of document.querySelectorAll<HTMLButtonElement>('[data-print]')) {
    b.hidden = false;
    b.addEventListener('click', () => window.print());
  }
}

export function enhance(): void {
  document.documentElement.classList.add('js');
  conditionalReveals();
  for (const form of document.querySelectorAll<HTMLFormElement>('form[data-validate]'))
    validateOnSubmit(form);
  printButtons();
  focusFlagged();
}
