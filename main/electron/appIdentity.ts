// The app's identity towards the OS. Windows groups taskbar entries and attributes toast notifications by
// the AppUserModelID, which the installer (electron-builder's `appId`) writes into the Start-menu shortcut:
// the running app must claim the same id, or its notifications show no app name (or none at all).
export const APP_USER_MODEL_ID = 'ai.arbion.desktop';
