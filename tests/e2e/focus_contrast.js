// The focused element's indicator against what lies next to it: its outline (or, with a
// negative offset, its own background), as WCAG 1.4.11 asks (3:1). Read by tests/e2e/a11y.py.
(() => {
  const el = document.activeElement;
  if (!el || el === document.body) return null;
  const parse = c => { const m = c.match(/[\d.]+/g) || []; return m.map(Number); };
  const lum = ([r, g, b]) => {
    const f = v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; };
    return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
  };
  const ratio = (a, b) => { const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const backgroundOf = node => {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const c = parse(getComputedStyle(node).backgroundColor);
      if (c.length >= 3 && (c.length < 4 || c[3] > 0.5)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const style = getComputedStyle(el);
  const width = parseFloat(style.outlineWidth) || 0;
  const name = el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') + (el.name ? `[name=${el.name}]` : '')
    + (el.textContent ? ' ' + el.textContent.trim().slice(0, 30) : '');
  const key = [...document.querySelectorAll('*')].indexOf(el);
  if (style.outlineStyle === 'none' || width < 2) return {key, name, ratio: 0};
  const next = parseFloat(style.outlineOffset) < 0 ? el : el.parentElement;
  return {key, name, ratio: ratio(parse(style.outlineColor).slice(0, 3), backgroundOf(next))};
})
