// @ts-check
// window.arbion for the browser host: the ArbionApi contract (preload/contract.ts) over a WebSocket.
// Loaded as a classic script before the renderer bundle; in Electron this file is absent and the
// preload provides window.arbion instead.
(function () {
  'use strict';
  var KEY = 'arbion.token';
  var fromHash = /(?:^#|&)token=([A-Za-z0-9_-]+)/.exec(location.hash);
  if (fromHash) {
    sessionStorage.setItem(KEY, fromHash[1]);
    // Keep the token out of the address bar, history and screenshots.
    history.replaceState(null, '', location.pathname + location.search);
  }
  var token = sessionStorage.getItem(KEY) || '';
  var nextId = 1;
  /** @type {Map<number, {resolve: (v: unknown) => void, reject: (e: Error) => void}>} */
  var pending = new Map();
  /** @type {Record<string, Set<(payload: unknown) => void>>} */
  var listeners = { snapshot: new Set(), authState: new Set(), settings: new Set() };
  /** @type {WebSocket | null} */
  var ws = null;
  /** @type {string[]} */
  var queue = [];
  var retryMs = 250;

  function connect() {
    var url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/ws?token=' + encodeURIComponent(token);
    ws = new WebSocket(url);
    ws.onopen = function () {
      retryMs = 250;
      while (queue.length && ws && ws.readyState === WebSocket.OPEN) ws.send(/** @type {string} */ (queue.shift()));
    };
    ws.onmessage = function (ev) {
      var msg;
      try { msg = JSON.parse(String(ev.data)); } catch (_) { return; }
      if (msg.type === 'event' && listeners[msg.event]) {
        listeners[msg.event].forEach(function (cb) { try { cb(msg.payload); } catch (e) { console.error(e); } });
      } else if (msg.type === 'result' && pending.has(msg.id)) {
        var p = /** @type {{resolve: (v: unknown) => void, reject: (e: Error) => void}} */ (pending.get(msg.id));
        pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        else {
          var err = new Error(msg.error && msg.error.message || 'Request failed');
          /** @type {any} */ (err).code = msg.error && msg.error.code;
          p.reject(err);
        }
      }
    };
    ws.onclose = function () {
      pending.forEach(function (p) { p.reject(Object.assign(new Error('Lost the connection to Arbion.'), { code: 'Network' })); });
      pending.clear();
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 5000);
    };
  }

  /** @param {string} method @param {unknown[]} args */
  function call(method, args) {
    return new Promise(function (resolve, reject) {
      var id = nextId++;
      pending.set(id, { resolve: resolve, reject: reject });
      var text = JSON.stringify({ id: id, method: method, args: args });
      if (ws && ws.readyState === WebSocket.OPEN) ws.send(text);
      else queue.push(text);
    });
  }

  /** @param {string} event */
  function subscribe(event) {
    return function (/** @type {(payload: unknown) => void} */ cb) {
      listeners[event].add(cb);
      return function () { listeners[event].delete(cb); };
    };
  }

  var methods = ['getSnapshot', 'refreshNow', 'getAuthState', 'signIn', 'submitRedirectUrl', 'signOut',
    'setCredentials', 'startDemo', 'getHistory', 'getAuditLog', 'getSettings', 'updateSettings', 'testConnection'];
  /** @type {Record<string, unknown>} */
  var api = {
    onSnapshot: subscribe('snapshot'),
    onAuthState: subscribe('authState'),
    onSettings: subscribe('settings'),
  };
  methods.forEach(function (m) {
    api[m] = function () { return call(m, Array.prototype.slice.call(arguments)); };
  });
  Object.defineProperty(window, 'arbion', { value: Object.freeze(api), writable: false, configurable: false });
  connect();
})();
