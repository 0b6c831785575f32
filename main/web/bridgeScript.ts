// The browser bridge's script with the contract's method and event lists written in from the one
// declaration, so the bridge cannot drift from what the host dispatches.
import fs from 'node:fs/promises';
import { EVENT_NAMES, INVOKE_METHODS, subscriptionName } from '../../common/contract';

const CONTRACT_SLOT = /\/\*@contract\*\/[\s\S]*?\/\*@end\*\//;

export function contractForBridge(): { methods: string[]; events: Record<string, string> } {
  return {
    methods: [...INVOKE_METHODS],
    events: Object.fromEntries(EVENT_NAMES.map((name) => [name, subscriptionName(name)])),
  };
}

export async function renderBridgeScript(file: string): Promise<string> {
  const source = await fs.readFile(file, 'utf8');
  if (!CONTRACT_SLOT.test(source)) throw new Error(`${file} has no /*@contract*/ slot for the method list.`);
  return source.replace(CONTRACT_SLOT, JSON.stringify(contractForBridge()));
}
