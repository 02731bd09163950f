import { useCallback, useEffect, useRef, useState } from 'react';

export interface PollingState<T> {
  value?: T;
  error?: Error;
  loading: boolean;
  updatedAt?: number;
  refresh: () => void;
}

/**
 * Loads now and every `intervalMs` while the tab is visible; catches up as
 * soon as the tab becomes visible again. Keeps the last value on failure.
 */
export function usePolling<T>(
  load: () => Promise<T>,
  intervalMs: number,
): PollingState<T> {
  const [state, setState] = useState<Omit<PollingState<T>, 'refresh'>>({
    loading: true,
  });
  const loadRef = useRef(load);
  loadRef.current = load;
  const inFlight = useRef(false);
  const updatedAtRef = useRef<number>();

  const refresh = useCallback(() => {
    if (inFlight.current) return;
    inFlight.current = true;
    setState(s => ({ ...s, loading: true }));
    loadRef.current().then(
      value => {
        inFlight.current = false;
        updatedAtRef.current = Date.now();
        setState({ value, loading: false, updatedAt: updatedAtRef.current });
      },
      error => {
        inFlight.current = false;
        setState(s => ({ ...s, error, loading: false }));
      },
    );
  }, []);

  useEffect(() => {
    refresh();
    const timer = setInterval(() => {
      if (!document.hidden) refresh();
    }, intervalMs);
    const onVisible = () => {
      const last = updatedAtRef.current;
      if (
        !document.hidden &&
        (last === undefined || Date.now() - last >= intervalMs)
      )
        refresh();
    };
    document.addEventListener('visibilitychange', onVisible);
    return () => {
      clearInterval(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, [refresh, intervalMs]);

  return { ...state, refresh };
}
