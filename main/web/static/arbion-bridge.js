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
  // The contract's methods and events, filled in by the host from the one declaration when it serves this file.
  var CONTRACT = /*@contract*/ { methods: [], events: {} } /*@end*/;
  var token = sessionStorage.getItem(KEY) || '';
  var nextId = 1;
  /** @type {Map<number, {resolve: (v: unknown) => void, reject: (e: unknown) => void}>} */
  var pending = new Map();
  /** @type {Record<string, Set<(payload: unknown) => void>>} */
  var listeners = {};
  Object.keys(CONTRACT.events).forEach(function (event) { listeners[event] = new Set(); });
  /** @type {WebSocket | null} */
  var ws = null;
  /** @type {string[]} */
  var queue = [];
  var retryMs = 250;

  /** @param {unknown} code @param {unknown} message */
  function wireError(code, message) {
    return {
      code: typeof code === 'string' ? code : 'Internal',
      message: typeof message === 'string' && message ? message : 'Request failed',
    };
  }

  /**
   * Undoes the host's tabular wire form (main/web/tabularJson.ts): {"~t": [keys, …], "r": [[shape, value, …], …]}
   * becomes the array of objects it stands for. Only messages marked "enc":"tabular" carry it.
   * @param {unknown} value @returns {unknown}
   */
  function untabulate(value) {
    if (value === null || typeof value !== 'object') return value;
    if (Array.isArray(value)) {
      for (var i = 0; i < value.length; i++) value[i] = untabulate(value[i]);
      return value;
    }
    var record = /** @type {Record<string, unknown>} */ (value);
    var shapes = record['~t'];
    if (Array.isArray(shapes)) {
      var rows = /** @type {unknown[][]} */ (record.r);
      return rows.map(function (row) {
        var keys = /** @type {string[]} */ (shapes[/** @type {number} */ (row[0])]);
        /** @type {Record<string, unknown>} */
        var o = {};
        for (var k = 0; k < keys.length; k++) put(o, keys[k], untabulate(row[k + 1]));
        return o;
      });
    }
    for (var key in record) put(record, key, untabulate(record[key]));
    return record;
  }

  /** An own property, even one named __proto__ (which plain assignment would take as the prototype). @param {Record<string, unknown>} o @param {string} key @param {unknown} value */
  function put(o, key, value) {
    if (key === '__proto__') Object.defineProperty(o, key, { value: value, enumerable: true, writable: true, configurable: true });
    else o[key] = value;
  }

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
      if (msg.enc === 'tabular') {
        if (msg.type === 'event') msg.payload = untabulate(msg.payload);
        else msg.result = untabulate(msg.result);
      }
      if (msg.type === 'event' && listeners[msg.event]) {
        listeners[msg.event].forEach(function (cb) { try { cb(msg.payload); } catch (e) { console.error(e); } });
      } else if (msg.type === 'result' && pending.has(msg.id)) {
        var p = /** @type {{resolve: (v: unknown) => void, reject: (e: unknown) => void}} */ (pending.get(msg.id));
        pending.delete(msg.id);
        if (msg.ok) p.resolve(msg.result);
        // The same { code, message } the Electron preload rejects with.
        else p.reject(wireError(msg.error && msg.error.code, msg.error && msg.error.message));
      }
    };
    ws.onclose = function () {
      pending.forEach(function (p) { p.reject(wireError('Network', 'Lost the connection to Arbion.')); });
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

  /** @type {Record<string, unknown>} */
  var api = {};
  Object.keys(CONTRACT.events).forEach(function (event) { api[CONTRACT.events[event]] = subscribe(event); });
  CONTRACT.methods.forEach(function (/** @type {string} */ m) {
    api[m] = function () { return call(m, Array.prototype.slice.call(arguments)); };
  });
  Object.defineProperty(window, 'arbion', { value: Object.freeze(api), writable: false, configurable: false });
  connect();
})();
