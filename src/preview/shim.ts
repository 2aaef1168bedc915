/**
 * The `google.script.run` stand-in injected into the dialog by the preview server (never shipped:
 * dist/dialog.html stays untouched). It keeps the real API's shape — a fresh runner per chain,
 * `withSuccessHandler` / `withFailureHandler` / `withUserObject`, asynchronous callbacks, the
 * failure handler getting an Error — and POSTs `{fn, args}` to /api/run/<fn>.
 *
 * Values that google.script.run refuses (Date, functions) or changes (undefined) are tagged
 * instead of being silently rewritten by JSON.stringify, so that the server-side bridge can apply
 * Apps Script's own rules to them.
 */
export function shimScript(functions: readonly string[]): string {
  return `(function () {
  'use strict';
  var FUNCTIONS = ${JSON.stringify(functions)};
  function tag(key, value) {
    var raw = this[key];
    if (raw instanceof Date) return { __previewType: 'Date', ms: raw.getTime() };
    if (typeof raw === 'function') return { __previewType: 'function' };
    if (raw === undefined) return { __previewType: 'undefined' };
    return value;
  }
  function runner(success, failure, userObject) {
    var r = {
      withSuccessHandler: function (fn) { return runner(fn, failure, userObject); },
      withFailureHandler: function (fn) { return runner(success, fn, userObject); },
      withUserObject: function (obj) { return runner(success, failure, obj); }
    };
    FUNCTIONS.forEach(function (name) {
      r[name] = function () {
        var args = Array.prototype.slice.call(arguments);
        var body;
        try { body = JSON.stringify({ fn: name, args: args }, tag); }
        catch (e) { body = null; }
        var fail = function (message) {
          var error = new Error(message);
          if (failure) failure(error, userObject); else console.error(error);
        };
        if (body === null) { setTimeout(function () { fail('Failed due to illegal value in arguments.'); }, 0); return; }
        fetch('/api/run/' + encodeURIComponent(name), {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: body
        })
          .then(function (res) { return res.json(); })
          .then(function (out) {
            if (out && out.ok) {
              if (success) success(out.value, userObject);
              // Preview only: the /sheets page around the sidebar shows what a call changed (a row link's selection).
              if (window.parent !== window) window.parent.postMessage({ type: 'cjet-preview-ran', fn: name }, location.origin);
            }
            else fail(out && out.message ? out.message : 'Server error');
          }, function (e) { fail(String(e && e.message || e)); });
      };
    });
    return r;
  }
  window.google = {
    script: {
      run: runner(null, null, undefined),
      host: {
        close: function () {
          document.body.innerHTML = '<p style="font:14px system-ui;padding:24px">대화상자가 닫혔습니다 (dialog closed). <a href="/sheets">시트 보기 (view the sheets)</a> · <a href="/">다시 열기 (reopen)</a></p>';
        },
        setHeight: function () {},
        setWidth: function () {}
      }
    }
  };
})();`;
}
