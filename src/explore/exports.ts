// Exports of the current view: the picture as SVG or PNG, its graph as GraphML or JSON (nodes and edges with their
// attributes). Files are made in the page and saved with a download link; nothing is sent anywhere.

export type Attrs = Record<string, string | number | boolean | null>;
export interface GraphExport {
  name: string;
  directed: boolean;
  nodes: ({ id: string } & Attrs)[];
  edges: ({ source: string; target: string } & Attrs)[];
}

export function save(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function fileName(name: string, ext: string): string {
  const slug = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'litgraph';
  return `litgraph-${slug}.${ext}`;
}

export function toJson(g: GraphExport): Blob {
  return new Blob([JSON.stringify(g, null, 2)], { type: 'application/json' });
}

const xml = (v: unknown) =>
  String(v).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);

/** GraphML (graphml.graphdrawing.org): one <key> per attribute, typed from its values. */
export function toGraphML(g: GraphExport): Blob {
  const keys = (items: Attrs[], skip: string[]) => {
    const types = new Map<string, string>();
    for (const item of items) {
      for (const [k, v] of Object.entries(item)) {
        if (skip.includes(k) || v == null) continue;
        const t = typeof v === 'number' ? (Number.isInteger(v) ? 'long' : 'double') : typeof v === 'boolean' ? 'boolean' : 'string';
        const prev = types.get(k);
        types.set(k, prev && prev !== t ? (prev === 'long' && t === 'double' ? 'double' : 'string') : t);
      }
    }
    return types;
  };
  const nodeKeys = keys(g.nodes, ['id']);
  const edgeKeys = keys(g.edges, ['source', 'target']);
  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns">',
    ...[...nodeKeys].map(([k, t]) => `  <key id="n_${xml(k)}" for="node" attr.name="${xml(k)}" attr.type="${t}"/>`),
    ...[...edgeKeys].map(([k, t]) => `  <key id="e_${xml(k)}" for="edge" attr.name="${xml(k)}" attr.type="${t}"/>`),
    `  <graph id="${xml(g.name)}" edgedefault="${g.directed ? 'directed' : 'undirected'}">`,
  ];
  const data = (prefix: string, item: Attrs, known: Map<string, string>) =>
    [...known.keys()]
      .filter((k) => item[k] != null)
      .map((k) => `      <data key="${prefix}_${xml(k)}">${xml(item[k])}</data>`);
  for (const n of g.nodes) lines.push(`    <node id="${xml(n.id)}">`, ...data('n', n, nodeKeys), '    </node>');
  g.edges.forEach((e, i) =>
    lines.push(`    <edge id="e${i}" source="${xml(e.source)}" target="${xml(e.target)}">`, ...data('e', e, edgeKeys), '    </edge>'),
  );
  lines.push('  </graph>', '</graphml>', '');
  return new Blob([lines.join('\n')], { type: 'application/graphml+xml' });
}

export function toSvg(svg: SVGSVGElement): Blob {
  const copy = svg.cloneNode(true) as SVGSVGElement;
  copy.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  copy.removeAttribute('class');
  return new Blob([new XMLSerializer().serializeToString(copy)], { type: 'image/svg+xml' });
}

/** The SVG drawn onto a canvas at twice its size, on white. */
export async function toPng(svg: SVGSVGElement): Promise<Blob> {
  const box = svg.viewBox.baseVal;
  const width = box?.width || svg.clientWidth || 1000;
  const height = box?.height || svg.clientHeight || 700;
  const url = URL.createObjectURL(toSvg(svg));
  try {
    const img = new Image();
    img.src = url;
    await img.decode();
    const canvas = document.createElement('canvas');
    canvas.width = width * 2;
    canvas.height = height * 2;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = '#ffffff';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(img, 0, 0, canvas.width, canvas.height);
    return await new Promise<Blob>((resolve, reject) =>
      canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode the PNG'))), 'image/png'),
    );
  } finally {
    URL.revokeObjectURL(url);
  }
}
