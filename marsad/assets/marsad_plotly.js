// Charts after the page's first content. dcc.Graph uses window.Plotly when it is there; otherwise it fetches the
// whole plotly.js (4.8 MB; about a second of a 2-core machine's main thread to start) the moment a chart mounts,
// which is while the page's map and tables are being drawn. Here window.Plotly is a promise until plotly.js has
// loaded: its cartesian bundle (bar, scatter, heatmap: every trace Marsad draws; a third of the size, vendored by
// scripts/vendor_plotly.sh), fetched once no callback of the page is pending, so it never delays the first content.
(function () {
  var BUNDLE = "plotly-cartesian-4.1.1.min.js";
  var here = document.currentScript && document.currentScript.src;
  var url = (here ? here.replace(/[^/]*$/, "") : "/assets/") + "vendor/" + BUNDLE;
  var real = null;
  var pending = null;

  // resolves once no component has waited for a callback for 3 checks in a row (at most 3 s after the first ask)
  function settled(done) {
    var quiet = 0;
    var start = Date.now();
    (function check() {
      quiet = document.querySelector("[data-dash-is-loading]") ? 0 : quiet + 1;
      if (quiet >= 3 || Date.now() - start > 3000) { done(); } else { setTimeout(check, 40); }
    })();
  }

  function load() {
    if (!pending) {
      pending = new Promise(function (resolve, reject) {
        settled(function () {
          var script = document.createElement("script");
          script.src = url;
          script.onload = function () { resolve(real); };
          script.onerror = function () { pending = null; reject(new Error("plotly.js did not load from " + url)); };
          document.head.appendChild(script);
        });
      });
    }
    return pending;
  }

  Object.defineProperty(window, "Plotly", {
    configurable: true,
    get: function () { return real || load(); },
    set: function (value) { real = value; },  // plotly.js's bundle sets window.Plotly as it runs
  });
})();
