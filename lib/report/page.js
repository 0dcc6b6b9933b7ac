// @ts-check
/// <reference lib="dom" />
// The report page's script: a squarified treemap of the pruned tree, zoomed
// by clicking, coloured by what each box holds, with an after-cleanup view.
// Inlined into the page by page.ts; no modules, nothing fetched.
(function () {
  'use strict';

  /**
   * @typedef {{ name: string[], parent: number[], bytes: number[], entries: number[], kind: number[], cruft: number[], dupe: number[], clean: number[] }} Tree
   * @typedef {{ cruft: string, nameOnly: string, dupe: string, folder: string[], file: string }} Colours
   * @typedef {{ name: string, tree: Tree, lists: Record<string, [string, number, number][]>, cruftKinds: string[], colours: Colours, maxBoxes: number, saved: number }} Data
   * @typedef {{ x: number, y: number, w: number, h: number }} Rect
   */

  /** @param {string} id @returns {HTMLElement} */
  function byId(id) {
    const el = document.getElementById(id);
    if (el === null) throw new Error(`#${id} is missing`);
    return el;
  }

  /** @type {Data} */
  const D = JSON.parse(byId('rummage-data').textContent || '{}');
  const T = D.tree;
  const C = D.colours;
  const n = T.name.length;
  /** @type {number[][]} */
  const kids = [];
  for (let i = 0; i < n; i++) kids.push([]);
  for (let i = 1; i < n; i++) kids[T.parent[i]].push(i);

  // Inherited marks: a node inside cruft or a duplicate folder is cruft or a copy too.
  const cr = new Int16Array(n);
  const du = new Int32Array(n);
  const gone = new Uint8Array(n);
  for (let i = 1; i < n; i++) {
    const p = T.parent[i];
    cr[i] = T.cruft[i] || cr[p];
    du[i] = T.dupe[i] || du[p];
    gone[i] = T.clean[i] | gone[p];
  }
  // Below each node: bytes of verified cruft, of duplicate copies, and of what a cleanup removes (topmost only).
  const crSum = new Float64Array(n);
  const duSum = new Float64Array(n);
  const cut = new Float64Array(n);
  for (let i = n - 1; i > 0; i--) {
    const q = T.parent[i];
    if (T.cruft[i] > 0 && !(cr[q] > 0)) crSum[i] += T.bytes[i];
    if (T.dupe[i] && !du[q] && !(cr[i] > 0)) duSum[i] += T.bytes[i];
    if (T.clean[i] && !gone[q]) cut[i] = T.bytes[i];
    crSum[q] += crSum[i];
    duSum[q] += duSum[i];
    cut[q] += cut[i];
  }

  let after = false;
  /** Bytes of a node as drawn: after a cleanup, what is left of it. @param {number} i */
  function val(i) {
    return after ? T.bytes[i] - cut[i] : T.bytes[i];
  }

  const UNITS = ['B', 'KB', 'MB', 'GB', 'TB', 'PB'];
  /** @param {number} b */
  function size(b) {
    if (b < 1000) return `${b} B`;
    let u = 0;
    while (b >= 1000 && u < UNITS.length - 1) {
      b /= 1000;
      u++;
    }
    return `${b >= 100 ? b.toFixed(0) : b.toFixed(1)} ${UNITS[u]}`;
  }
  /** @param {number} x */
  function num(x) {
    return x.toLocaleString('en-US');
  }
  /** @param {number} i */
  function pathOf(i) {
    const parts = [];
    for (let j = i; j !== 0; j = T.parent[j]) parts.push(T.name[j]);
    return parts.reverse().join('/');
  }

  /** The fill of a box: its own colour when it is cruft or a copy; else grey with a band for the share of cruft and copies inside. @param {number} i @param {number} depth */
  function fill(i, depth) {
    if (cr[i] > 0) return { bg: C.cruft, solid: true };
    // After a cleanup the copy kept is the only one left: no longer a duplicate.
    if (du[i] && !after) return { bg: C.dupe, solid: true };
    if (cr[i] < 0) return { bg: C.nameOnly, solid: false };
    const base = T.kind[i] === 1 ? C.folder[depth % 2] : C.file;
    const v = val(i);
    if (v <= 0) return { bg: base, solid: false };
    const a = after ? 0 : Math.min(100, (100 * crSum[i]) / v);
    const b = after ? 0 : Math.min(100, a + (100 * duSum[i]) / v);
    if (a <= 0 && b <= 0) return { bg: base, solid: false };
    return { bg: `linear-gradient(90deg,${C.cruft} 0 ${a}%,${C.dupe} ${a}% ${b}%,${base} ${b}%)`, solid: false };
  }

  /**
   * Squarified treemap (Bruls, Huizing, van Wijk): rows that keep boxes close to square.
   * @param {number[]} vals sorted largest first @param {number} x @param {number} y @param {number} w @param {number} h
   * @returns {Rect[]}
   */
  function squarify(vals, x, y, w, h) {
    /** @type {Rect[]} */
    const out = [];
    let total = 0;
    for (const v of vals) total += v;
    if (total <= 0 || w <= 0 || h <= 0) return out;
    const scale = (w * h) / total;
    let start = 0;
    while (start < vals.length) {
      const side = Math.min(w, h);
      let row = 0;
      let best = Infinity;
      let end = start;
      for (; end < vals.length; end++) {
        const a = vals[end] * scale;
        const r = row + a;
        const worst = Math.max((side * side * vals[start] * scale) / (r * r), (r * r) / (side * side * a));
        if (worst > best) break;
        best = worst;
        row = r;
      }
      const thick = row / side;
      let off = 0;
      for (let k = start; k < end; k++) {
        const len = (vals[k] * scale) / thick;
        out.push(w >= h ? { x, y: y + off, w: thick, h: len } : { x: x + off, y, w: len, h: thick });
        off += len;
      }
      if (w >= h) {
        x += thick;
        w -= thick;
      } else {
        y += thick;
        h -= thick;
      }
      start = end;
    }
    return out;
  }

  const map = byId('treemap');
  const crumbs = byId('crumbs');
  const note = byId('note');
  const smallList = byId('small-list');
  const afterBox = /** @type {HTMLInputElement} */ (byId('after'));
  const afterNote = byId('after-note');
  let cur = 0;
  let drawn = 0;
  /** Levels drawn inside the level shown. */
  const MAX_DEPTH = 3;
  /** @param {number} i */
  function zoomable(i) {
    return T.kind[i] === 1 && kids[i].some((c) => val(c) > 0);
  }
  /** The children of a node drawn now, largest first. @param {number} i */
  function shown(i) {
    return kids[i].filter((c) => val(c) > 0).sort((a, b) => val(b) - val(a));
  }

  /** One box. @param {number} c @param {Rect} r @param {number} depth @param {DocumentFragment} frag */
  function box(c, r, depth, frag) {
    const el = document.createElement('div');
    drawn++;
    const f = fill(c, depth);
    el.className = `box${depth ? '' : ' top'}${T.kind[c] === 3 ? ' agg' : zoomable(c) ? ' dir' : ''}${cr[c] < 0 ? ' nameonly' : ''}${f.solid ? ' solid' : ''}`;
    el.style.left = `${r.x}px`;
    el.style.top = `${r.y}px`;
    el.style.width = `${r.w}px`;
    el.style.height = `${r.h}px`;
    el.style.background = f.bg;
    // A thin box keeps its true size: no padding or border may widen it.
    if (r.w < 12 || r.h < 8) {
      el.style.padding = '0';
      el.style.borderWidth = r.w < 4 || r.h < 4 ? '0' : '1px';
    }
    el.setAttribute('data-node', String(c));
    const p = pathOf(c);
    el.setAttribute('data-path', p);
    const what = T.kind[c] === 3 ? `${num(T.entries[c])} smaller items: click for the list` : T.kind[c] === 1 ? `${num(T.entries[c])} entries` : 'file';
    const tags = (cr[c] ? ` · cruft: ${D.cruftKinds[Math.abs(cr[c]) - 1]}${cr[c] < 0 ? ' (name only)' : ''}` : '') + (du[c] ? ` · duplicate group ${du[c]}` : '');
    const shares = !f.solid && (crSum[c] > 0 || duSum[c] > 0) ? ` · ${size(crSum[c])} cruft, ${size(duSum[c])} duplicate copies inside` : '';
    el.title = `${D.name}/${p}\n${size(val(c))} · ${what}${tags}${shares}`;
    if (r.w > 36 && r.h > 13) {
      const lbl = document.createElement('span');
      lbl.className = 'lbl';
      lbl.textContent = T.name[c] + (T.kind[c] === 1 ? '/' : '');
      const sz = document.createElement('span');
      sz.className = 'sz';
      sz.textContent = size(val(c));
      lbl.appendChild(sz);
      el.appendChild(lbl);
    }
    frag.appendChild(el);
  }

  function render() {
    drawn = 0;
    map.textContent = '';
    smallList.hidden = true;
    const frag = document.createDocumentFragment();
    const W = map.clientWidth;
    const H = map.clientHeight;
    // Every box of the level shown first, however small, so none is ever left out; then the levels inside,
    // breadth first (all of level 1 before any of level 2), each box with room for its insides, to the budget.
    const top = shown(cur);
    const rects = squarify(top.map(val), 0, 0, W, H);
    /** @type {{ c: number, r: Rect, depth: number }[]} */
    const queue = [];
    top.forEach((c, k) => {
      box(c, rects[k], 0, frag);
      queue.push({ c, r: rects[k], depth: 0 });
    });
    for (let q = 0; q < queue.length && drawn < D.maxBoxes; q++) {
      const { c, r, depth } = queue[q];
      if (depth >= MAX_DEPTH || !zoomable(c) || r.w <= 60 || r.h <= 44) continue;
      const inner = shown(c);
      const rr = squarify(inner.map(val), r.x + 2, r.y + 16, r.w - 4, r.h - 18);
      for (let j = 0; j < inner.length && drawn < D.maxBoxes; j++) {
        if (rr[j].w < 2 || rr[j].h < 2) continue;
        box(inner[j], rr[j], depth + 1, frag);
        queue.push({ c: inner[j], r: rr[j], depth: depth + 1 });
      }
    }
    map.appendChild(frag);
    map.setAttribute('data-current', pathOf(cur));
    map.setAttribute('data-drawn', String(drawn));
    crumbs.textContent = '';
    /** @type {number[]} */
    const chain = [];
    for (let j = cur; ; j = T.parent[j]) {
      chain.unshift(j);
      if (j === 0) break;
    }
    chain.forEach((j, k) => {
      if (k > 0) crumbs.appendChild(document.createTextNode(' / '));
      const a = document.createElement(k === chain.length - 1 ? 'span' : 'a');
      a.textContent = j === 0 ? D.name : T.name[j];
      if (k === chain.length - 1) a.className = 'here';
      else a.onclick = () => zoom(j);
      crumbs.appendChild(a);
    });
    crumbs.appendChild(document.createTextNode(`  ${size(val(cur))}, ${num(T.entries[cur])} entries`));
    note.textContent = `${num(drawn)} boxes drawn${drawn >= D.maxBoxes ? ` (at most ${num(D.maxBoxes)} at a time: click a folder to see inside)` : ''}. Click a folder to zoom in, a name above to go back, hatched "smaller items" for their list.`;
    afterNote.textContent = after ? ` after cleanup: ${size(D.saved)} saved, ${size(T.bytes[0])} → ${size(val(0))}` : '';
  }

  /** @param {number} i */
  function zoom(i) {
    cur = i;
    render();
  }

  /** The list of a "smaller items" box: its largest members. @param {number} i */
  function showList(i) {
    const items = D.lists[String(i)] || [];
    const parent = T.parent[i];
    smallList.textContent = '';
    const h = document.createElement('b');
    h.textContent = `${D.name}/${pathOf(parent)}: ${num(T.entries[i])} smaller items, ${size(T.bytes[i])}${items.length < T.entries[i] ? ` (the largest ${num(items.length)})` : ''}`;
    smallList.appendChild(h);
    const table = document.createElement('table');
    table.id = 'small-items';
    for (const [name, bytes, dir] of items) {
      const tr = document.createElement('tr');
      const a = document.createElement('td');
      a.className = 'p';
      a.textContent = name + (dir ? '/' : '');
      const b = document.createElement('td');
      b.className = 'n';
      b.textContent = size(bytes);
      tr.append(a, b);
      table.appendChild(tr);
    }
    smallList.appendChild(table);
    smallList.hidden = false;
  }

  map.addEventListener('click', (e) => {
    let el = /** @type {HTMLElement | null} */ (e.target);
    while (el && el !== map && !el.hasAttribute('data-node')) el = el.parentElement;
    if (!el || el === map) return;
    let i = Number(el.getAttribute('data-node'));
    if (T.kind[i] === 3) {
      showList(i);
      return;
    }
    // Zoom into the box clicked, or the folder holding it.
    while (i !== cur && !zoomable(i)) i = T.parent[i];
    if (i !== cur) zoom(i);
  });
  afterBox.addEventListener('change', () => {
    after = afterBox.checked;
    while (cur !== 0 && val(cur) <= 0) cur = T.parent[cur];
    render();
  });
  /** @type {ReturnType<typeof setTimeout> | undefined} */
  let resizeTimer;
  window.addEventListener('resize', () => {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(render, 100);
  });
  render();
  /** @type {any} */ (window).__rummageReady = performance.now();
})();
