import { describe, expect, it } from 'vitest';
import { decideSeats, type SeatRequest, type SeatStatus } from '../../server/members/trade-seats.js';

const request = (overrides: Partial<SeatRequest> = {}): SeatRequest => ({
  oneSeatPerTrade: true,
  chosenTradeIds: [],
  current: new Map<string, SeatStatus>(),
  holders: [],
  requestAnyway: false,
  ...overrides,
});

describe('one seat per trade', () => {
  it('a free trade becomes an active seat', () => {
    expect(decideSeats(request({ chosenTradeIds: ['tax'] }))).toEqual({ ok: true, seats: [{ tradeId: 'tax', status: 'active' }], requested: [] });
  });

  it('a trade another member holds is a conflict naming every holder', () => {
    const decision = decideSeats(
      request({
        chosenTradeIds: ['tax', 'web'],
        holders: [
          { tradeId: 'tax', memberName: 'Anna Berger' },
          { tradeId: 'tax', memberName: 'Bernd Bauer' },
        ],
      }),
    );
    expect(decision).toEqual({ ok: false, conflicts: [{ tradeId: 'tax', holderNames: ['Anna Berger', 'Bernd Bauer'] }] });
  });

  it('requesting anyway keeps the free trades active and makes the taken ones pending', () => {
    const decision = decideSeats(
      request({ chosenTradeIds: ['tax', 'web'], holders: [{ tradeId: 'tax', memberName: 'Anna Berger' }], requestAnyway: true }),
    );
    expect(decision).toEqual({
      ok: true,
      seats: [
        { tradeId: 'web', status: 'active' },
        { tradeId: 'tax', status: 'pending' },
      ],
      requested: ['tax'],
    });
  });

  it('seats the member already has keep their status, even when others hold the trade too', () => {
    const current = new Map<string, SeatStatus>([
      ['tax', 'exception'],
      ['law', 'pending'],
      ['web', 'active'],
    ]);
    const holders = [
      { tradeId: 'tax', memberName: 'Anna Berger' },
      { tradeId: 'law', memberName: 'Carla Christ' },
    ];
    const decision = decideSeats(request({ chosenTradeIds: ['tax', 'law', 'web'], current, holders }));
    expect(decision).toEqual({
      ok: true,
      seats: [
        { tradeId: 'tax', status: 'exception' },
        { tradeId: 'law', status: 'pending' },
        { tradeId: 'web', status: 'active' },
      ],
      requested: [],
    });
  });

  it('without the policy every pick is simply active', () => {
    const decision = decideSeats(
      request({
        oneSeatPerTrade: false,
        chosenTradeIds: ['tax', 'law'],
        current: new Map<string, SeatStatus>([['law', 'pending']]),
        holders: [{ tradeId: 'tax', memberName: 'Anna Berger' }],
      }),
    );
    expect(decision).toEqual({
      ok: true,
      seats: [
        { tradeId: 'tax', status: 'active' },
        { tradeId: 'law', status: 'active' },
      ],
      requested: [],
    });
  });

  it('duplicate picks count once, and picking nothing gives no seats', () => {
    expect(decideSeats(request({ chosenTradeIds: ['web', 'web'] }))).toEqual({
      ok: true,
      seats: [{ tradeId: 'web', status: 'active' }],
      requested: [],
    });
    expect(decideSeats(request())).toEqual({ ok: true, seats: [], requested: [] });
  });
});
