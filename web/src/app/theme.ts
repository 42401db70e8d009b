import { createTheme, type CSSVariablesResolver } from '@mantine/core';

/**
 * Mantine's defaults with the shades moved until every text/background pair meets WCAG 2.2 AA
 * (4.5:1 for text): primary blue 8 (#1971c2, 4.9:1 on white), errors red 9, dimmed text gray 7.
 */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: { light: 8, dark: 4 },
  focusRing: 'auto',
  // A reader who asks the system for less motion gets dialogs, drawers and collapses at once, not
  // faded or slid in (WCAG 2.3.3). Mantine ignores the setting unless told to respect it.
  respectReducedMotion: true,
  cursorType: 'pointer',
  defaultRadius: 'sm',
  fontFamily:
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Helvetica Neue", Arial, sans-serif',
  headings: { fontWeight: '700' },
  components: {
    Anchor: { defaultProps: { underline: 'always' } },
    // A growing row of fields keeps each field's minimum width (miw) and wraps when the row is too
    // narrow, as on a 360px phone; Mantine's default caps each at an equal share of the row, which
    // clipped a date and time to "08:28 A". Equal shares come from app.css.
    Group: { defaultProps: { preventGrowOverflow: false } },
  },
});

/**
 * Text that warns (a grace period, a changed coverage, some strain): a dark orange at 5.4:1 on
 * white. Mantine's orange 9 is 4.3:1 and its green 9 4.4:1, just short of AA.
 */
export const WARNING_TEXT = 'var(--pb-color-warning-text)';

export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-anchor': 'var(--mantine-color-blue-9)',
    '--pb-color-warning-text': '#b34a0c',
  },
  dark: {},
});
