import PDFDocument from 'pdfkit';
import type { ProgramReportView } from './outcomes.schemas.ts';

/**
 * The program report as a PDF a director attaches to a grant application (issue 20): the
 * agency's name, the period, the totals, the groups and the outcome change as tables, and the
 * suppression it was made under (P11: k, rounding, rule version). Built from the same view the
 * API answers, so the PDF and the JSON never differ; a hidden cell prints as it is shown there.
 */

const WORDS = {
  en: {
    title: 'Program report',
    period: (f: string, t: string) => `Period: ${f} to ${t}`,
    generated: (d: string) => `Generated ${d}`,
    suppressed: (k: number, rounded: boolean, rules: string) =>
      `Small cells suppressed: counts from 1 to ${k - 1} are shown as <${k}, statistics need ${k} people, and cells that would reveal a hidden one are hidden too (—). Rounded: ${rounded ? 'yes' : 'no'}. Rules ${rules}.`,
    unsuppressed: 'Exact figures, not suppressed: for the funder that requires them only. Do not publish.',
    totals: 'Totals',
    groups: (by: string) => `By ${by}`,
    outcomes: 'Outcome change (first and latest score of each person in the period)',
    cols: ['Group', 'People', 'New', 'Discharged', 'Sessions', 'Hours', 'Per person', 'Referrals', 'Closed'],
    outcomeCols: ['Instrument', 'Pairs', 'First', 'Latest', 'Change', '95% CI', 'Effect', 'Improved %', 'Crossed cut-off %'],
    total: 'Total',
    none: 'No paired scores in this period.',
  },
  es: {
    title: 'Informe del programa',
    period: (f: string, t: string) => `Período: ${f} a ${t}`,
    generated: (d: string) => `Generado el ${d}`,
    suppressed: (k: number, rounded: boolean, rules: string) =>
      `Celdas pequeñas ocultas: los conteos de 1 a ${k - 1} se muestran como <${k}, las estadísticas necesitan ${k} personas, y se ocultan también las celdas que revelarían una oculta (—). Redondeado: ${rounded ? 'sí' : 'no'}. Reglas ${rules}.`,
    unsuppressed: 'Cifras exactas, sin ocultar: solo para el financiador que las exige. No publicar.',
    totals: 'Totales',
    groups: (by: string) => `Por ${by}`,
    outcomes: 'Cambio en los resultados (primer y último puntaje de cada persona en el período)',
    cols: ['Grupo', 'Personas', 'Nuevas', 'Altas', 'Sesiones', 'Horas', 'Por persona', 'Referidos', 'Cerrados'],
    outcomeCols: ['Instrumento', 'Pares', 'Inicial', 'Último', 'Cambio', 'IC 95%', 'Efecto', 'Mejoró %', 'Cruzó el corte %'],
    total: 'Total',
    none: 'No hay puntajes en pares en este período.',
  },
} as const;

const shown = (v: unknown) => (v === null || v === undefined ? '—' : String(v));

export const programReportPdf = (r: ProgramReportView, lang: 'en' | 'es', generatedOn: string): Promise<Buffer> => {
  const w = WORDS[lang];
  const doc = new PDFDocument({ size: 'LETTER', margin: 48, lang, info: { Title: `${w.title}: ${r.organization}`, Author: r.organization, Creator: 'Peerbridge' } });
  const chunks: Buffer[] = [];
  doc.on('data', (c) => chunks.push(c));
  const done = new Promise<Buffer>((resolve) => doc.on('end', () => resolve(Buffer.concat(chunks))));
  const left = doc.page.margins.left;
  const width = doc.page.width - left - doc.page.margins.right;

  const table = (header: readonly string[], rows: string[][], firstWidth: number) => {
    const rest = (width - firstWidth) / (header.length - 1);
    const widths = header.map((_, i) => (i === 0 ? firstWidth : rest));
    const line = (cells: readonly string[], bold: boolean) => {
      doc.font(bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(8.5);
      const h = Math.max(...cells.map((c, i) => doc.heightOfString(c, { width: widths[i]! - 4 }))) + 4;
      if (doc.y + h > doc.page.height - doc.page.margins.bottom) doc.addPage();
      const y = doc.y;
      let x = left;
      cells.forEach((c, i) => {
        doc.text(c, x + 2, y + 2, { width: widths[i]! - 4, align: i === 0 ? 'left' : 'right' });
        x += widths[i]!;
      });
      doc.y = y + h;
      doc.strokeColor('#bbbbbb').lineWidth(0.5).moveTo(left, doc.y).lineTo(left + width, doc.y).stroke();
    };
    line(header, true);
    for (const row of rows) line(row, false);
    doc.x = left;
    doc.moveDown(1);
  };
  const countsRow = (label: string, c: ProgramReportView['totals']) =>
    [label, c.served, c.newPeople, c.discharged, c.encounters, c.hours, c.encountersPerPerson, c.referralsMade, c.referralsClosed].map(shown);
  const heading = (text: string) => doc.font('Helvetica-Bold').fontSize(12).fillColor('#000000').text(text, left, doc.y, { width }).moveDown(0.4);

  doc.font('Helvetica-Bold').fontSize(18).text(r.organization, { width });
  doc.font('Helvetica').fontSize(14).text(w.title, { width });
  doc.fontSize(10).text(w.period(r.period.from, r.period.to), { width }).text(w.generated(generatedOn), { width }).moveDown(0.6);
  doc.fontSize(9).fillColor(r.suppression.applied ? '#333333' : '#9b1c1c');
  doc.text(r.suppression.applied ? w.suppressed(r.suppression.k, r.suppression.rounded, r.suppression.ruleVersion) : w.unsuppressed, { width }).fillColor('#000000').moveDown(1);

  heading(w.totals);
  table(w.cols, [countsRow(w.total, r.totals)], 110);
  if (r.by && r.groups.length > 0) {
    heading(w.groups(r.by));
    table(w.cols, [...r.groups.map((g) => countsRow(g.label, g)), countsRow(w.total, r.totals)], 110);
  }
  heading(w.outcomes);
  if (r.outcomes.length === 0) doc.font('Helvetica').fontSize(10).text(w.none, { width });
  else
    table(
      w.outcomeCols,
      r.outcomes.map((o) => [o.title, shown(o.pairs), shown(o.meanFirst), shown(o.meanLatest), shown(o.meanChange), o.ci95 ? `${o.ci95[0]} to ${o.ci95[1]}` : '—', shown(o.effectSize), shown(o.percentImproved), shown(o.percentCrossedCutOff)]),
      120,
    );
  doc.end();
  return done;
};
