// A started sandbox as the core's demo backend: its URL, its client's credentials, the callback the demo
// sign-in uses, and closing it with the core.
import type { DemoBackend } from '../../main/core/ports';
import type { Sandbox } from '../../main/sandbox/index';

export function sandboxDemoBackend(sandbox: Sandbox, redirectUri: string): DemoBackend {
  return {
    baseUrl: sandbox.baseUrl,
    clientId: sandbox.client.clientId,
    clientSecret: sandbox.client.clientSecret,
    redirectUri,
    close: () => sandbox.close(),
  };
}

/**
 * One sandbox for several launches of a core (a restart sees the same account history): closing a core
 * leaves the sandbox running. `announces` passes the sandbox's own order events to the core, as the demo
 * does when the stream cannot deliver ACCT_ACTIVITY.
 */
export function sharedSandboxBackend(sandbox: Sandbox, redirectUri: string, announces: boolean): DemoBackend {
  return {
    ...sandboxDemoBackend(sandbox, redirectUri),
    ...(announces ? { onAccountActivity: (listener: () => void) => sandbox.activity.onEvent(() => listener()) } : {}),
    close: async () => undefined,
  };
}
