// The one contract between the renderer and whatever hosts the core (Electron IPC, the browser host's
// WebSocket, tests' in-memory fake); the core and the CLI use its types too. View models only: no token,
// secret or full account number crosses it.
export * from './activity';
export * from './alerts';
export * from './api';
export * from './audit';
export * from './auth';
export * from './diagnostics';
export * from './errors';
export * from './portfolio';
export * from './settings';
export * from './stream';
