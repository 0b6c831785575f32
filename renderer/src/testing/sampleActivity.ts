// Activity data for component tests and visual checks, built from the contract's view types: a working limit
// order, a partly filled one, an OCO bracket, today's fills, a few transactions and consistent figures
// (income = dividends + interest; the total is the sum of the accounts).
import type {
  ActivityView,
  FiguresByPeriodView,
  FillView,
  OrderView,
  PeriodFiguresView,
  TransactionView,
} from '../../../common/contract';

const ACCOUNT_A = { accountHash: 'E3F8A1C09D2B4F6A8E7C5D3B1A09F8E7D6C5B4A3928170F6E5D4C3B2A1908F7E', account: '…4410 MARGIN' };
const ACCOUNT_B = { accountHash: '7B2D9E4F1A6C3B8D5E0F2A7C4B9D6E1F3A8C5B2D7E4F9A1C6B3D8E5F0A2C7B4D', account: '…7702 CASH' };

function order(o: Partial<OrderView> & Pick<OrderView, 'orderId' | 'legs'>): OrderView {
  return {
    ...ACCOUNT_A,
    status: 'WORKING',
    enteredTime: '2026-11-27T14:35:00.000Z',
    closeTime: null,
    orderType: 'LIMIT',
    duration: 'DAY',
    strategy: 'SINGLE',
    limitPrice: null,
    stopPrice: null,
    quantity: o.legs.reduce((s, l) => s + l.quantity, 0),
    filledQuantity: 0,
    remainingQuantity: o.legs.reduce((s, l) => s + l.quantity, 0),
    averagePrice: null,
    children: [],
    ...o,
  };
}
const leg = (instruction: string, symbol: string, quantity: number, filled = 0, averagePrice: number | null = null, assetType = 'EQUITY') => ({
  instruction,
  positionEffect: instruction.startsWith('SELL') ? 'CLOSING' : 'OPENING',
  symbol,
  assetType,
  quantity,
  filledQuantity: filled,
  averagePrice,
});

export const SAMPLE_WORKING_ORDERS: OrderView[] = [
  order({ orderId: '1004', limitPrice: 412.5, legs: [leg('BUY', 'MSFT', 20)] }),
  order({
    orderId: '1003',
    limitPrice: 188.2,
    quantity: 100,
    filledQuantity: 40,
    remainingQuantity: 60,
    averagePrice: 188.15,
    legs: [leg('SELL', 'AAPL', 100, 40, 188.15)],
  }),
  order({
    orderId: '1002',
    ...ACCOUNT_B,
    strategy: 'OCO',
    orderType: null,
    quantity: 0,
    remainingQuantity: 0,
    legs: [],
    children: [
      order({ orderId: '1002-1', ...ACCOUNT_B, limitPrice: 132, legs: [leg('SELL', 'JPM', 50)] }),
      order({ orderId: '1002-2', ...ACCOUNT_B, orderType: 'STOP', stopPrice: 118, legs: [leg('SELL', 'JPM', 50)] }),
    ],
  }),
];

export const SAMPLE_FILLS: FillView[] = [
  { orderId: '1003', ...ACCOUNT_A, symbol: 'AAPL', instruction: 'SELL', quantity: 40, averagePrice: 188.15, valueCents: 752_600, time: '2026-11-27T15:02:11.000Z', complete: false },
  { orderId: '1001', ...ACCOUNT_B, symbol: 'KO', instruction: 'BUY', quantity: 30, averagePrice: 61.42, valueCents: 184_260, time: '2026-11-27T14:40:05.000Z', complete: true },
];

export const SAMPLE_TRANSACTIONS: TransactionView[] = [
  tx('90004', ACCOUNT_A, 'TRADE', 'SELL AAPL', '2026-11-27T15:02:11.000Z', { symbol: 'AAPL', quantity: -40, price: 188.15, netCents: 752_595, feesCents: 5, orderId: '1003' }),
  tx('90003', ACCOUNT_B, 'TRADE', 'BUY KO', '2026-11-27T14:40:05.000Z', { symbol: 'KO', quantity: 30, price: 61.42, netCents: -184_260, orderId: '1001' }),
  tx('90002', ACCOUNT_A, 'DIVIDEND_OR_INTEREST', 'ORDINARY DIVIDEND~MICROSOFT CORP', '2026-11-20T12:00:00.000Z', { netCents: 4_150 }),
  tx('90001', ACCOUNT_B, 'DIVIDEND_OR_INTEREST', 'FREE BALANCE INTEREST ADJUSTMENT', '2026-11-01T12:00:00.000Z', { netCents: 312 }),
  tx('90000', ACCOUNT_A, 'ACH_RECEIPT', 'CLIENT REQUESTED ELECTRONIC FUNDING RECEIPT', '2026-10-15T12:00:00.000Z', { netCents: 1_000_000 }),
];

function tx(
  activityId: string,
  account: { accountHash: string; account: string },
  type: string,
  description: string,
  time: string,
  more: Partial<TransactionView>,
): TransactionView {
  return {
    activityId,
    ...account,
    time,
    tradeDate: time.slice(0, 10),
    type,
    status: 'VALID',
    description,
    symbol: null,
    quantity: null,
    price: null,
    netCents: 0,
    feesCents: 0,
    orderId: null,
    ...more,
  };
}

const figures = (realizedCents: number, dividendsCents: number, interestCents: number, feesCents: number, netDepositsCents: number): PeriodFiguresView => ({
  realizedCents,
  dividendsCents,
  interestCents,
  incomeCents: dividendsCents + interestCents,
  feesCents,
  netDepositsCents,
});
const byPeriod = (today: PeriodFiguresView, month: PeriodFiguresView, year: PeriodFiguresView): FiguresByPeriodView => ({
  today,
  monthToDate: month,
  yearToDate: year,
});
const add = (a: FiguresByPeriodView, b: FiguresByPeriodView): FiguresByPeriodView => {
  const sum = (x: PeriodFiguresView, y: PeriodFiguresView): PeriodFiguresView =>
    figures(x.realizedCents + y.realizedCents, x.dividendsCents + y.dividendsCents, x.interestCents + y.interestCents, x.feesCents + y.feesCents, x.netDepositsCents + y.netDepositsCents);
  return byPeriod(sum(a.today, b.today), sum(a.monthToDate, b.monthToDate), sum(a.yearToDate, b.yearToDate));
};

const FIG_A = byPeriod(figures(61_240, 0, 0, 5, 0), figures(61_240, 4_150, 0, 5, 0), figures(1_234_567, 31_200, 0, 1_205, 1_000_000));
const FIG_B = byPeriod(figures(0, 0, 0, 0, 0), figures(0, 0, 312, 0, 0), figures(-45_000, 0, 2_950, 0, 0));

export function buildActivity(overrides: Partial<ActivityView> = {}): ActivityView {
  return {
    sync: { phase: 'idle', done: 0, total: 0, lastSyncAt: '2026-11-27T20:59:30.000Z', error: null },
    workingOrders: SAMPLE_WORKING_ORDERS,
    todaysFills: SAMPLE_FILLS,
    figures: {
      total: add(FIG_A, FIG_B),
      accounts: [
        { ...ACCOUNT_A, figures: FIG_A },
        { ...ACCOUNT_B, figures: FIG_B },
      ],
      unmatchedCloses: 0,
    },
    transactionTypes: [...new Set(SAMPLE_TRANSACTIONS.map((t) => t.type))].sort(),
    ...overrides,
  };
}
