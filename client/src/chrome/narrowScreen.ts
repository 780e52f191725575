/**
 * A phone's width, where the palette is a drawer and the legend starts closed: the same
 * breakpoint as the `max-width: 719px` rules of catalogPanel.css, board.css, interview.css
 * and replay.css (a media query cannot read a variable, so the five are kept equal by hand;
 * CHROME-12 checks the layout at 390 px and at 768 px, CHROME-13 the interview bar at 390).
 */
export const NARROW_SCREEN = '(max-width: 719px)';

export const isNarrowScreen = (): boolean => window.matchMedia(NARROW_SCREEN).matches;
