import { describe, expect, it } from 'vitest';
import { logSchema, metOnWindow, noteSchema } from '../../server/one-to-ones/schemas.js';
import {
  actionsFor,
  decide,
  type OneToOneAction,
  type OneToOneFacts,
  type OneToOneStatus,
  type Side,
  sideOf,
  waitingFor,
} from '../../server/one-to-ones/transitions.js';
import { formatMeetingDate, groupedItems, knownView, oneToOneItem } from '../../server/one-to-ones/view-models.js';

const STATUSES: OneToOneStatus[] = ['requested', 'declined', 'logged', 'confirmed', 'disputed'];
const ACTIONS: OneToOneAction[] = ['accept', 'fill', 'decline', 'confirm', 'dispute'];
const SIDES: Side[] = ['requester', 'partner'];

/** The rules written out as a table: [status, loggedBy, action, actor] → outcome. */
function expected(facts: OneToOneFacts, action: OneToOneAction, actor: Side): string {
  if (facts.status === 'requested') {
    if (action === 'fill') return 'logged';
    if (action === 'accept') return actor === 'partner' ? 'logged' : 'not_your_step';
    if (action === 'decline') return actor === 'partner' ? 'declined' : 'not_your_step';
    return 'not_now';
  }
  if (facts.status === 'logged') {
    if (action !== 'confirm' && action !== 'dispute') return 'not_now';
    if (facts.loggedBy === null || facts.loggedBy === actor) return 'not_your_step';
    return action === 'confirm' ? 'confirmed' : 'disputed';
  }
  return 'not_now';
}

describe('one-to-one transitions', () => {
  it('follow the table for every status, logger, action and side', () => {
    let checked = 0;
    for (const status of STATUSES) {
      for (const loggedBy of [null, 'requester', 'partner'] as const) {
        for (const action of ACTIONS) {
          for (const actor of SIDES) {
            const facts = { status, loggedBy };
            const decision = decide(facts, action, actor);
            const outcome = decision.ok ? decision.to : decision.reason;
            expect(outcome, `${status}/${loggedBy}: ${actor} ${action}`).toBe(expected(facts, action, actor));
            checked++;
          }
        }
      }
    }
    expect(checked).toBe(5 * 3 * 5 * 2);
  });

  it('never lets a side confirm or dispute the meeting it logged itself', () => {
    for (const side of SIDES) {
      expect(decide({ status: 'logged', loggedBy: side }, 'confirm', side)).toEqual({ ok: false, reason: 'not_your_step' });
      expect(decide({ status: 'logged', loggedBy: side }, 'dispute', side)).toEqual({ ok: false, reason: 'not_your_step' });
    }
  });

  it('keeps confirmed, declined and disputed final', () => {
    for (const status of ['confirmed', 'declined', 'disputed'] as const) {
      for (const side of SIDES) {
        expect(actionsFor({ status, loggedBy: 'requester' }, side)).toEqual([]);
        expect(waitingFor({ status, loggedBy: 'requester' })).toBeNull();
      }
    }
  });

  it('offers the partner accept and decline on a request, and the requester nothing', () => {
    expect(actionsFor({ status: 'requested', loggedBy: null }, 'partner')).toEqual(['accept', 'decline']);
    expect(actionsFor({ status: 'requested', loggedBy: null }, 'requester')).toEqual([]);
    expect(waitingFor({ status: 'requested', loggedBy: null })).toBe('partner');
  });

  it('waits for the side that did not log', () => {
    expect(waitingFor({ status: 'logged', loggedBy: 'requester' })).toBe('partner');
    expect(waitingFor({ status: 'logged', loggedBy: 'partner' })).toBe('requester');
    expect(actionsFor({ status: 'logged', loggedBy: 'partner' }, 'requester')).toEqual(['confirm', 'dispute']);
  });

  it('knows the sides of a pair and nobody else', () => {
    const pair = { requesterId: 'a', partnerId: 'b' };
    expect(sideOf(pair, 'a')).toBe('requester');
    expect(sideOf(pair, 'b')).toBe('partner');
    expect(sideOf(pair, 'c')).toBeNull();
  });
});

