// The US equities calendar lives in common/ so the window's session badge and the core's poll schedule
// read the same clock; the core keeps importing it from here.
export * from '../../../common/market/marketHours';
