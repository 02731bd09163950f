/**
 * Moves focus to the first field the form marks invalid, whenever the set
 * of invalid fields changes to a non-empty one: after "Next"/"Review" the
 * user lands on what to fix instead of staying on the button, and a screen
 * reader reads that field with its error (aria-describedby).
 *
 * The scaffolder's form offers no `focusOnFirstError` prop in the new
 * frontend system, so the form element is watched: every field of it (our
 * own and the stock ones) sets `aria-invalid="true"` while it has an error.
 * One watcher per form, however many of our fields it holds.
 */
const watched = new WeakMap<HTMLFormElement, MutationObserver>();

function invalidFields(form: HTMLFormElement): HTMLElement[] {
  return Array.from(
    form.querySelectorAll<HTMLElement>('[aria-invalid="true"]'),
  ).filter(el => !el.closest('[hidden]'));
}

function signature(fields: HTMLElement[]): string {
  return fields.map(el => el.id || el.getAttribute('name') || '?').join(' ');
}

/** Starts watching the form that holds `element`; returns the stop function. */
export function watchFormErrors(element: HTMLElement | null): () => void {
  const form = element?.closest('form');
  if (!form || watched.has(form)) return () => {};
  let last = signature(invalidFields(form));
  const check = () => {
    const fields = invalidFields(form);
    const now = signature(fields);
    if (now !== last) {
      last = now;
      if (
        fields.length > 0 &&
        !fields.includes(document.activeElement as HTMLElement)
      ) {
        fields[0].focus();
      }
    }
  };
  const observer = new MutationObserver(() => queueMicrotask(check));
  observer.observe(form, {
    subtree: true,
    childList: true,
    attributes: true,
    attributeFilter: ['aria-invalid'],
  });
  watched.set(form, observer);
  return () => {
    observer.disconnect();
    watched.delete(form);
  };
}