describe('the log form', () => {
  const today = '2026-11-23';
  const schema = logSchema(today);
  const partner = '0b9f5c8e-3d2a-4c1b-9e8f-7a6b5c4d3e2f';
  const valid = { partner, metOn: '2026-11-20', durationMinutes: '90', note: ' Über Kooperation gesprochen \r\n' };

  it('accepts a meeting in the last year and normalises the note', () => {
    expect(schema.parse(valid)).toEqual({ partner, metOn: '2026-11-20', durationMinutes: 90, note: 'Über Kooperation gesprochen' });
    expect(schema.parse({ ...valid, metOn: today, durationMinutes: '15', note: undefined }).note).toBe('');
    expect(schema.safeParse({ ...valid, metOn: '2025-11-23', durationMinutes: '480' }).success).toBe(true);
  });

  it.each([
    ['a date tomorrow', { metOn: '2026-11-24' }, 'metOn', 'one_to_ones.errors.date_future'],
    ['a date more than a year ago', { metOn: '2025-11-22' }, 'metOn', 'one_to_ones.errors.date_too_old'],
    ['no date', { metOn: '' }, 'metOn', 'one_to_ones.errors.date_required'],
    ['a date that does not exist', { metOn: '2026-02-30' }, 'metOn', 'one_to_ones.errors.date_invalid'],
    ['not a date', { metOn: '20.11.2026' }, 'metOn', 'one_to_ones.errors.date_invalid'],
    ['14 minutes', { durationMinutes: '14' }, 'durationMinutes', 'one_to_ones.errors.duration_range'],
    ['481 minutes', { durationMinutes: '481' }, 'durationMinutes', 'one_to_ones.errors.duration_range'],
    ['a fraction of minutes', { durationMinutes: '30.5' }, 'durationMinutes', 'one_to_ones.errors.duration_range'],
    ['no duration', { durationMinutes: '' }, 'durationMinutes', 'one_to_ones.errors.duration_required'],
    ['no partner', { partner: '' }, 'partner', 'one_to_ones.errors.partner_required'],
    ['a note of 2,001 characters', { note: 'x'.repeat(2001) }, 'note', 'one_to_ones.errors.note_too_long'],
  ])('refuses %s', (_name, change, field, message) => {
    const result = schema.safeParse({ ...valid, ...change });
    expect(result.success).toBe(false);
    expect(result.error!.issues.find((issue) => issue.path[0] === field)?.message).toBe(message);
  });

  it('counts a Windows line break in the note as one character', () => {
    expect(noteSchema.safeParse({ note: `${'x'.repeat(1000)}\r\n${'y'.repeat(999)}` }).success).toBe(true);
  });

  it('goes back one year, and from 29 February to 28 February', () => {
    expect(metOnWindow('2026-11-23')).toEqual({ earliest: '2025-11-23', latest: '2026-11-23' });
    expect(metOnWindow('2028-02-29')).toEqual({ earliest: '2027-02-28', latest: '2028-02-29' });
    expect(metOnWindow('2026-01-01')).toEqual({ earliest: '2025-01-01', latest: '2026-01-01' });
  });
});

describe('one-to-one view models', () => {
  it('writes the meeting date in the reader language, without the year when it is this year', () => {
    expect(formatMeetingDate('2026-03-12', 'de', 2026)).toBe('12. März');
    expect(formatMeetingDate('2026-03-12', 'de')).toBe('12. März 2026');
    expect(formatMeetingDate('2025-12-31', 'de', 2026)).toBe('31. Dezember 2025');
    expect(formatMeetingDate('2026-03-12', 'en', 2026)).toBe('12 March');
  });

  const row = {
    id: 'o1',
    groupId: 'g',
    requesterId: 'me',
    partnerId: 'you',
    status: 'logged' as const,
    loggedBy: 'you',
    metOn: '2026-11-20',
    durationMinutes: 60,
    breakfastId: null,
    confirmedAt: null,
    createdAt: new Date('2026-11-20T10:00:00Z'),
    ownNote: 'meine Notiz',
    otherId: 'you',
    otherName: 'Yvonne',
    otherSlug: 'yvonne',
    otherActive: true,
  };

  it("puts a meeting the other side logged on the viewer's turn, with confirm and dispute", () => {
    const item = oneToOneItem({ ...row, side: 'requester' }, 'de');
    expect(item).toMatchObject({ myTurn: true, loggedByMe: false, stateKey: 'one_to_ones.state.logged_by_other', metOnLabel: '20. November 2026' });
    expect(item.can).toEqual({ accept: false, decline: false, confirm: true, dispute: true });
    const grouped = groupedItems([item, oneToOneItem({ ...row, status: 'confirmed', side: 'requester' }, 'de')]);
    expect(grouped.myTurn.map((i) => i.status)).toEqual(['logged']);
    expect(grouped.history.map((i) => i.status)).toEqual(['confirmed']);
  });

  it('says the viewer and the profile know each other with the date of the latest meeting', () => {
    const person = { id: 'm', name: 'Max', slug: 'max', metOn: '2026-03-12' };
    const view = knownView({ people: [person], withViewer: person, openWithViewer: false }, 'de', new Date('2026-11-23T09:00:00Z'));
    expect(view.withViewer?.dateLabel).toBe('12. März');
  });
});
