// A share or contract count, masked in privacy mode (beside a public quote it would give the value away).
import { formatQuantity, MASK } from '../../../common/format/numberFormat';
import { usePrivacy } from '../privacyContext';

export function Quantity({ value }: { value: number }) {
  return usePrivacy() ? <span className="masked">{MASK}</span> : <>{formatQuantity(value)}</>;
}
