import { act, renderHook, waitFor } from '@testing-library/react';
import { usePolling } from './usePolling';

describe('usePolling', () => {
  afterEach(() => jest.useRealTimers());

  it('loads at once and keeps the last value when a later load fails', async () => {
    const load = jest
      .fn()
      .mockResolvedValueOnce('first')
      .mockRejectedValueOnce(new Error('down'));
    const { result } = renderHook(() => usePolling(load, 60_000));
    await waitFor(() => expect(result.current.value).toBe('first'));
    act(() => result.current.refresh());
    await waitFor(() => expect(result.current.error?.message).toBe('down'));
    expect(result.current.value).toBe('first');
    expect(result.current.loading).toBe(false);
  });

  it('polls on an interval, not while hidden', async () => {
    jest.useFakeTimers();
    const load = jest.fn().mockResolvedValue('v');
    const hidden = jest.spyOn(document, 'hidden', 'get').mockReturnValue(false);
    renderHook(() => usePolling(load, 1000));
    await act(async () => {}); // the first load settles
    await act(async () => {
      jest.advanceTimersByTime(1000);
    });
    expect(load).toHaveBeenCalledTimes(2);
    hidden.mockReturnValue(true);
    await act(async () => {
      jest.advanceTimersByTime(5000);
    });
    expect(load).toHaveBeenCalledTimes(2);
    hidden.mockReturnValue(false);
    await act(async () => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    expect(load).toHaveBeenCalledTimes(3);
    hidden.mockRestore();
  });
});
