/**
 * Resolves the graph's theme variables (service-graph.module.css) to concrete colours for
 * cytoscape. Custom properties read through getComputedStyle come back unresolved (`light-dark(…)`),
 * so each one is applied as a probe element's `color` and read back resolved.
 */
export interface GraphPalette {
  node: string;
  nodeBorder: string;
  label: string;
  labelMuted: string;
  box: string;
  boxBorder: string;
  edge: string;
  ok: string;
  warn: string;
  bad: string;
  select: string;
  match: string;
  reserved: string;
  namespace: string;
}

const VARS: Record<keyof GraphPalette, string> = {
  node: '--graph-node',
  nodeBorder: '--graph-node-border',
  label: '--graph-label',
  labelMuted: '--graph-label-muted',
  box: '--graph-box',
  boxBorder: '--graph-box-border',
  edge: '--graph-edge',
  ok: '--graph-ok',
  warn: '--graph-warn',
  bad: '--graph-bad',
  select: '--graph-select',
  match: '--graph-match',
  reserved: '--graph-reserved',
  namespace: '--graph-namespace',
};

/** Reads the palette in the context of `el` (which must be inside the element defining the vars). */
export function readPalette(el: HTMLElement): GraphPalette {
  const probe = document.createElement('span');
  probe.style.display = 'none';
  el.appendChild(probe);
  const out = {} as GraphPalette;
  try {
    for (const [key, name] of Object.entries(VARS) as [keyof GraphPalette, string][]) {
      probe.style.color = `var(${name}, #888)`;
      out[key] = getComputedStyle(probe).color;
    }
  } finally {
    probe.remove();
  }
  return out;
}
