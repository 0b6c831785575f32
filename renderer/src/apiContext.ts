// The ArbionApi the components talk to, handed down by context so tests can render with an in-memory one.
import { createContext, useContext } from 'react';
import type { ArbionApi } from '../../common/contract';

export const ApiContext = createContext<ArbionApi | null>(null);

export function useApi(): ArbionApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi() outside <ApiContext.Provider>');
  return api;
}
