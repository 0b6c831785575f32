import { describe, expect, it } from 'vitest';
import {
  arrow,
  direction,
  formatCurrency,
  formatPercent,
  formatPrice,
  formatQuantity,
  formatSignedCurrency,
  formatSignedPercent,
} from '../../common/format/numberFormat';
import { toCents } from '../../common/money/cents';
import { formatSymbol, parseOccSymbol, symbolSortKey } from '../../common/format/optionSymbol';
import { formatAge, formatDuration, msUntil } from '../../renderer/src/format/timeFormat';
import { errorCode, errorMessage } from '../../renderer/src/format/errorMessage';

describe('currency', () => {
  it('formats dollars with grouping and cents', () => {
    expect(formatCurrency(toCents(404585.72))).toBe('$404,585.72');
    expect(formatCurrency(toCents(0))).toBe('$0.00');
    expect(formatCurrency(toCents(-12415))).toBe('-$12,415.00');
  });
  it('signs changes, and never shows a negative zero', () => {
    expect(formatSignedCurrency(toCents(2859.2))).toBe('+$2,859.20');
    expect(formatSignedCurrency(toCents(-342))).toBe('-$342.00');
    expect(formatSignedCurrency(toCents(0))).toBe('$0.00');
    expect(formatSignedCurrency(toCents(-0.004))).toBe('$0.00');
  });
  it('per-share prices: 2 decimals from $1, 4 below, so a column reads consistently', () => {
    expect(formatPrice(5.5051125)).toBe('$5.51');
    expect(formatPrice(48.2)).toBe('$48.20');
    expect(formatPrice(1)).toBe('$1.00');
    expect(formatPrice(0.0125)).toBe('$0.0125');
    expect(formatPrice(0.95)).toBe('$0.9500');
    expect(formatPrice(0.99996)).toBe('$1.00');
    expect(formatPrice(-0.5)).toBe('-$0.5000');
  });
});

describe('percent, arrows and quantities', () => {
  it('signs percentages (given as percent numbers)', () => {
    expect(formatSignedPercent(0.71)).toBe('+0.71%');
    expect(formatSignedPercent(-28.65)).toBe('-28.65%');
    expect(formatSignedPercent(0)).toBe('0.00%');
    expect(formatPercent(21.8123)).toBe('21.81%');
  });
  it('gives ▲ for gains, ▼ for losses and nothing for no change (at cent precision)', () => {
    expect(arrow(1)).toBe('▲');
    expect(arrow(-0.01)).toBe('▼');
    expect(arrow(0.004)).toBe('');
    expect(direction(-0.004)).toBe('flat');
    expect(direction(-5)).toBe('down');
  });
  it('shows shorts with a minus sign and keeps fractional shares', () => {
    expect(formatQuantity(-50)).toBe('-50');
    expect(formatQuantity(85.342)).toBe('85.342');
    expect(formatQuantity(12500)).toBe('12,500');
  });
});

describe('OCC option symbols', () => {
  it('turns the 21-character form into "SPY 18 Dec 26 550 C"', () => {
    expect(formatSymbol('SPY   261218C00550000')).toBe('SPY 18 Dec 26 550 C');
    expect(formatSymbol('MRNA  241220P00060000')).toBe('MRNA 20 Dec 24 60 P');
    expect(formatSymbol('AAPL  270115P00200000')).toBe('AAPL 15 Jan 27 200 P');
  });
  it('keeps fractional strikes and six-letter roots', () => {
    expect(formatSymbol('SPXW  250321C05612500')).toBe('SPXW 21 Mar 25 5612.5 C');
    expect(formatSymbol('GOOGL 260116C00172500')).toBe('GOOGL 16 Jan 26 172.5 C');
  });
  it('leaves anything else as sent', () => {
    expect(formatSymbol('AAPL')).toBe('AAPL');
    expect(formatSymbol('912797LN3')).toBe('912797LN3');
    expect(formatSymbol('BRK/B')).toBe('BRK/B');
    expect(parseOccSymbol('SPY   261318C00550000')).toBeNull(); // month 13
  });
  it('sorts an underlying before its options, then by expiry and strike', () => {
    const sorted = ['SPY   261218C00600000', 'SPY', 'SPY   260116C00550000', 'SPY   261218C00550000'].sort((a, b) =>
      symbolSortKey(a).localeCompare(symbolSortKey(b)),
    );
    expect(sorted).toEqual(['SPY', 'SPY   260116C00550000', 'SPY   261218C00550000', 'SPY   261218C00600000']);
  });
});

describe('durations', () => {
  it('reads coarse but exact enough', () => {
    expect(formatDuration(45_000)).toBe('45 s');
    expect(formatDuration(12 * 60_000)).toBe('12 min');
    expect(formatDuration((5 * 60 + 12) * 60_000)).toBe('5 h 12 min');
    expect(formatDuration(3 * 3600_000)).toBe('3 h');
    expect(formatDuration((4 * 24 + 9) * 3600_000)).toBe('4 d 9 h');
    expect(formatDuration(-5)).toBe('0 s');
  });
  it('measures to and from timestamps', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(msUntil('2026-11-27T13:00:00Z', now)).toBe(3600_000);
    expect(msUntil(null, now)).toBeNull();
    expect(formatAge('2026-11-27T09:46:00Z', now)).toBe('2 h 14 min old');
  });
});

describe('error messages', () => {
  it('drops Electron’s IPC prefix and keeps a passed-through code', () => {
    const e = Object.assign(new Error("Error invoking remote method 'arbion:signIn': Error: Port 8182 is busy"), { code: 'PortBusy' });
    expect(errorMessage(e)).toBe('Port 8182 is busy');
    expect(errorCode(e)).toBe('PortBusy');
    expect(errorCode(new Error('x'))).toBeNull();
  });
});
