// pdfkit ships no type declarations: the small part of its API the program report's PDF uses.
declare module 'pdfkit' {
  interface TextOptions {
    width?: number;
    align?: 'left' | 'right' | 'center';
    continued?: boolean;
    lineBreak?: boolean;
  }
  export default class PDFDocument {
    constructor(options?: { size?: string; margin?: number; info?: Record<string, string>; lang?: string });
    y: number;
    x: number;
    page: { width: number; height: number; margins: { top: number; bottom: number; left: number; right: number } };
    font(name: string): this;
    fontSize(size: number): this;
    fillColor(color: string): this;
    strokeColor(color: string): this;
    lineWidth(w: number): this;
    text(text: string, x?: number, y?: number, options?: TextOptions): this;
    text(text: string, options?: TextOptions): this;
    moveDown(lines?: number): this;
    moveTo(x: number, y: number): this;
    lineTo(x: number, y: number): this;
    rect(x: number, y: number, w: number, h: number): this;
    fill(color?: string): this;
    stroke(): this;
    addPage(): this;
    heightOfString(text: string, options?: TextOptions): number;
    on(event: 'data', fn: (chunk: Buffer) => void): this;
    on(event: 'end', fn: () => void): this;
    end(): void;
  }
}
