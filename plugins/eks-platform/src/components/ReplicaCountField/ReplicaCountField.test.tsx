import { fireEvent, render, screen } from '@testing-library/react';
import { ReplicaCountField, parseCount } from './ReplicaCountField';

function renderField(rawErrors: string[] = [], formData?: number) {
  const onChange = jest.fn();
  render(
    <form>
      <ReplicaCountField
        {...({} as any)}
        formData={formData}
        onChange={onChange}
        schema={{ title: 'Replicas', type: 'integer', minimum: 2, maximum: 5 }}
        uiSchema={{ 'ui:options': { replicaField: 'replicas' } }}
        idSchema={{ $id: 'root_replicas' } as any}
        rawErrors={rawErrors}
        required
      />
    </form>,
  );
  return { onChange, input: screen.getByLabelText(/Replicas/) };
}

describe('ReplicaCountField', () => {
  it('leaves the limits to the form, so the browser shows no tooltip of its own', () => {
    const { input } = renderField([], 3);
    expect(input).not.toHaveAttribute('min');
    expect(input).not.toHaveAttribute('max');
    expect(input).toHaveAttribute('step', 'any');
  });

  it('names its error text for screen readers and announces the errors', () => {
    const message =
      'Replicas must be at least 4 (PodDisruptionBudget minAvailable 3 + 1), so a node drain can still move a pod: raise it, or lower minAvailable.';
    const { input } = renderField([message], 3);
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input.getAttribute('aria-describedby')).toContain(
      'root_replicas__error',
    );
    expect(screen.getByRole('alert')).toHaveTextContent(`Replicas: ${message}`);
  });

  it('hands the form a number, and no value for empty text', () => {
    const { input, onChange } = renderField([], 3);
    fireEvent.change(input, { target: { value: '4' } });
    expect(onChange).toHaveBeenLastCalledWith(4);
    fireEvent.change(input, { target: { value: '' } });
    expect(onChange).toHaveBeenLastCalledWith(undefined);
    expect(parseCount('2.5')).toBe(2.5);
    expect(parseCount('three')).toBeUndefined();
  });
});
