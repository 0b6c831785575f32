// The globals common/ may use: standard web APIs that both the browser and Node provide with the same
// meaning. Only the members common/ needs are declared; anything else fails the layer's typecheck.
// (Only tsconfig.common.json includes this file; the other projects get the full DOM or Node types.)
declare class URL {
  constructor(url: string, base?: string);
  readonly protocol: string;
  readonly hostname: string;
  readonly port: string;
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}
