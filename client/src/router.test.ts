import { describe, expect, it } from 'vitest';
import { parseRoute } from './router';

describe('parseRoute', () => {
  it('reads the landing page, a board with its token in the fragment, and unknown paths', () => {
    expect(parseRoute({ pathname: '/', hash: '' })).toEqual({ page: 'landing' });
    expect(parseRoute({ pathname: '/b/abc_DEF-1', hash: '#token=x.y.z' })).toEqual({
      page: 'board',
      boardId: 'abc_DEF-1',
      token: 'x.y.z',
    });
    expect(parseRoute({ pathname: '/b/abc', hash: '' })).toEqual({ page: 'board', boardId: 'abc', token: undefined });
    expect(parseRoute({ pathname: '/elsewhere', hash: '' })).toEqual({ page: 'not-found' });
  });
});
