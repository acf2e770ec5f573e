'use client';

/**
 * The long-lived cytoscape container (house style §6, Kiali's CytoscapeReactWrapper): `cy` is created
 * once on mount and destroyed on unmount, the container <div> never re-renders (memo that always
 * says "equal"), and extensions are registered once at module scope. Everything that changes the
 * graph goes through the `cy` handed to `onReady`, never through React re-rendering this node.
 */
import cytoscape, { type Core } from 'cytoscape';
import fcose from 'cytoscape-fcose';
import { memo, useEffect, useRef } from 'react';
import { readPalette } from './palette';
import { buildStylesheet, DENSE_EDGES } from './stylesheet';

cytoscape.use(fcose);

interface CytoscapeHostProps {
  /** Called with the instance after mount and with null before it is destroyed. Must be stable. */
  onReady: (cy: Core | null) => void;
  className?: string;
}

function Host({ onReady, className }: CytoscapeHostProps) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const container = ref.current;
    if (!container) return;
    const cy = cytoscape({
      container,
      style: buildStylesheet(readPalette(container)),
      minZoom: 0.05,
      maxZoom: 4,
      wheelSensitivity: 0.3,
      boxSelectionEnabled: false,
      // Big graphs: draw a cached texture and skip edges while panning/zooming (30 fps target).
      hideEdgesOnViewport: true,
      textureOnViewport: true,
      motionBlur: false,
    });
    // The theme is CSS: re-resolve the palette when the toggle or the OS scheme changes.
    const restyle = () =>
      cy.style(buildStylesheet(readPalette(container), isDense(cy), isFramed(cy)));
    const media = window.matchMedia('(prefers-color-scheme: dark)');
    media.addEventListener('change', restyle);
    // Banners above the canvas come and go with the data: cytoscape only tracks window resizes.
    const resized = new ResizeObserver(() => cy.resize());
    resized.observe(container);
    const observer = new MutationObserver(restyle);
    observer.observe(document.documentElement, {
      attributes: true,
      attributeFilter: ['data-theme'],
    });
    onReady(cy);
    return () => {
      media.removeEventListener('change', restyle);
      observer.disconnect();
      resized.disconnect();
      onReady(null);
      cy.destroy();
    };
  }, [onReady]);
  return (
    <div
      ref={ref}
      className={className}
      data-testid="graph-canvas"
      role="img"
      aria-label="Service dependency graph. Select a node or edge to see its statistics."
    />
  );
}

const DENSE = 'flowscopeDense';
const FRAMED = 'flowscopeFramed';

const isDense = (cy: Core): boolean => cy.scratch(DENSE) === true;
/** Whether the elements held have namespace frames rather than compound boxes (to-elements.ts). */
export const isFramed = (cy: Core): boolean => cy.scratch(FRAMED) === true;

/**
 * Switches the stylesheet (see buildStylesheet) when the edge count crosses {@link DENSE_EDGES} or
 * the box style changes; a no-op otherwise, so it is cheap to call on every update. Called with
 * the counts about to be applied, before the elements are added: a new stylesheet restyles
 * every element held.
 */
export function updateStyleMode(cy: Core, edges: number, framed: boolean): void {
  const dense = edges > DENSE_EDGES;
  if (dense === isDense(cy) && framed === isFramed(cy)) return;
  cy.scratch(DENSE, dense);
  cy.scratch(FRAMED, framed);
  const container = cy.container();
  if (container) cy.style(buildStylesheet(readPalette(container), dense, framed));
}

/** Never re-renders after mount: the container belongs to cytoscape. */
export const CytoscapeHost = memo(Host, () => true);
