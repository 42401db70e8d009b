import PDFDocument from 'pdfkit';
import { RECORD_WORDS } from './record.words.ts';
import type { RecordSection, RecordView } from './record.view.ts';

/**
 * The printable record (record.view.ts) as a PDF on US Letter: large plain type, headings per
 * part, tables that carry on over pages with their header, the 42 CFR Part 2 notice near the top
 * when any of it is covered, and page numbers. Helvetica's WinAnsi covers English and Spanish.
 */
export const recordPdf = (view: RecordView, opts: { compress?: boolean } = {}): Promise<Buffer> => {
  const w = RECORD_WORDS[view.lang];
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 54,
    lang: view.lang,
    bufferPages: true,
    compress: opts.compress ?? true,
    info: { Title: `${view.title} — ${view.lines[0] ?? ''}`, Creator: 'Peerbridge' },
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;
  const bottom = () => doc.page.height - doc.page.margins.bottom;
  const body = (size = 11) => doc.font('Helvetica').fontSize(size).fillColor('#000000');

  const heading = (text: string) => {
    if (doc.y + 60 > bottom()) doc.addPage();
    doc.moveDown(0.6).font('Helvetica-Bold').fontSize(14).fillColor('#000000').text(text, left, doc.y, { width }).moveDown(0.3);
  };

  const table = (t: NonNullable<RecordSection['table']>) => {
    const widths = t.widths.map((f) => f * width);
    const line = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 6 }))) + 6;
      if (doc.y + h > bottom()) {
        doc.addPage();
        if (!bold) line(t.cols, true);
        doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(10);
      }
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        doc.text(c, x + 3, y + 3, { width: widths[i]! - 6 });
        x += widths[i]!;
      });
      doc.y = y + h;
      doc.strokeColor('#999999').lineWidth(0.5).moveTo(left, doc.y).lineTo(left + width, doc.y).stroke();
    };
    line(t.cols, true);
    for (const row of t.rows) line(row, false);
    doc.x = left;
  };

  doc.font('Helvetica-Bold').fontSize(20).text(view.title, { width });
  body(12);
  for (const l of view.lines) doc.text(l, { width });
  doc.moveDown(0.6);
  body(11).text(view.intro, { width });

  if (view.part2) {
    heading(view.part2.heading);
    if (view.part2.explanation) body(11).text(view.part2.explanation, { width }).moveDown(0.3);
    body(9).text(view.part2.notice, { width });
  }

  for (const s of view.sections) {
    heading(s.heading);
    if (s.note) body(10).fillColor('#333333').text(s.note, { width }).moveDown(0.3);
    const empty = (s.paragraphs?.length ?? 0) === 0 && (s.items?.length ?? 0) === 0 && (s.table?.rows.length ?? 0) === 0;
    if (empty) {
      if (s.empty) body(11).text(s.empty, { width });
      continue;
    }
    for (const para of s.paragraphs ?? []) body(11).text(para, left, doc.y, { width });
    if (s.items && s.items.length > 0) body(11).list(s.items, left, doc.y, { width, bulletRadius: 2, textIndent: 12 });
    doc.x = left;
    if (s.table && s.table.rows.length > 0) table(s.table);
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const y = doc.page.height - doc.page.margins.bottom + 18;
    // Below the margin: without it pdfkit would open a new page for the footer.
    doc.page.margins.bottom = 0;
    doc.font('Helvetica').fontSize(9).fillColor('#333333').text(w.page(i + 1, range.count), left, y, { width, align: 'center', lineBreak: false });
  }
  doc.end();
  return done;
};
