import { createTheme } from '@mantine/core';

/** Mantine theme: AA-contrast defaults and a visible focus ring everywhere. */
export const theme = createTheme({
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'always',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
  components: {
    Text: { defaultProps: {} },
  },
});
