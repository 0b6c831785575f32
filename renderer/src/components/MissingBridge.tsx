// Shown when no host provided window.arbion (the page was opened on its own, or the bridge failed to load).
export function MissingBridge() {
  return (
    <main className="signin-screen">
      <div className="signin-card narrow" role="alert">
        <h1>Arbion cannot reach its engine</h1>
        <p>
          This page only works inside the Arbion desktop app, or when opened from the address that{' '}
          <code>npm run web</code> prints (it carries a one-time access token after <code>#token=</code>).
        </p>
        <p className="muted">If you used that address, reload the page; if it still fails, restart Arbion.</p>
      </div>
    </main>
  );
}
