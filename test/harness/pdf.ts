import { inflateSync } from 'node:zlib';

/**
 * The text a PDF made by pdfkit shows, in drawing order, for tests: each content stream is
 * inflated and the hex strings of its TJ operators are read as WinAnsi (Latin-1 for English and
 * Spanish). Lines are joined with spaces, so a phrase wrapped over two lines still reads whole.
 */
export const pdfText = (pdf: Buffer): string => {
  const raw = pdf.toString('latin1');
  const out: string[] = [];
  const streams = /stream\r?\n/g;
  let m: RegExpExecArray | null;
  while ((m = streams.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('endstream', start);
    if (end < 0) break;
    const bytes = pdf.subarray(start, end);
    let content: string;
    try {
      content = inflateSync(bytes).toString('latin1');
    } catch {
      content = bytes.toString('latin1');
    }
    for (const op of content.matchAll(/\[([^\]]*)\]\s*TJ/g)) {
      out.push([...op[1]!.matchAll(/<([0-9a-fA-F]*)>/g)].map((h) => Buffer.from(h[1]!, 'hex').toString('latin1')).join(''));
    }
    streams.lastIndex = end + 'endstream'.length;
  }
  return out.join(' ').replace(/\s+/g, ' ');
};
