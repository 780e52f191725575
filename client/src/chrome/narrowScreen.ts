/**
 * A phone's width, where the palette is a drawer and the legend starts closed: the same
 * breakpoint as the `max-width: 719px` rules of catalogPanel.css.
 */
export const NARROW_SCREEN = '(max-width: 719px)';

export const isNarrowScreen = (): boolean => window.matchMedia(NARROW_SCREEN).matches;
