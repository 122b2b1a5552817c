import { describe, expect, it } from 'vitest';
import { pageCount, pageLinks, pagination, rosterPageUrl } from '../../server/members/roster-paging.js';

describe('roster paging', () => {
  it('counts pages of 48, at least one', () => {
    expect(pageCount(0)).toBe(1);
    expect(pageCount(48)).toBe(1);
    expect(pageCount(49)).toBe(2);
    expect(pageCount(1000)).toBe(21);
  });

  it('page 1 has the plain URL', () => {
    expect(rosterPageUrl(1)).toBe('/roster');
    expect(rosterPageUrl(3)).toBe('/roster?page=3');
  });

  it('links the first, the last and the neighbours of the current page, with gaps between', () => {
    const shown = (page: number, count: number) =>
      pageLinks(page, count).map((link) => ('gap' in link ? '…' : link.current ? `[${link.number}]` : String(link.number)));
    expect(shown(1, 21)).toEqual(['[1]', '2', '…', '21']);
    expect(shown(10, 21)).toEqual(['1', '…', '9', '[10]', '11', '…', '21']);
    expect(shown(21, 21)).toEqual(['1', '…', '20', '[21]']);
    expect(shown(3, 4)).toEqual(['1', '2', '[3]', '4']);
  });

  it('has no previous link on the first page, no next link on the last, and no nav for one page', () => {
    expect(pagination(1, 48)).toBeNull();
    expect(pagination(1, 60)).toMatchObject({ page: 1, count: 2, previous: null, next: '/roster?page=2' });
    expect(pagination(2, 60)).toMatchObject({ page: 2, count: 2, previous: '/roster', next: null });
  });
});
