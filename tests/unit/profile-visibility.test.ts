import { describe, expect, it } from 'vitest';
import { profileAccess } from '../../server/members/visibility.js';

describe('who may read a profile', () => {
  const own = 'group-a';
  const other = 'group-b';
  const cases = [
    // active, public, viewer's groups → access
    { active: true, isPublic: false, viewer: [own], expected: 'group' },
    { active: true, isPublic: true, viewer: [own], expected: 'group' },
    { active: false, isPublic: false, viewer: [own], expected: 'group' },
    { active: false, isPublic: true, viewer: [own], expected: 'group' },
    { active: true, isPublic: false, viewer: [other, own], expected: 'group' },
    { active: true, isPublic: true, viewer: [other], expected: 'public' },
    { active: true, isPublic: true, viewer: [], expected: 'public' },
    { active: true, isPublic: false, viewer: [other], expected: 'none' },
    { active: true, isPublic: false, viewer: [], expected: 'none' },
    { active: false, isPublic: true, viewer: [other], expected: 'none' },
    { active: false, isPublic: true, viewer: [], expected: 'none' },
  ] as const;

  it.each(cases)('active=$active public=$isPublic viewer=$viewer → $expected', ({ active, isPublic, viewer, expected }) => {
    expect(profileAccess({ groupId: own, active, isPublic, deleted: false }, viewer)).toBe(expected);
  });

  it('a deleted member is hidden from everyone, their own group included', () => {
    for (const viewer of [[own], [other], []]) {
      for (const isPublic of [true, false]) {
        expect(profileAccess({ groupId: own, active: false, isPublic, deleted: true }, viewer)).toBe('none');
        // Even a row that somehow stayed active: deletion wins.
        expect(profileAccess({ groupId: own, active: true, isPublic, deleted: true }, viewer)).toBe('none');
      }
    }
  });
});
