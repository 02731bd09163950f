import { render, waitFor } from '@testing-library/react';
import { watchFormErrors } from './focusFirstError';

describe('watchFormErrors', () => {
  it('moves the focus to the first invalid field when errors appear, not to the button', async () => {
    const { container } = render(
      <form>
        <input id="root_name" />
        <input id="root_description" />
        <button type="submit">Next</button>
      </form>,
    );
    const [name, description] = Array.from(container.querySelectorAll('input'));
    const button = container.querySelector('button')!;
    const stop = watchFormErrors(name);
    button.focus();

    description.setAttribute('aria-invalid', 'true');
    name.setAttribute('aria-invalid', 'true');
    await waitFor(() => expect(document.activeElement).toBe(name));

    // Fixing the first error moves the focus to the one left.
    name.setAttribute('aria-invalid', 'false');
    await waitFor(() => expect(document.activeElement).toBe(description));
    stop();
  });

  it('watches each form once, however many fields ask', async () => {
    const { container } = render(
      <form>
        <input id="a" />
        <input id="b" />
      </form>,
    );
    const [a, b] = Array.from(container.querySelectorAll('input'));
    const stop = watchFormErrors(a);
    const second = watchFormErrors(b);
    second(); // a no-op: the first watcher stays
    b.setAttribute('aria-invalid', 'true');
    await waitFor(() => expect(document.activeElement).toBe(b));
    stop();
  });
});
