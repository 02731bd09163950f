import { getContrastRatio } from '@material-ui/core/styles';
import { darkTheme, lightTheme } from '@backstage/theme';
import { HealthLevel } from '@internal/backstage-plugin-eks-platform-common';
import { healthColor } from './healthColors';

const LEVELS: HealthLevel[] = [
  'healthy',
  'pending',
  'warning',
  'critical',
  'unknown',
];

describe('health icon colours', () => {
  it.each([
    ['light', lightTheme],
    ['dark', darkTheme],
  ] as const)(
    'reach 3:1 contrast on the %s theme card background for every level',
    (type, theme) => {
      const background = theme.palette.background.paper;
      for (const level of LEVELS) {
        const ratio = getContrastRatio(healthColor(level, type), background);
        expect({ level, ok: ratio >= 3 }).toEqual({ level, ok: true });
      }
    },
  );

  it('does not use the theme colours that fail on white (#FF9800, #4CAF50)', () => {
    expect(
      getContrastRatio('#FF9800', lightTheme.palette.background.paper),
    ).toBeLessThan(3);
    expect(
      getContrastRatio('#4CAF50', lightTheme.palette.background.paper),
    ).toBeLessThan(3);
    expect(healthColor('warning', 'light')).not.toBe('#FF9800');
    expect(healthColor('healthy', 'light')).not.toBe('#4CAF50');
  });
});
