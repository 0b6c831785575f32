// One account's positions as a terminal table (symbol order, a totals footer): `positions` and `watch`.
import type { AccountView } from '../../../common/contract';
import { formatCurrency, formatPercent, formatPrice, formatQuantity, formatSignedCurrency } from '../../../common/format/numberFormat';
import { formatSymbol, symbolSortKey } from '../../../common/format/optionSymbol';
import { totalsOfRows } from '../../../common/portfolio/figures';
import { renderTable } from './table';

export function accountTable(a: AccountView): string[] {
  const positions = [...a.positions]
    .map((p) => ({ p, key: symbolSortKey(p.symbol) }))
    .sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))
    .map((e) => e.p);
  const title = `${a.displayNumber}  ${a.type}  ${formatCurrency(a.liquidationValue)}  (${positions.length} position${positions.length === 1 ? '' : 's'})`;
  if (positions.length === 0) return [title, '  No positions.'];
  const total = totalsOfRows(positions.map((p) => ({ ...p, kind: 'position' as const })));
  return [
    title,
    ...renderTable(
      [
        { header: 'Symbol' },
        { header: 'Qty', align: 'right' },
        { header: 'Avg price', align: 'right' },
        { header: 'Market value', align: 'right' },
        { header: 'Day P&L', align: 'right' },
        { header: 'Unrealized P&L', align: 'right' },
        { header: 'Weight', align: 'right' },
      ],
      positions.map((p) => [
        formatSymbol(p.symbol),
        formatQuantity(p.quantity),
        formatPrice(p.averagePrice),
        formatCurrency(p.marketValue),
        formatSignedCurrency(p.dayProfitLoss),
        formatSignedCurrency(p.unrealizedProfitLoss),
        formatPercent(p.weightPercent),
      ]),
      [['Total', '', '', formatCurrency(total.marketValue), formatSignedCurrency(total.dayProfitLoss), formatSignedCurrency(total.unrealizedProfitLoss), '']],
    ),
  ];
}
