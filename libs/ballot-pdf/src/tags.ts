/**
 * Tagged PDF (ISO 32000-1, 14.7-14.8; PDF/UA-1): the logical structure of a document, built while
 * it is drawn. Every content item a drawing helper writes is either real content, wrapped in a
 * marked-content sequence (`/P <</MCID n>> BDC ... EMC`) that belongs to a structure element, or
 * an artifact (`/Artifact BMC ... EMC`: rules, frames, fills, running headers and footers).
 *
 * The helpers of draw.ts find the document's `Tags` themselves (`Tags.of(page.doc)`), so layout
 * code only says which structure it draws: `tags.group('H1', () => text(...))`. Text outside any
 * group becomes a paragraph of its own; rules, boxes and ovals outside a Figure are artifacts.
 * `finish` writes the structure tree, the parent tree and each page's /StructParents. The
 * top-level elements are put in page order (a template moves its instruction pages before the
 * ballot it drew first), elements within a page in the order they were drawn.
 */
import {
  PDFArray,
  type PDFDocument,
  PDFString,
  PDFName,
  PDFNumber,
  PDFOperator,
  PDFOperatorNames,
  type PDFPage,
  PDFRef,
  beginMarkedContent,
  endMarkedContent,
} from 'pdf-lib';

/** Standard structure types this library writes (ISO 32000-1, 14.8.4). */
export type StructType =
  | 'Document'
  | 'Part'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'Table'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Span';

/** Types whose marked content is their own (everything else groups other elements). */
const LEAVES = new Set<StructType>(['H1', 'H2', 'H3', 'P', 'Lbl', 'LBody', 'TH', 'TD', 'Figure', 'Span']);

export interface ElemOpts {
  /** alternative description (Figure: required by PDF/UA) */
  alt?: string;
  /** the text the content stands for */
  actualText?: string;
  /** the element's language (BCP 47) when it differs from the document's /Lang */
  lang?: string;
}

interface Mcr {
  page: PDFRef;
  mcid: number;
}

export class Elem {
  readonly kids: Array<Elem | Mcr> = [];
  constructor(
    readonly type: StructType,
    readonly parent: Elem | undefined,
    readonly opts: ElemOpts = {},
    /** order of creation, the tie-break of the page order */
    readonly seq = 0,
  ) {}
}

/** A marked-content id reserved in a template for content that a packet draws later. */
export interface Reserved {
  mcid: number;
  tag: StructType;
}

const docs = new WeakMap<PDFDocument, Tags>();

/**
 * A text string (ISO 32000-1, 7.9.2.2) as a literal: the characters themselves when printable
 * ASCII, else UTF-16BE with its byte order mark, as bytes; half the size of pdf-lib's hex form.
 */
export function textString(text: string): PDFString {
  let bytes = '';
  if (/^[\x20-\x7e]*$/.test(text)) bytes = text;
  else {
    bytes = '\xfe\xff';
    for (let i = 0; i < text.length; i++) {
      const u = text.charCodeAt(i);
      bytes += String.fromCharCode(u >> 8, u & 0xff);
    }
  }
  // a literal string escapes its delimiters and the backslash, and CR (read as an end of line)
  return PDFString.of(bytes.replace(/[\\()\r]/g, (c) => (c === '\r' ? '\\r' : `\\${c}`)));
}

/** `/tag <<props>> BDC`; the property list is a direct dictionary, written as one operand token. */
const bdc = (tag: string, props: string): PDFOperator =>
  PDFOperator.of(PDFOperatorNames.BeginMarkedContentSequence, [PDFName.of(tag), `<<${props}>>`]);

/** The structure of one document under construction. */
export class Tags {
  readonly root = new Elem('Document', undefined);
  private readonly stack: Elem[] = [this.root];
  /** per page: the element of each MCID, in MCID order */
  private readonly pages = new Map<PDFRef, Elem[]>();
  /** inside an artifact or a marked-content sequence: nested content is not marked again */
  private marked = 0;
  private seq = 0;

  private constructor(private readonly doc: PDFDocument) {}

  static of(doc: PDFDocument): Tags {
    let t = docs.get(doc);
    if (!t) {
      t = new Tags(doc);
      docs.set(doc, t);
    }
    return t;
  }

  /** A new element under `parent` (default: the innermost open group), not opened. */
  create(type: StructType, opts: ElemOpts = {}, parent: Elem = this.top()): Elem {
    const e = new Elem(type, parent, opts, this.seq++);
    parent.kids.push(e);
    return e;
  }

  /** Runs `fn` with `elem` (or a new element of that type) as the innermost open group. */
  group<T>(elem: Elem | StructType, fn: () => T, opts: ElemOpts = {}): T {
    const e = typeof elem === 'string' ? this.create(elem, opts) : elem;
    this.stack.push(e);
    try {
      return fn();
    } finally {
      this.stack.pop();
    }
  }

  private top(): Elem {
    return this.stack[this.stack.length - 1];
  }

  private nextMcid(page: PDFPage, elem: Elem): number {
    let list = this.pages.get(page.ref);
    if (!list) {
      list = [];
      this.pages.set(page.ref, list);
    }
    list.push(elem);
    const mcid = list.length - 1;
    elem.kids.push({ page: page.ref, mcid });
    return mcid;
  }

  /**
   * Real content: `draw` wrapped in a marked-content sequence of the innermost open element when
   * that is a leaf (paragraph, heading, figure...), else of a new `type` element under it.
   */
  content(page: PDFPage, type: StructType, draw: () => void): void {
    if (this.marked > 0) return draw();
    const top = this.top();
    const elem = LEAVES.has(top.type) ? top : this.create(type, {}, top);
    const mcid = this.nextMcid(page, elem);
    this.wrap(page, bdc(elem.type, `/MCID ${mcid}`), draw);
  }

