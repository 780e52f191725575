import { can, peekClaims } from '@archboard/shared';

interface LinkLabel {
  title: string;
  text: string;
}

/**
 * What the Share menu calls each link of an interview board: the edit link is the
 * candidate's, the view link the observers'; the creator's link is the interviewer's when
 * it is a host token (on an interview board it always is).
 */
export function interviewLinkLabels(creatorToken: string | undefined): {
  owner: LinkLabel | undefined;
  edit: LinkLabel;
  view: LinkLabel;
} {
  const role = creatorToken === undefined ? undefined : peekClaims(creatorToken)?.role;
  const hosting = role !== undefined && can(role, 'interview');
  return {
    owner: hosting
      ? {
          title: 'Interviewer (you)',
          text: 'Your interviewer link — keep it private. It runs the clock and the phases.',
        }
      : undefined,
    edit: { title: 'Candidate link', text: 'For the candidate: they draw on the board and see the clock.' },
    view: { title: 'Observer link', text: 'For observers: they watch live but cannot change anything.' },
  };
}
