/** Downloads for the graph toolbar: the current view as PNG and the graph data as JSON. */
import type { Core } from 'cytoscape';

function download(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  a.click();
  // Revoke later: some browsers start the download asynchronously.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

const stamp = () => new Date().toISOString().replace(/[:.]/g, '-');

/** The whole graph (not just the viewport) as a PNG, at 2x for readable labels. */
export function exportPng(cy: Core, background: string): void {
  const blob = cy.png({
    output: 'blob',
    full: true,
    scale: 2,
    bg: background,
    // Bounded: a big graph at 2x would be a canvas of hundreds of megapixels.
    maxWidth: 8000,
    maxHeight: 8000,
  });
  download(blob, `flowscope-graph-${stamp()}.png`);
}

/** The graph as the API returned it (nodes and edges with all stats). */
export function exportJson(data: unknown): void {
  const blob = new Blob([JSON.stringify(data, null, 2)], { type: 'application/json' });
  download(blob, `flowscope-graph-${stamp()}.json`);
}
