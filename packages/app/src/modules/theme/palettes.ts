import { palettes } from '@backstage/theme';

/**
 * Backstage's palettes with an error red that reads on the page: the
 * default red colours a field in error (label, message, help text) at
 * about 4.4:1 on the light background, below WCAG's 4.5:1 for text
 * (issue 18). Both reds meet 4.5:1 on `background.default` and
 * `background.paper` of their theme (see palettes.test.ts).
 */
export const accessiblePalettes = {
  light: {
    ...palettes.light,
    error: { main: '#C62828' },
  },
  dark: {
    ...palettes.dark,
    error: { main: '#FF9E9E' },
  },
};
