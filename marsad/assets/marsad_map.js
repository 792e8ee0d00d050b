// Functional props of the dash-leaflet layers, referenced from Python as {"variable": "marsad.map.<name>"}.
// Colours and breaks come from the layer's `hideout` (built in marsad/layers/classes.py).
window.marsad = Object.assign({}, window.marsad, {
  map: {
    areaStyle: function (feature, context) {
      var p = feature.properties;
      return {
        fillColor: p.color || context.hideout.noData,
        fillOpacity: p.current ? 0.15 : 0.75,
        color: "#ffffff",
        weight: 1.2,
        dashArray: p.approximate ? "4 3" : null,
        className: "marsad-area marsad-area-" + p.code,
      };
    },
    areaHover: function () {
      return { weight: 3, color: "#1f2937", dashArray: null };
    },
    // An area's tooltip from its `tip` lines (name, figures, approximate note; marsad/layers/geojson.py map_areas),
    // put in as text: names come from imported files and are never parsed as HTML.
    areaFeature: function (feature, layer) {
      var tip = feature.properties.tip || [];
      layer.bindTooltip(function () {
        var box = document.createElement("div");
        tip.forEach(function (line, i) {
          if (!line) { return; }
          var el = document.createElement(i === 0 ? "b" : i === 2 ? "i" : "span");
          el.textContent = String(line);
          if (box.childNodes.length) { box.appendChild(document.createElement("br")); }
          box.appendChild(el);
        });
        return box;
      });
    },
    centerPoint: function (feature, latlng, context) {
      return L.circleMarker(latlng, {
        radius: 6, fillColor: feature.properties.color || context.hideout.noData,
        color: "#1f2937", weight: 1, fillOpacity: 0.95, className: "marsad-center",
      });
    },
    // A center's popup and tooltip, built when first opened from its properties (id, name, sector, mean, n)
    // and the labels in hideout.popup (marsad/layers/geojson.py popup_context). Text goes in as text nodes:
    // names come from the database and are never parsed as HTML.
    centerFeature: function (feature, layer, context) {
      var p = feature.properties;
      if (p.cluster) { return; }
      var h = context.hideout.popup;
      layer.bindTooltip(function () { return document.createTextNode(p.name || ""); });
      layer.bindPopup(function () {
        var box = document.createElement("div");
        box.className = "marsad-popup";
        box.setAttribute("dir", h.dir);
        var name = document.createElement("b");
        name.textContent = p.name || "";
        box.appendChild(name);
        [[h.sector, h.sectors[p.sector] || p.sector], [h.mean, p.mean == null ? h.no_ratings : p.mean],
         [h.n, p.n]].forEach(function (row) {
          box.appendChild(document.createElement("br"));
          box.appendChild(document.createTextNode(row[0] + ": " + row[1]));
        });
        if (!h.profile) { return box; }  // embedded views link nowhere
        box.appendChild(document.createElement("br"));
        var link = document.createElement("a");
        link.href = "/center/" + encodeURIComponent(p.id) + "?lang=" + encodeURIComponent(h.lang);
        link.textContent = h.profile;
        box.appendChild(link);
        return box;
      });
    },
    // An open alert: a red ring around its center (dashed around a point inside its area, for an area's alert),
    // with its text as a tooltip (a text node) and a click to the alerts page.
    alertPoint: function (feature, latlng, context) {
      return L.circleMarker(latlng, {
        radius: feature.properties.area ? 16 : 11, color: "#dc2626", weight: 3, fill: false,
        dashArray: feature.properties.area ? "5 4" : null, className: "marsad-alert",
      });
    },
    alertFeature: function (feature, layer, context) {
      layer.bindTooltip(function () { return document.createTextNode(String(feature.properties.text || "")); });
      layer.on("click", function () {
        window.location.href = "/alerts?lang=" + encodeURIComponent(context.hideout.lang);
      });
    },
    // A place name (marsad/place_names.py): a dot and the name, put in as text; never clickable.
    placeLabel: function (feature, latlng) {
      var name = document.createElement("span");
      name.textContent = String(feature.properties.name || "");
      var icon = L.divIcon({ className: "marsad-place marsad-place-" + feature.properties.tier, html: name,
                             iconSize: null });
      return L.marker(latlng, { icon: icon, interactive: false, keyboard: false });
    },
    // The map's container says up to which tier its zoom writes names (data-place-tier); marsad.css hides the rest.
    placeZoom: function (feature, layer) {
      layer.on("add", function () {
        var map = layer._map;
        if (!map || map._marsadPlaces) { return; }
        map._marsadPlaces = true;
        var shown = function () {
          var z = map.getZoom();
          map.getContainer().setAttribute("data-place-tier", z <= 5 ? 1 : z <= 6 ? 2 : z <= 7 ? 3 : z <= 9 ? 4 : 5);
        };
        map.on("zoomend", shown);
        shown();
      });
    },
    clusterIcon: function (feature, latlng, index, context) {
      var n = feature.properties.point_count;
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      // Latin digits here; in Arabic marsad_digits.js writes them in the reader's digits, as everywhere else
      var icon = L.divIcon({
        html: "<div><span>" + Number(n).toLocaleString("en-US") + "</span></div>",
        className: "marsad-cluster", iconSize: L.point(size, size),
      });
      return L.marker(latlng, { icon: icon });
    },
  },
});
// Public "near me": the locate control's position becomes the map's clickData, like a click on the map.
window.marsad.pub = {
  located: function (e, ctx) {
    ctx.setProps({ clickData: { latlng: [e.latlng.lat, e.latlng.lng], located: true } });
  },
  // A result's tooltip: its name, as text (it may be a citizen's proposed name).
  resultFeature: function (feature, layer) {
    layer.bindTooltip(function () { return document.createTextNode(String(feature.properties.name || "")); });
  },
  resultPoint: function (feature, latlng) {
    return L.circleMarker(latlng, { radius: 8, fillColor: feature.properties.color, color: "#1f2937", weight: 1,
                                    fillOpacity: 0.95, className: "pub-result" });
  },
};
