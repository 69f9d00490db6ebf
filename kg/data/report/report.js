/* hpkg report: colours the map by the chosen measure. Loads nothing; sets window.hpkgSettled. */
(function () {
  "use strict";
  var SCALE = ["#fde0dd", "#fa9fb5", "#f768a1", "#c51b8a", "#7a0177"];
  var NONE = "#e4e7eb";
  function bins(max) {            // upper bounds of up to five equal bins over 1..max
    var out = [], step = Math.max(1, Math.ceil(max / SCALE.length));
    for (var b = step; out.length < SCALE.length && b - step < max; b += step) out.push(b);
    return out;
  }
  function colourMap(mode) {
    var map = document.getElementById("china-map");
    if (!map) return;
    var paths = map.querySelectorAll("path.province");
    var legend = document.getElementById("map-legend");
    var html = "";
    if (mode.indexOf("ini:") === 0) {
      var slug = mode.slice(4);
      paths.forEach(function (p) {
        var has = (" " + p.getAttribute("data-initiatives") + " ").indexOf(" " + slug + " ") >= 0;
        var plans = +p.getAttribute("data-plans");
        p.style.fill = has ? SCALE[4] : (plans > 0 ? SCALE[0] : NONE);
      });
      html = "<i style='background:" + SCALE[4] + "'></i>采纳 <i style='background:" + SCALE[0] +
             "'></i>有计划未提及 <i style='background:" + NONE + "'></i>无计划";
    } else {
      var max = 0;
      paths.forEach(function (p) { max = Math.max(max, +p.getAttribute("data-" + mode)); });
      var b = bins(max);
      paths.forEach(function (p) {
        var v = +p.getAttribute("data-" + mode), i = 0;
        while (i < b.length - 1 && v > b[i]) i++;
        p.style.fill = v > 0 ? SCALE[i] : NONE;
      });
      html = "<i style='background:" + NONE + "'></i>0";
      var lo = 1;
      b.forEach(function (hi, i) { html += " <i style='background:" + SCALE[i] + "'></i>" + (lo === hi ? hi : lo + "–" + hi); lo = hi + 1; });
    }
    if (legend) legend.innerHTML = html;
  }
  var select = document.getElementById("map-mode");
  if (select) {
    select.addEventListener("change", function () { colourMap(select.value); });
    colourMap(select.value);
  }
  window.hpkgColourMap = colourMap;
  window.hpkgSettled = true;
})();
