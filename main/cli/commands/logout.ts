// arbion logout: wipe the sealed tokens (the App Key/Secret saved from Settings stay) and forget the cached
// snapshot and account map, as the app does on sign-out. Balance history is kept.
import { defineCommand } from '../registry';

export default defineCommand({
  name: 'logout',
  summary: 'Sign out: wipe the sealed Schwab tokens from the data dir',
  usage: 'arbion logout',
  options: {},
  async run(ctx) {
    const s = await ctx.services();
    await s.auth.signOut();
    s.portfolio.clear();
    ctx.out(`Signed out. The sealed tokens were wiped from ${s.databaseFile}.`);
    return 0;
  },
});
