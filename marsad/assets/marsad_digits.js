// One digit style everywhere. Marsad formats its own numbers in the reader's digits (marsad/digits.py), but
// plotly writes axes, hover labels and heatmap cells, and Leaflet its scale bar, cluster counts and popups, in
// Latin digits. In the Arabic interface those become Arabic-Indic too (with the Arabic decimal and thousands
// signs, and "كم" on the scale bar), unless the reader chose Latin digits (the marsad_digits cookie).
(function () {
  var ARABIC = "٠١٢٣٤٥٦٧٨٩";
  var WHERE = ".js-plotly-plot, .leaflet-control-scale, .marsad-cluster, .leaflet-popup-content, .leaflet-tooltip";

  function wanted() {
    return document.documentElement.lang === "ar" && !/(?:^|;\s*)marsad_digits=latin(?:;|$)/.test(document.cookie);
  }

  function arabic(text, scale) {
    var out = text
      .replace(/(\d)\.(?=\d)/g, "$1٫")
      .replace(/(\d),(?=\d)/g, "$1٬")
      .replace(/[0-9]/g, function (d) { return ARABIC[d]; });
    return scale ? out.replace(/\bkm\b/, "كم").replace(/\bm\b/, "م") : out;
  }

  function convert(root) {
    var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
    var scale = !!(root.closest && root.closest(".leaflet-control-scale"));
    for (var node = walker.nextNode(); node; node = walker.nextNode()) {
      var text = node.nodeValue;
      if (/[0-9]|\bkm\b/.test(text)) {
        var shown = arabic(text, scale);
        if (shown !== text) { node.nodeValue = shown; }  // unchanged text is left alone: no endless mutations
      }
    }
  }

  function within(node) {
    var el = node.nodeType === 1 ? node : node.parentElement;
    return el && el.closest ? el.closest(WHERE) : null;
  }

  new MutationObserver(function (mutations) {
    if (!wanted()) { return; }
    var roots = new Set();
    mutations.forEach(function (m) {
      var hit = within(m.target);
      if (hit) { roots.add(hit); }
      m.addedNodes.forEach(function (n) {
        if (n.nodeType !== 1) { return; }
        if (n.matches(WHERE)) { roots.add(n); }
        n.querySelectorAll(WHERE).forEach(function (el) { roots.add(el); });
      });
    });
    roots.forEach(convert);
  }).observe(document.documentElement, { childList: true, subtree: true, characterData: true });
})();
