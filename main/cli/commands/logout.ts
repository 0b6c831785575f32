// arbion logout: the app's sign-out (the signOut handler): wipe the sealed tokens (the App Key/Secret saved
// from Settings stay) and forget the cached snapshot and account map. Balance history is kept.
import { defineCommand } from '../registry';

export default defineCommand({
  name: 'logout',
  summary: 'Sign out: wipe the sealed Schwab tokens from the data dir',
  usage: 'arbion logout',
  options: {},
  async run(ctx) {
    const { handlers, inProcess } = await ctx.core();
    await handlers.signOut();
    ctx.out(`Signed out. The sealed tokens were wiped from ${inProcess.storage().databaseFile}.`);
    return 0;
  },
});
