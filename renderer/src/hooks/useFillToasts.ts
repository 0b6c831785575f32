// A toast when the core announces an order fill: what filled at what average price, or in privacy mode
// only what and where (no quantity, price or value).
import { useEffect, useRef } from 'react';
import type { ArbionApi, OrderFillNotice } from '../../../common/contract';
import { formatPrice, formatQuantity } from '../../../common/format/numberFormat';
import { formatSymbol } from '../../../common/format/optionSymbol';

export function fillToastText({ fill, newQuantity }: OrderFillNotice, privacy: boolean): string {
  const title = fill.complete ? 'Order filled' : 'Order partly filled';
  const what = `${fill.instruction} ${formatSymbol(fill.symbol)}`;
  return privacy ? `${title}: ${what} · ${fill.account}` : `${title}: ${what} ${formatQuantity(newQuantity)} at ${formatPrice(fill.averagePrice)} · ${fill.account}`;
}

export function useFillToasts(api: ArbionApi, privacy: boolean, show: (text: string) => void): void {
  const privacyRef = useRef(privacy);
  privacyRef.current = privacy;
  useEffect(() => api.onOrderFilled((notice) => show(fillToastText(notice, privacyRef.current))), [api, show]);
}
