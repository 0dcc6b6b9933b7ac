// The report's one HTML file: styles, script and data inline, nothing fetched.
// The script draws a squarified treemap of the pruned tree and zooms on click.

/** Escapes text for HTML content and attribute values. */
export function esc(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** JSON that is safe inside a <script> element: no '<' can close it early. */
export function scriptJson(data: unknown): string {
  return JSON.stringify(data).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export interface PageParts {
  readonly title: string;
  /** Inline HTML for the sections below the treemap (already escaped). */
  readonly headline: string;
  readonly legend: string;
  readonly sections: string;
  /** The treemap's data (see TreePayload in report.ts). */
  readonly data: unknown;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1d2330;background:#f6f7f9}
header{padding:16px 24px 8px}
h1{font-size:20px;margin:0 0 4px}
h2{font-size:16px;margin:28px 0 8px}
.sub{color:#5b6475}
.stats{display:flex;flex-wrap:wrap;gap:12px;margin:12px 0 0}
.stat{background:#fff;border:1px solid #dde1e8;border-radius:6px;padding:8px 14px;min-width:120px}
.stat b{display:block;font-size:18px}
.stat span{color:#5b6475;font-size:12px}
main{padding:0 24px 32px}
#crumbs{margin:8px 0;font-size:13px}
#crumbs a{color:#2457c5;cursor:pointer;text-decoration:none}
#crumbs a:hover{text-decoration:underline}
#crumbs .here{font-weight:600}
#treemap{position:relative;width:100%;height:62vh;min-height:360px;background:#fff;border:1px solid #c9ced8;overflow:hidden;user-select:none}
.box{position:absolute;overflow:hidden;border:1px solid rgba(255,255,255,.85);font-size:11px;line-height:14px;padding:1px 3px;color:#1d2330;cursor:default;white-space:nowrap;text-overflow:ellipsis}
.box.dir{cursor:zoom-in}
.box.top{border:2px solid #fff}
.box:hover{filter:brightness(1.06)}
.box.agg{background:repeating-linear-gradient(45deg,#e3e6eb 0 4px,#eef0f3 4px 8px)!important;color:#5b6475}
.box.nameonly{outline:2px dashed #c0392b;outline-offset:-3px}
.box .lbl{display:block;overflow:hidden;text-overflow:ellipsis;pointer-events:none}
.box .sz{opacity:.7;margin-left:4px}
#note{color:#5b6475;font-size:12px;margin-top:4px}
.meter{position:absolute;height:5px;display:flex;background:rgba(255,255,255,.6);pointer-events:none}
.meter i{display:block;height:100%}
.legend{display:flex;flex-wrap:wrap;gap:10px;margin:8px 0;font-size:12px}
.legend i{display:inline-block;width:12px;height:12px;vertical-align:-2px;margin-right:4px;border:1px solid #0002}
table{border-collapse:collapse;background:#fff;font-size:13px;margin:4px 0}
th,td{border:1px solid #dde1e8;padding:4px 8px;text-align:left;vertical-align:top}
th{background:#eef0f4}
td.n{text-align:right;font-variant-numeric:tabular-nums}
td.p{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px;word-break:break-all}
.cols{display:flex;flex-wrap:wrap;gap:24px}
.empty{color:#5b6475}
`;

// Plain ES5-ish script: no modules, no network. Data is read once from the JSON block.
const SCRIPT = `
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('rummage-data').textContent);
  var T = D.tree, n = T.name.length;
  var kids = new Array(n), i;
  for (i = 0; i < n; i++) kids[i] = [];
  for (i = 1; i < n; i++) kids[T.parent[i]].push(i);
  for (i = 0; i < n; i++) if (kids[i].length > 1) kids[i].sort(function (a, b) { return T.bytes[b] - T.bytes[a]; });
  // A node inside cruft or a duplicate folder takes its colour.
  var cr = new Int16Array(n), du = new Int32Array(n);
  for (i = 0; i < n; i++) {
    var p = T.parent[i];
    cr[i] = T.cruft[i] || (i > 0 ? cr[p] : 0);
    du[i] = T.dupe[i] || (i > 0 ? du[p] : 0);
  }
  // Bytes of confirmed cruft and of duplicate folders below each node, for the meter under each box.
  var crSum = new Float64Array(n), duSum = new Float64Array(n);
  for (i = n - 1; i > 0; i--) {
    var q = T.parent[i];
    if (T.cruft[i] > 0 && !(cr[q] > 0)) crSum[i] += T.bytes[i];
    if (T.dupe[i] && !du[q]) duSum[i] += T.bytes[i];
    crSum[q] += crSum[i];
    duSum[q] += duSum[i];
  }
  var UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  function size(b) {
    if (b < 1000) return b + ' B';
    var u = 0; while (b >= 1000 && u < UNITS.length - 1) { b /= 1000; u++; }
    return (b >= 100 ? b.toFixed(0) : b.toFixed(1)) + ' ' + UNITS[u];
  }
  function num(x) { return x.toLocaleString('en-US'); }
  function pathOf(i) {
    var parts = [];
    for (var j = i; j !== 0; j = T.parent[j]) parts.push(T.name[j]);
    return parts.reverse().join('/');
  }
  // Each box of the level shown gets its own hue; the boxes inside it are lighter shades of it.
  function colour(i, depth, hue) {
    // Name-only matches keep their own colour and get a dashed outline instead.
    if (cr[i] > 0) return D.cruftColours[cr[i] - 1];
    if (du[i]) return D.dupeColour;
    if (T.kind[i] === 0) return 'hsl(' + hue + ',18%,' + (depth ? 90 : 84) + '%)';
    return 'hsl(' + hue + ',42%,' + (depth ? 84 : 70) + '%)';
  }
  // Squarified treemap (Bruls, Huizing, van Wijk): rows that keep boxes close to square.
  function squarify(vals, x, y, w, h) {
    var out = new Array(vals.length), total = 0, k;
    for (k = 0; k < vals.length; k++) total += vals[k];
    if (total <= 0) return out;
    var scale = (w * h) / total, start = 0;
    while (start < vals.length) {
      var side = Math.min(w, h), row = 0, best = Infinity, end = start;
      for (; end < vals.length; end++) {
        var a = vals[end] * scale, r = row + a;
        var maxA = vals[start] * scale, minA = a;
        var worst = Math.max((side * side * maxA) / (r * r), (r * r) / (side * side * minA));
        if (worst > best) break;
        best = worst; row = r;
      }
      var thick = row / side, off = 0;
      for (k = start; k < end; k++) {
        var len = (vals[k] * scale) / thick;
        out[k] = w >= h ? { x: x, y: y + off, w: thick, h: len } : { x: x + off, y: y, w: len, h: thick };
        off += len;
      }
      if (w >= h) { x += thick; w -= thick; } else { y += thick; h -= thick; }
      start = end;
    }
    return out;
  }
  var map = document.getElementById('treemap'), crumbs = document.getElementById('crumbs'), note = document.getElementById('note');
  var cur = 0, drawn = 0, MAX_BOXES = 3000;
  function zoomable(i) { return T.kind[i] === 1 && kids[i].length > 0; }
  function draw(node, x, y, w, h, depth, frag, hue) {
    var ch = kids[node].filter(function (c) { return T.bytes[c] > 0; });
    var rects = squarify(ch.map(function (c) { return T.bytes[c]; }), x, y, w, h);
    for (var k = 0; k < ch.length && drawn < MAX_BOXES; k++) {
      var c = ch[k], r = rects[k];
      if (!r || r.w < 2 || r.h < 2) continue;
      var el = document.createElement('div');
      drawn++;
      el.className = 'box' + (depth ? '' : ' top') + (T.kind[c] === 3 ? ' agg' : zoomable(c) ? ' dir' : '') + (T.cruft[c] < 0 ? ' nameonly' : '');
      el.style.left = r.x + 'px'; el.style.top = r.y + 'px'; el.style.width = r.w + 'px'; el.style.height = r.h + 'px';
      var h2 = depth ? hue : (k * 47 + 200) % 360;
      el.style.background = colour(c, depth, h2);
      el.setAttribute('data-node', String(c));
      var p = pathOf(c);
      el.setAttribute('data-path', p);
      var what = T.kind[c] === 3 ? T.entries[c] + ' smaller items, not drawn one by one'
        : T.kind[c] === 1 ? num(T.entries[c]) + ' entries' : 'file';
      var tags = (cr[c] ? ' · cruft: ' + D.cruftKinds[Math.abs(cr[c]) - 1] + (cr[c] < 0 ? ' (name only)' : '') : '') + (du[c] ? ' · duplicate group ' + du[c] : '');
      el.title = D.name + '/' + p + '\\n' + size(T.bytes[c]) + ' · ' + what + tags;
      if (r.w > 36 && r.h > 13) {
        var lbl = document.createElement('span');
        lbl.className = 'lbl';
        lbl.textContent = T.name[c] + (T.kind[c] === 1 ? '/' : '');
        var sz = document.createElement('span');
        sz.className = 'sz';
        sz.textContent = size(T.bytes[c]);
        lbl.appendChild(sz);
        el.appendChild(lbl);
      }
      // A meter along the bottom of each box of the level shown: how much of it is cruft (its colour) and duplicate folders (purple).
      if (depth === 0 && ((crSum[c] > 0 && !cr[c]) || (duSum[c] > 0 && !du[c]))) {
        if (r.h > 24 && r.w > 24) {
          var meter = document.createElement('div');
          meter.className = 'meter';
          meter.style.left = (r.x + 1) + 'px'; meter.style.top = (r.y + r.h - 6) + 'px'; meter.style.width = (r.w - 2) + 'px';
          var part = function (v, bg) { var s = document.createElement('i'); s.style.width = (100 * v / T.bytes[c]) + '%'; s.style.background = bg; meter.appendChild(s); };
          if (!cr[c]) part(crSum[c], '#e4572e');
          if (!du[c]) part(duSum[c], D.dupeColour);
          meter.title = size(crSum[c]) + ' of confirmed cruft, ' + size(duSum[c]) + ' in duplicate folders';
          frag.appendChild(meter);
          later.push(meter);
        }
      }
      frag.appendChild(el);
      // One level of nesting inside each box that has room, under its label.
      if (depth < 1 && zoomable(c) && r.w > 60 && r.h > 44) draw(c, r.x + 2, r.y + 16, r.w - 4, r.h - 18, depth + 1, frag, h2);
    }
  }
  var later = [];
  function render() {
    drawn = 0;
    later = [];
    map.textContent = '';
    var frag = document.createDocumentFragment();
    draw(cur, 0, 0, map.clientWidth, map.clientHeight, 0, frag, 0);
    // Meters go on top of the nested boxes.
    for (var m = 0; m < later.length; m++) frag.appendChild(later[m]);
    map.appendChild(frag);
    map.setAttribute('data-current', pathOf(cur));
    crumbs.textContent = '';
    var chain = [];
    for (var j = cur; ; j = T.parent[j]) { chain.unshift(j); if (j === 0) break; }
    chain.forEach(function (j, k) {
      if (k > 0) crumbs.appendChild(document.createTextNode(' / '));
      var a = document.createElement(k === chain.length - 1 ? 'span' : 'a');
      a.textContent = j === 0 ? D.name : T.name[j];
      if (k === chain.length - 1) a.className = 'here';
      else a.onclick = function () { zoom(j); };
      crumbs.appendChild(a);
    });
    crumbs.appendChild(document.createTextNode('  ' + size(T.bytes[cur]) + ', ' + num(T.entries[cur]) + ' entries'));
    note.textContent = drawn >= MAX_BOXES ? 'Only the ' + num(MAX_BOXES) + ' largest boxes are drawn; click a folder to see inside.' : 'Click a folder to zoom in; click a name above to go back.';
  }
  function zoom(i) { cur = i; render(); }
  map.addEventListener('click', function (e) {
    var el = e.target;
    while (el && el !== map && !el.hasAttribute('data-node')) el = el.parentNode;
    if (!el || el === map) return;
    var i = Number(el.getAttribute('data-node'));
    // Zoom into the box clicked, or the folder holding it.
    while (i !== cur && !zoomable(i)) i = T.parent[i];
    if (i !== cur) zoom(i);
  });
  var resizeTimer = 0;
  window.addEventListener('resize', function () { clearTimeout(resizeTimer); resizeTimer = setTimeout(render, 100); });
  render();
  window.__rummageReady = performance.now();
})();
`;

/** The whole page. */
export function page(parts: PageParts): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:">
<title>${esc(parts.title)}</title>
<style>${CSS}</style>
</head>
<body>
<header>${parts.headline}</header>
<main>
<h2>Where the space goes</h2>
${parts.legend}
<div id="crumbs"></div>
<div id="treemap"></div>
<div id="note"></div>
${parts.sections}
</main>
<script type="application/json" id="rummage-data">${scriptJson(parts.data)}</script>
<script>${SCRIPT}</script>
</body>
</html>
`;
}
