// Minimal declaration for cytoscape-fcose 2.2 (ships no types): a cytoscape extension registered with
// `cytoscape.use(fcose)`. Layout options are passed as a plain LayoutOptions object.
declare module 'cytoscape-fcose' {
  import type { Ext } from 'cytoscape';

  const fcose: Ext;
  export default fcose;
}
