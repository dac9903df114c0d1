/* Web workers for the offline copy, read from file://.
 *
 * Browsers refuse to start a web worker from a file:// page, and Material's
 * search runs in one. Here the worker's script runs in a hidden frame of the
 * page instead, with postMessage and importScripts wired to the page, as
 * Material's offline plugin does with the iframe-worker shim (which it would
 * load from a CDN: a request leaving the site, and none on a USB stick). This
 * one adds no inline script, so the page's Content-Security-Policy still holds.
 * Loaded only in offline copies, and does nothing over http(s).
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || !window.EventTarget) return;

  class FileWorker extends EventTarget {
    constructor(url) {
      super();
      this.onmessage = null;
      this.onerror = null;
      var worker = this;
      var frame = document.createElement("iframe");
      frame.hidden = true;
      frame.tabIndex = -1;
      frame.setAttribute("aria-hidden", "true");
      frame.title = "Search worker";
      document.body.appendChild(frame);
      this.frame = frame;
      var scope = frame.contentWindow;
      var doc = scope.document;
      var body = doc.body || doc.documentElement.appendChild(doc.createElement("body"));

      function load(src) {
        return new Promise(function (resolve, reject) {
          var script = doc.createElement("script");
          script.src = new URL(src, location.href).href;
          script.onload = resolve;
          script.onerror = function () { worker.fail("could not load " + src); reject(); };
          body.appendChild(script);
        });
      }
      /* The worker's own postMessage reaches the page, a little later, as a worker's would. */
      scope.postMessage = function (data) {
        setTimeout(function () { worker.deliver(data); }, 0);
      };
      scope.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (done, src) {
          return done.then(function () { return load(src); });
        }, Promise.resolve());
      };
      this.ready = load(url);
    }

    deliver(data) {
      var event = new MessageEvent("message", { data: data });
      this.dispatchEvent(event);
      if (typeof this.onmessage === "function") this.onmessage(event);
    }

    fail(message) {
      var event = new ErrorEvent("error", { message: message });
      this.dispatchEvent(event);
      if (typeof this.onerror === "function") this.onerror(event);
    }

    postMessage(data) {
      var scope = this.frame.contentWindow;
      var copy = structuredClone(data);
      this.ready.then(function () {
        scope.dispatchEvent(new scope.MessageEvent("message", { data: copy }));
      }, function () {});
    }

    terminate() {
      this.frame.remove();
    }
  }

  window.Worker = FileWorker;
})();
