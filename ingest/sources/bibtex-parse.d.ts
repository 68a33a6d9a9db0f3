/** Types for bibtex-parse 2.1 (the package ships none): the parts litgraph reads. */
declare module 'bibtex-parse' {
  export interface BibValue {
    value: string | number | BibValue[];
    datatype: 'braced' | 'quoted' | 'number' | 'identifier' | 'concatinate';
  }
  export interface BibField extends BibValue {
    name: string;
  }
  export type BibItem =
    | { itemtype: 'entry'; type: string; key: string; fields: BibField[] }
    | ({ itemtype: 'string'; name: string } & BibValue)
    | { itemtype: 'comment' | 'preamble' };
  export function parse(input: string): BibItem[];
}
