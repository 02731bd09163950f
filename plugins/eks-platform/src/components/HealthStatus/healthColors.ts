import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';

/**
 * Status icon colours with at least 3:1 contrast (WCAG 1.4.11, non-text)
 * on the card background of Backstage's light (#FFFFFF) and dark (#424242)
 * themes. The themes' own warning (#FF9800, 2.2:1) and success (#4CAF50,
 * 2.8:1) fail on white, and the dark theme's error (#F84C55) fails on grey.
 */
export const HEALTH_COLORS: Record<
  'light' | 'dark',
  Record<HealthLevel, string>
> = {
  light: {
    healthy: '#2E7D32',
    pending: '#1565C0',
    warning: '#B45309',
    critical: '#C62828',
    unknown: '#616161',
  },
  dark: {
    healthy: '#81C784',
    pending: '#64B5F6',
    warning: '#FFB84D',
    critical: '#FF8A80',
    unknown: '#BDBDBD',
  },
};

export function healthColor(
  level: HealthLevel,
  paletteType: 'light' | 'dark',
): string {
  return HEALTH_COLORS[paletteType][level];
}
