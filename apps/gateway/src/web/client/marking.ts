/**
 * The marking page's script: vote-for-N limits, the review, and the marked packet made here in the
 * browser with pdf-lib (libs/ballot-pdf marking.ts) from the packet embedded in the page. It makes
 * no request, writes no cookie and no storage: the selections live in the form's inputs and in the
 * PDF Blob handed to the voter (an object URL, not a network request). The page's CSP
 * (`connect-src 'none'`, `form-action 'none'`) forbids connections and form submissions anyway.
 */
import { markBallot, type Selection } from '@uocava/ballot-pdf/marking';
import type { BallotTarget } from '@uocava/ballot-pdf/ballot';

interface MarkingData {
  pdf: string;
  targets: BallotTarget[];
  fileName: string;
}

function base64Bytes(b64: string): Uint8Array {
  const bin = atob(b64);
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

function contests(form: HTMLFormElement): HTMLFieldSetElement[] {
  return [...form.querySelectorAll<HTMLFieldSetElement>('fieldset[data-contest]')];
}

function inputsOf(fieldset: HTMLFieldSetElement): HTMLInputElement[] {
  return [...fieldset.querySelectorAll<HTMLInputElement>('input[data-choice]')];
}

/** Vote for N: a choice beyond N is undone at once and the limit is said (role=status). */
function limits(fieldset: HTMLFieldSetElement): void {
  const n = Number(fieldset.dataset.voteFor ?? '1');
  const status = fieldset.querySelector<HTMLElement>('.marking-status');
  const clear = fieldset.querySelector<HTMLButtonElement>('button[data-clear]');
  const refresh = () => {
    if (clear) clear.hidden = !inputsOf(fieldset).some((i) => i.checked);
  };
  fieldset.addEventListener('change', (e) => {
    const input = e.target;
    if (!(input instanceof HTMLInputElement)) return;
    if (status) status.textContent = '';
    if (
      input.type === 'checkbox' &&
      input.checked &&
      inputsOf(fieldset).filter((i) => i.checked).length > n
    ) {
      input.checked = false;
      if (status) status.textContent = fieldset.dataset.tooMany ?? '';
    }
    refresh();
  });
  clear?.addEventListener('click', () => {
    for (const i of inputsOf(fieldset)) i.checked = false;
    if (status) status.textContent = fieldset.dataset.cleared ?? '';
    refresh();
    inputsOf(fieldset)[0]?.focus();
  });
}

function selectionsOf(form: HTMLFormElement): Selection[] {
  return contests(form).flatMap((f) =>
    inputsOf(f)
      .filter((i) => i.checked)
      .map((i) => ({ contestId: f.dataset.contest ?? '', choiceId: i.dataset.choice ?? '' })),
  );
}

/** The review: each contest's title and the labels of its choices (or "No choice"). */
function fillReview(form: HTMLFormElement, list: HTMLElement, none: string): void {
  list.replaceChildren();
  for (const f of contests(form)) {
    const row = document.createElement('div');
    row.className = 'summary-row';
    const dt = document.createElement('dt');
    dt.textContent = f.querySelector('legend')?.textContent ?? '';
    row.append(dt);
    const chosen = inputsOf(f).filter((i) => i.checked);
    if (chosen.length === 0) {
      const dd = document.createElement('dd');
      dd.textContent = none;
      row.append(dd);
    }
    for (const i of chosen) {
      const dd = document.createElement('dd');
      dd.textContent = f.querySelector(`label[for="${i.id}"]`)?.textContent ?? i.value;
      row.append(dd);
    }
    list.append(row);
  }
}

function start(): void {
  const form = document.querySelector<HTMLFormElement>('form[data-marking]');
  const holder = document.getElementById('marking-data');
  const review = document.getElementById('marking-review');
  const done = document.getElementById('marking-done');
  const list = document.getElementById('marking-review-list');
  const make = document.getElementById('marking-make') as HTMLButtonElement | null;
  const change = document.getElementById('marking-change');
  const progress = document.getElementById('marking-progress');
  const save = document.getElementById('marking-save') as HTMLAnchorElement | null;
  if (!form || !holder || !review || !done || !list || !make || !change || !progress || !save) return;
  const data = JSON.parse(holder.textContent ?? '{}') as MarkingData;
  const packet = base64Bytes(data.pdf);
  let url: string | undefined;
  form.hidden = false;
  contests(form).forEach(limits);

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    fillReview(form, list, review.dataset.none ?? '');
    form.hidden = true;
    done.hidden = true;
    review.hidden = false;
    progress.textContent = '';
    review.querySelector<HTMLElement>('h2')?.focus();
  });
  change.addEventListener('click', () => {
    review.hidden = true;
    done.hidden = true;
    form.hidden = false;
    form.querySelector<HTMLElement>('h2')?.scrollIntoView();
    form.querySelector<HTMLInputElement>('input[data-choice]')?.focus();
  });
  make.addEventListener('click', () => {
    make.disabled = true;
    progress.textContent = review.dataset.making ?? '';
    void markBallot(packet, data.targets, selectionsOf(form))
      .then((bytes) => {
        if (url) URL.revokeObjectURL(url);
        const copy = new Uint8Array(bytes.length);
        copy.set(bytes);
        url = URL.createObjectURL(new Blob([copy.buffer], { type: 'application/pdf' }));
        save.href = url;
        progress.textContent = '';
        done.hidden = false;
        done.querySelector<HTMLElement>('h2')?.focus();
      })
      .catch(() => {
        progress.textContent = review.dataset.failed ?? '';
      })
      .finally(() => {
        make.disabled = false;
      });
  });
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
else start();
