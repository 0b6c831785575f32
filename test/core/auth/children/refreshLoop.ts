// Child process for the kill test: refreshes the access token in a loop against the sandbox, writing each
// new token set through the real vault. It logs every set *before* writing it, so the parent can tell a
// complete set from a torn one after killing this process with SIGKILL.
// With mode "pause-mid-write", a temporary trigger (this connection only) stops the first write between
// the access-token row and the refresh-token row, announces it, and waits to be killed.
import fs from 'node:fs';
import path from 'node:path';
import { TokenClient } from '../../../../main/core/auth/tokenClient';
import { TokenManager } from '../../../../main/core/auth/tokenManager';
import { AuditLog } from '../../../../main/core/store/auditLog';
import { openDatabase } from '../../../../main/core/store/database';
import { createFileKeyCipher } from '../../../../main/core/store/fileKeyCipher';
import { TokenVault, type TokenSet } from '../../../../main/core/store/tokenVault';

interface ChildArgs {
  dataDir: string;
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  logFile: string;
  mode: 'loop' | 'pause-mid-write';
}

const args = JSON.parse(process.argv[2] ?? '{}') as ChildArgs;
const say = (line: string): void => void fs.writeSync(1, `${line}\n`);

class LoggingVault extends TokenVault {
  override async saveTokens(set: TokenSet, options: { ifSignedInAt?: number } = {}): Promise<boolean> {
    const fd = fs.openSync(args.logFile, 'a');
    fs.writeSync(
      fd,
      JSON.stringify({ accessToken: set.accessToken, refreshToken: set.refreshToken, accessExpiresAt: set.accessExpiresAt, refreshedAt: set.refreshedAt }) +
        '\n',
    );
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    return super.saveTokens(set, options);
  }
}

const db = openDatabase(path.join(args.dataDir, 'arbion.db'));
if (args.mode === 'pause-mid-write') {
  db.function('arbion_test_pause', () => {
    say('MID-WRITE');
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 60_000);
    return 0;
  });
  // Fires as the refresh-token row is about to be written: the access-token row's statement is done.
  db.exec(`CREATE TEMP TRIGGER arbion_pause BEFORE UPDATE ON main.secrets WHEN NEW.name = 'refresh_token'
           BEGIN SELECT arbion_test_pause(); END;`);
}
const vault = new LoggingVault(db, createFileKeyCipher(args.dataDir));
const tokens = new TokenManager({
  vault,
  audit: new AuditLog(db),
  client: async () => new TokenClient({ apiBaseUrl: args.baseUrl, clientId: args.clientId, clientSecret: args.clientSecret }),
});

say('READY');
for (let i = 0; ; i++) {
  await tokens.refreshNow();
  say(`REFRESHED ${i}`);
}
