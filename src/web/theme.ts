import { type CSSVariablesResolver, createTheme } from '@mantine/core';

/**
 * Mantine theme: AA-contrast defaults, a visible focus ring everywhere, and no motion for users who ask their
 * system for reduced motion (WCAG 2.3.3).
 */
export const theme = createTheme({
  respectReducedMotion: true,
  primaryColor: 'blue',
  primaryShade: 8,
  focusRing: 'always',
  defaultRadius: 'sm',
  fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", sans-serif',
});

/** Text on tinted ("light" variant) backgrounds: shade 9, or near-black for the pale hues. */
const lightVariantText: Record<string, string> = {
  blue: 'var(--mantine-color-blue-9)',
  red: 'var(--mantine-color-red-9)',
  teal: '#0b5c45',
  green: '#1e6b30',
  gray: 'var(--mantine-color-gray-9)',
  cyan: 'var(--mantine-color-cyan-9)',
  indigo: 'var(--mantine-color-indigo-9)',
  yellow: 'var(--mantine-color-dark-7)',
  orange: 'var(--mantine-color-dark-7)',
};

/**
 * Mantine's defaults for dimmed text and for text on tinted backgrounds fall below 4.5:1;
 * WCAG 2.1 AA needs the darker shades.
 */
export const cssVariablesResolver: CSSVariablesResolver = () => ({
  variables: {},
  light: {
    '--mantine-color-dimmed': 'var(--mantine-color-gray-7)',
    '--mantine-color-placeholder': 'var(--mantine-color-gray-7)',
    '--mantine-color-error': 'var(--mantine-color-red-9)',
    // The hover tint of the active navigation link must still carry shade-9 text at 4.5:1.
    '--mantine-color-blue-light-hover': 'var(--mantine-color-blue-1)',
    ...Object.fromEntries(
      Object.entries(lightVariantText).map(([color, text]) => [`--mantine-color-${color}-light-color`, text]),
    ),
  },
  dark: {},
});