  /** Decoration (rules, frames, fills): content of an open Figure, an artifact anywhere else. */
  decoration(page: PDFPage, draw: () => void): void {
    if (this.marked === 0 && this.top().type === 'Figure') this.content(page, 'Figure', draw);
    else this.artifact(page, draw);
  }

  /** `draw` as an artifact; `pagination`: running headers, footers and page numbers. */
  artifact(page: PDFPage, draw: () => void, pagination = false): void {
    if (this.marked > 0) return draw();
    const open = pagination ? bdc('Artifact', '/Type /Pagination') : beginMarkedContent('Artifact');
    this.wrap(page, open, draw);
  }

  /** Reserves an MCID on `page` for an element drawn later by `drawReserved` (in another document). */
  reserve(page: PDFPage, tag: StructType, opts: ElemOpts = {}): Reserved {
    const elem = this.create(tag, opts);
    return { mcid: this.nextMcid(page, elem), tag };
  }

  /** Draws the content of a reserved element (into a page of a document made from the template). */
  drawReserved(page: PDFPage, r: Reserved, draw: () => void): void {
    this.wrap(page, bdc(r.tag, `/MCID ${r.mcid}`), draw);
  }

  private wrap(page: PDFPage, open: PDFOperator, draw: () => void): void {
    page.pushOperators(open);
    this.marked++;
    try {
      draw();
    } finally {
      this.marked--;
      page.pushOperators(endMarkedContent());
    }
  }

  /** True once anything was tagged. */
  get used(): boolean {
    return this.root.kids.length > 0;
  }

  /**
   * Writes the structure tree root (with its parent tree) to the catalog and /StructParents to
   * each page with marked content. Returns the root's reference, or undefined when nothing was tagged.
   */
  finish(): PDFRef | undefined {
    if (!this.used) return undefined;
    const { context, catalog } = this.doc;
    const pageIndex = new Map<PDFRef, number>();
    this.doc.getPages().forEach((p, i) => pageIndex.set(p.ref, i));
    const firstPage = (e: Elem): number => {
      let best = Number.POSITIVE_INFINITY;
      for (const k of e.kids) {
        const at = k instanceof Elem ? firstPage(k) : (pageIndex.get(k.page) ?? Number.POSITIVE_INFINITY);
        if (at < best) best = at;
      }
      return best;
    };
    const hasContent = (e: Elem): boolean => e.kids.some((k) => !(k instanceof Elem) || hasContent(k));
    const order = (e: Elem): Array<Elem | Mcr> => {
      const kids = e.kids.filter((k) => !(k instanceof Elem) || hasContent(k));
      if (e !== this.root) return kids;
      const withPage = kids.map((k) => ({
        k,
        p: k instanceof Elem ? firstPage(k) : 0,
        s: k instanceof Elem ? k.seq : -1,
      }));
      withPage.sort((a, b) => a.p - b.p || a.s - b.s);
      return withPage.map((x) => x.k);
    };
    const refs = new Map<Elem, PDFRef>();
    const rootRef = context.nextRef();
    const build = (e: Elem, parentRef: PDFRef): PDFRef => {
      const ref = context.nextRef();
      refs.set(e, ref);
      const kids = PDFArray.withContext(context);
      const firstMcr = e.kids.find((k): k is Mcr => !(k instanceof Elem));
      for (const k of order(e)) {
        if (k instanceof Elem) kids.push(build(k, ref));
        else if (k.page === firstMcr?.page) kids.push(PDFNumber.of(k.mcid));
        else kids.push(context.obj({ Type: 'MCR', Pg: k.page, MCID: k.mcid }));
      }
      // /Type /StructElem is optional: left out, as it would be in every one of hundreds of elements
      const dict = context.obj({ S: e.type, P: parentRef });
      if (firstMcr) dict.set(PDFName.of('Pg'), firstMcr.page);
      dict.set(PDFName.of('K'), kids.size() === 1 ? kids.get(0) : kids);
      if (e.opts.alt !== undefined) dict.set(PDFName.of('Alt'), textString(e.opts.alt));
      if (e.opts.actualText !== undefined) dict.set(PDFName.of('ActualText'), textString(e.opts.actualText));
      if (e.opts.lang !== undefined) dict.set(PDFName.of('Lang'), PDFString.of(e.opts.lang));
      context.assign(ref, dict);
      return ref;
    };
    const docRef = build(this.root, rootRef);
    const nums = PDFArray.withContext(context);
    let key = 0;
    for (const page of this.doc.getPages()) {
      const list = this.pages.get(page.ref);
      if (!list) continue;
      page.node.set(PDFName.of('StructParents'), PDFNumber.of(key));
      nums.push(PDFNumber.of(key));
      const arr = PDFArray.withContext(context);
      for (const e of list) {
        const r = refs.get(e);
        if (!r) throw new Error(`ballot-pdf: structure element ${e.type} was not written`);
        arr.push(r);
      }
      nums.push(context.register(arr));
      key++;
    }
    context.assign(
      rootRef,
      context.obj({
        Type: 'StructTreeRoot',
        K: docRef,
        ParentTree: context.register(context.obj({ Nums: nums })),
        ParentTreeNextKey: key,
      }),
    );
    catalog.set(PDFName.of('StructTreeRoot'), rootRef);
    return rootRef;
  }
}

/** The document's tags (created on first use). */
export const tagsOf = (page: PDFPage): Tags => Tags.of(page.doc);
