// The page's behaviour: draw the network, settle it once, then search, filter and tooltips.
// Tooltips are built with textContent, so a quote containing markup shows as text.
(function () {
  "use strict";
  var data = window.HPKG;
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(document.getElementById("graph"), { nodes: nodes, edges: edges }, data.options);
  var progress = document.getElementById("progress");
  var tip = document.getElementById("tooltip");
  var shown = document.getElementById("shown");
  var search = document.getElementById("search");
  var kindName = {};
  data.legend.forEach(function (item) { kindName[item.kind] = item.name; });
  window.hpkgNetwork = network;
  window.hpkgSettled = false;

  // Physics lays the graph out once, then stops: no endless jiggle, dragging moves one node.
  function settle() {
    if (window.hpkgSettled) { return; }
    network.setOptions({ physics: { enabled: false } });
    progress.hidden = true;
    window.hpkgSettled = true;
  }
  network.on("stabilizationProgress", function (p) {
    progress.textContent = "正在布局… " + Math.round(100 * p.iterations / p.total) + "%";
  });
  network.once("stabilizationIterationsDone", settle);
  network.once("stabilized", settle);
  if (data.nodes.length === 0 || !data.options.physics.enabled) {   // nothing to lay out, or laid out in
    network.fit({ animation: false });                            // Python: no stabilisation event comes
    settle();
  }

  function element(tag, className, text) {
    var e = document.createElement(tag);
    if (className) { e.className = className; }
    if (text !== undefined && text !== null) { e.textContent = text; }
    return e;
  }

  function tooltipFor(id) {
    var n = nodes.get(id);
    var box = element("div", "tip");
    box.appendChild(element("div", "tip-label", n.full || n.label));
    box.appendChild(element("div", "tip-class", (kindName[n.group] || n.group) + (n.detail ? " · " + n.detail : "")));
    (n.ev || []).forEach(function (ev) {   // [before, quote, after, document]: the sentence, its quote marked
      var quote = element("blockquote", null, ev[0]);
      quote.appendChild(element("mark", null, ev[1]));
      quote.appendChild(document.createTextNode(ev[2]));
      quote.appendChild(element("cite", null, ev[3]));
      box.appendChild(quote);
    });
    return box;
  }
  window.hpkgTooltip = tooltipFor;

  var pinned = null;
  function showTip(id, at) {
    tip.replaceChildren(tooltipFor(id));
    tip.hidden = false;
    var main = tip.parentNode.getBoundingClientRect();
    var x = Math.min(at.x + 14, Math.max(0, main.width - tip.offsetWidth - 4));
    var y = Math.min(at.y + 14, Math.max(0, main.height - tip.offsetHeight - 4));
    tip.style.left = x + "px";
    tip.style.top = y + "px";
  }
  function nodeAt(id) { return network.canvasToDOM(network.getPosition(id)); }
  network.on("hoverNode", function (p) { if (pinned === null) { showTip(p.node, p.pointer.DOM); } });
  network.on("blurNode", function () { if (pinned === null) { tip.hidden = true; } });
  network.on("click", function (p) {
    pinned = p.nodes.length ? p.nodes[0] : null;
    if (pinned === null) { tip.hidden = true; } else { showTip(pinned, p.pointer.DOM); }
  });
  function unpin() { pinned = null; tip.hidden = true; network.unselectAll(); }
  network.on("dragStart", function () { if (pinned !== null) { unpin(); } });
  document.addEventListener("keydown", function (e) { if (e.key === "Escape") { unpin(); } });

  // Search: an exact name first, else the first name containing the text.
  var byName = new Map();
  data.nodes.forEach(function (n) {
    var name = n.full || n.label;
    if (!byName.has(name)) { byName.set(name, n.id); }
  });
  var list = document.getElementById("names");
  Array.from(byName.keys()).sort().forEach(function (name) {
    var option = document.createElement("option");
    option.value = name;
    list.appendChild(option);
  });
  function find(text) {
    text = (text || "").trim();
    var id = byName.get(text);
    if (id === undefined && text) {
      for (var entry of byName) { if (entry[0].indexOf(text) >= 0) { id = entry[1]; break; } }
    }
    search.classList.toggle("notfound", id === undefined);
    if (id === undefined) { unpin(); return null; }          // no stale tooltip from the last search
    if (nodes.get(id).hidden) { resetFilters(); }
    network.selectNodes([id]);
    network.focus(id, { scale: 1.4, animation: false });
    pinned = id;
    showTip(id, nodeAt(id));
    return id;
  }
  window.hpkgFind = find;
  document.getElementById("search-form").addEventListener("submit", function (e) {
    e.preventDefault();
    find(search.value);
  });

  // Filters: the legend's boxes by class, and one region and one theme.
  var boxes = Array.from(document.querySelectorAll("#legend input[data-kind]"));
  var regionFilter = document.getElementById("region-filter");
  var themeFilter = document.getElementById("theme-filter");
  var legendCounts = Array.from(document.querySelectorAll("#legend [data-count]"));
  function applyFilters() {
    var on = new Set(boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.dataset.kind; }));
    var r = regionFilter.value === "" ? -1 : Number(regionFilter.value);
    var t = themeFilter.value === "" ? -1 : Number(themeFilter.value);
    var changes = [];
    var visible = [];
    var counts = {};                       // per class, the nodes the region and theme filters let through
    nodes.forEach(function (n) {
      var passes = (r < 0 || (n.r || []).indexOf(r) >= 0) && (t < 0 || (n.t || []).indexOf(t) >= 0);
      var show = on.has(n.group) && passes;
      if (passes) { counts[n.group] = (counts[n.group] || 0) + 1; }
      if (show) { visible.push(n.id); }
      if (Boolean(n.hidden) === show) { changes.push({ id: n.id, hidden: !show }); }
    });
    nodes.update(changes);
    legendCounts.forEach(function (c) { c.textContent = String(counts[c.dataset.count] || 0); });
    shown.textContent = "显示 " + visible.length + " / " + nodes.length + " 个节点";
    if (visible.length && (r >= 0 || t >= 0)) { network.fit({ nodes: visible, animation: false }); }
    return visible.length;
  }
  function resetFilters() {
    boxes.forEach(function (b) { b.checked = true; });
    regionFilter.value = "";
    themeFilter.value = "";
    applyFilters();
  }
  window.hpkgApplyFilters = applyFilters;
  boxes.forEach(function (b) { b.addEventListener("change", applyFilters); });
  regionFilter.addEventListener("change", applyFilters);
  themeFilter.addEventListener("change", applyFilters);
  shown.textContent = "显示 " + nodes.length + " / " + nodes.length + " 个节点";
})();
