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
