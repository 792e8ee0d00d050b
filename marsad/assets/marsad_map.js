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
    centerPoint: function (feature, latlng, context) {
      return L.circleMarker(latlng, {
        radius: 6, fillColor: feature.properties.color || context.hideout.noData,
        color: "#1f2937", weight: 1, fillOpacity: 0.95,
      });
    },
    clusterIcon: function (feature, latlng, index, context) {
      var n = feature.properties.point_count;
      var size = n < 10 ? 30 : n < 100 ? 36 : 44;
      var icon = L.divIcon({
        html: "<div><span>" + feature.properties.point_count_abbreviated + "</span></div>",
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
  resultPoint: function (feature, latlng) {
    return L.circleMarker(latlng, { radius: 8, fillColor: feature.properties.color, color: "#1f2937", weight: 1,
                                    fillOpacity: 0.95 });
  },
};
