import { themes } from '@backstage/theme';
import { darkTheme, lightTheme } from './themeModule';

/** WCAG 2.x relative luminance of a `#rrggbb` colour. */
function luminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`not a #rrggbb colour: ${hex}`);
  const [r, g, b] = match.slice(1).map(part => {
    const c = parseInt(part, 16) / 255;
    return c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (light + 0.05) / (dark + 0.05);
}

describe('the app theme error red', () => {
  it('computes contrast as WCAG does', () => {
    expect(contrast('#000000', '#FFFFFF')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#FFFFFF')).toBeCloseTo(4.48, 2);
  });

  it("is why the default theme failed: Backstage's red is below 4.5:1", () => {
    expect(contrast('#E22134', '#F8F8F8')).toBeLessThan(4.5);
    const v4 = themes.light.getTheme('v4')!;
    expect(
      contrast(v4.palette.error.main, v4.palette.background.default),
    ).toBeLessThan(4.5);
  });

  it.each([
    ['light', lightTheme],
    ['dark', darkTheme],
  ])(
    'meets 4.5:1 on the page and paper backgrounds of the %s theme (MUI 4 and 5)',
    (_name, theme) => {
      for (const version of ['v4', 'v5'] as const) {
        const { palette } = theme.getTheme(version) as any;
        for (const background of [
          palette.background.default,
          palette.background.paper,
        ]) {
          expect(
            contrast(palette.error.main, background),
          ).toBeGreaterThanOrEqual(4.5);
        }
      }
    },
  );
});
