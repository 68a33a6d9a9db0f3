import type { GraphExport } from '../exports';
import type { State } from '../state';

/** What the shell needs of a view: where it draws, how to follow the URL, and what it can export. */
export interface View {
  /** A view is kept (not rebuilt) while the state maps to the same key: a slider or a panel does not reload it. */
  key: string;
  update(state: State): void;
  destroy(): void;
  /** The graph on screen, with attributes; null while nothing is loaded. */
  graph(): GraphExport | null;
  /** The picture on screen as SVG (drawn for the purpose when the screen is a canvas); null while nothing is loaded. */
  picture(): SVGSVGElement | null;
}

export interface ViewRoot {
  /** The picture's area. */
  stage: HTMLElement;
  /** The list view of the same content (shown instead of the picture in list mode). */
  list: HTMLElement;
  /** The side panel: details, legend, controls. */
  side: HTMLElement;
  /** Sets the toolbar's title. */
  title(text: string, sub?: string): void;
}
