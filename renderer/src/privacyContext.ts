// Privacy mode (settings.privacyMode) as context: every dollar amount reads it and masks itself.
import { createContext, useContext } from 'react';

export const PrivacyContext = createContext(false);

export function usePrivacy(): boolean {
  return useContext(PrivacyContext);
}
