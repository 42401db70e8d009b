import type { Actor, ParticipantActor } from '../../core/actor.ts';
import type { Database } from '../../db/client.ts';
import { withPersonRecords, type EverythingOptions } from '../../interop/fhir/everything.ts';
import type { Lang } from '../outcomes/instrument.rules.ts';
import { accessLines } from '../portal/access-log.ts';
import { recordPdf } from './record.pdf.ts';
import { recordLang, recordView } from './record.view.ts';

/**
 * The record as a printable PDF, in the person's language unless `lang` is asked for: read with
 * the same records and access rules as `$everything` (withPersonRecords), with who opened the
 * record from the audit trail, and audited in the same transaction like the Bundle's download
 * (`participant.record_pdf`, naming the reader, the language and what went in).
 */
export const buildRecordPdf = async (
  db: Database,
  actor: Actor | ParticipantActor,
  participantId: string,
  opts: EverythingOptions & { lang?: Lang | undefined; compress?: boolean },
): Promise<{ pdf: Buffer; lang: Lang; fileName: string }> =>
  withPersonRecords(db, actor, participantId, opts, async (tx, records, now, today) => {
    const lang = opts.lang ?? recordLang(records.participant.languages);
    const access = await accessLines(tx, actor.orgId!, participantId, lang);
    const view = recordView(records, opts.reader, today, lang, access, now);
    const pdf = await recordPdf(view, { compress: opts.compress ?? true });
    await opts.audit.record(tx, actor, {
      action: 'participant.record_pdf',
      entityType: 'participant',
      entityId: participantId,
      details: {
        reader: opts.reader,
        lang,
        part2Notice: view.part2 !== null,
        encounterIds: records.encounters.map((e) => e.encounterId),
        referralIds: records.referrals.map((r) => r.id),
      },
    });
    const fileName = opts.reader === 'person' ? (lang === 'es' ? 'mi-expediente.pdf' : 'my-record.pdf') : `record-${participantId}.pdf`;
    return { pdf, lang, fileName };
  });
