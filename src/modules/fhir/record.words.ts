import type { Lang } from '../outcomes/instrument.rules.ts';

/**
 * The words of the printable record (record.pdf.ts), in plain language (about a 6th-grade
 * reading level), in English and Spanish. The person reading their own record is "you"; staff
 * get the same record about the person by name. Codes without a word here print as they are.
 */
export const RECORD_WORDS = {
  en: {
    title: (org: string) => `Record from ${org}`,
    titleOwn: 'My record',
    made: (d: string) => `Made on ${d}`,
    introOwn:
      'This is your record. It is yours to keep, print or take to someone else. ' +
      'It starts with what you are good at and who helps you, then your plan, your meetings, your check-ins, the places we referred you to, the permissions you gave, and who opened your record.',
    introStaff: (name: string) =>
      `The record of ${name}, in plain words and in the person's language. What 42 CFR Part 2 protects is left out unless the person's written consent covers it.`,
    born: (d: string) => `Born ${d}`,
    strengths: 'Strengths',
    strengthsOwn: 'What you are good at',
    noStrengths: 'None written down yet.',
    supports: 'People and places that help',
    peer: 'Peer',
    peerOwn: 'Your peer',
    peerSince: (name: string, d: string) => `${name}, since ${d}`,
    pastPeer: (name: string, from: string, to: string) => `Before: ${name}, ${from} to ${to}`,
    noPeer: 'No peer yet. We are looking for one.',
    plan: 'Recovery plan and goals',
    planOwn: 'Your recovery plan and goals',
    noPlan: 'No plan written yet.',
    noGoals: 'No goals to show.',
    goal: (n: number) => `Goal ${n}`,
    area: (a: string) => `Part of life: ${a}`,
    step: 'Step',
    by: (d: string) => `by ${d}`,
    nextReview: (d: string) => `We will look at the plan together again by ${d}.`,
    agreed: (d: string) => `Agreed on ${d}.`,
    meetings: 'Meetings',
    meetingsNote: 'Each signed note of a meeting: the date, the kind of service and how long it took.',
    meetingsNoteOwn: 'Each meeting your peer wrote a note about: the date, the kind of service, how long it took and what the note says.',
    noMeetings: 'No meetings written down yet.',
    meetingCols: ['Date', 'Service', 'How', 'Minutes'],
    enteredInError: 'Entered by mistake (not counted)',
    checkins: 'Check-ins over time',
    noCheckins: 'No check-ins yet.',
    checkinCols: ['Date', 'Check-in', 'Score', 'Meaning'],
    incomplete: 'not finished',
    referrals: 'Referrals',
    referralsOwn: 'Places we referred you to',
    noReferrals: 'No referrals yet.',
    referralCols: ['Date', 'Place', 'For', 'Where it stands'],
    consents: 'Permissions (consents)',
    consentsOwn: 'Permissions you gave',
    noConsents: 'No permissions recorded.',
    consentPeer: (peer: string) => `Peer support with ${peer}`,
    consentSharing: (place: string) => `Share information with ${place}`,
    consentPart2: (to: string, purpose: string) => `Share substance use records with ${to} (42 CFR Part 2): ${purpose}`,
    consentIntake: 'Permission received from another provider',
    given: (d: string, how: string) => `given ${d}${how ? ` (${how})` : ''}`,
    until: (d: string) => `until ${d}`,
    states: { 'in-force': 'in force', revoked: 'taken back', expired: 'ended', inactive: 'not in force' },
    part2Title: 'About substance use records (42 CFR Part 2)',
    part2Own:
      'Some of this record is about substance use. A federal law (42 CFR Part 2) protects it. You can always have your own record. ' +
      'Anyone you give it to must follow the notice below.',
    part2Notice: 'Notice required by 42 CFR 2.32:',
    access: 'Who opened this record',
    accessOwn: 'Who opened your record',
    noAccess: 'Nobody yet.',
    accessCols: ['When', 'Who', 'What'],
    times: (n: number) => `(${n} times)`,
    page: (n: number, of: number) => `Page ${n} of ${of}`,
  },
  es: {
    title: (org: string) => `Expediente de ${org}`,
    titleOwn: 'Mi expediente',
    made: (d: string) => `Hecho el ${d}`,
    introOwn:
      'Este es su expediente. Es suyo para guardarlo, imprimirlo o llevarlo a otra persona. ' +
      'Empieza con lo que usted hace bien y quién le ayuda, y sigue con su plan, sus reuniones, sus controles, los lugares a los que le referimos, los permisos que dio y quién abrió su expediente.',
    introStaff: (name: string) =>
      `El expediente de ${name}, en palabras sencillas y en el idioma de la persona. Lo que protege 42 CFR Parte 2 queda fuera salvo que el permiso escrito de la persona lo cubra.`,
    born: (d: string) => `Nació el ${d}`,
    strengths: 'Fortalezas',
    strengthsOwn: 'Lo que usted hace bien',
    noStrengths: 'Todavía no hay nada escrito.',
    supports: 'Personas y lugares que le ayudan',
    peer: 'Par',
    peerOwn: 'Su par',
    peerSince: (name: string, d: string) => `${name}, desde el ${d}`,
    pastPeer: (name: string, from: string, to: string) => `Antes: ${name}, del ${from} al ${to}`,
    noPeer: 'Todavía no tiene un par. Estamos buscando uno.',
    plan: 'Plan de recuperación y metas',
    planOwn: 'Su plan de recuperación y sus metas',
    noPlan: 'Todavía no hay un plan escrito.',
    noGoals: 'No hay metas para mostrar.',
    goal: (n: number) => `Meta ${n}`,
    area: (a: string) => `Área de vida: ${a}`,
    step: 'Paso',
    by: (d: string) => `para el ${d}`,
    nextReview: (d: string) => `Vamos a revisar el plan juntos otra vez para el ${d}.`,
    agreed: (d: string) => `Acordado el ${d}.`,
    meetings: 'Reuniones',
    meetingsNote: 'Cada nota firmada de una reunión: la fecha, el tipo de servicio y cuánto duró.',
    meetingsNoteOwn: 'Cada reunión sobre la que su par escribió una nota: la fecha, el tipo de servicio, cuánto duró y lo que dice la nota.',
    noMeetings: 'Todavía no hay reuniones escritas.',
    meetingCols: ['Fecha', 'Servicio', 'Cómo', 'Minutos'],
    enteredInError: 'Anotada por error (no cuenta)',
    checkins: 'Controles a lo largo del tiempo',
    noCheckins: 'Todavía no hay controles.',
    checkinCols: ['Fecha', 'Control', 'Puntaje', 'Qué quiere decir'],
    incomplete: 'sin terminar',
    referrals: 'Referidos',
    referralsOwn: 'Lugares a los que le referimos',
    noReferrals: 'Todavía no hay referidos.',
    referralCols: ['Fecha', 'Lugar', 'Para', 'Cómo va'],
    consents: 'Permisos (consentimientos)',
    consentsOwn: 'Permisos que usted dio',
    noConsents: 'No hay permisos anotados.',
    consentPeer: (peer: string) => `Apoyo entre pares con ${peer}`,
    consentSharing: (place: string) => `Compartir información con ${place}`,
    consentPart2: (to: string, purpose: string) => `Compartir registros sobre consumo de sustancias con ${to} (42 CFR Parte 2): ${purpose}`,
    consentIntake: 'Permiso recibido de otro proveedor',
    given: (d: string, how: string) => `dado el ${d}${how ? ` (${how})` : ''}`,
    until: (d: string) => `hasta el ${d}`,
    states: { 'in-force': 'vigente', revoked: 'retirado', expired: 'vencido', inactive: 'no vigente' },
    part2Title: 'Sobre los registros de consumo de sustancias (42 CFR Parte 2)',
    part2Own:
      'Parte de este expediente trata sobre el consumo de sustancias. Una ley federal (42 CFR Parte 2) lo protege. Usted siempre puede tener su propio expediente. ' +
      'Quien lo reciba de usted debe seguir el aviso de abajo (el texto oficial está en inglés).',
    part2Notice: 'Aviso que exige 42 CFR 2.32:',
    access: 'Quién abrió este expediente',
    accessOwn: 'Quién abrió su expediente',
    noAccess: 'Nadie todavía.',
    accessCols: ['Cuándo', 'Quién', 'Qué'],
    times: (n: number) => `(${n} veces)`,
    page: (n: number, of: number) => `Página ${n} de ${of}`,
  },
} as const satisfies Record<Lang, unknown>;

/** Codes in plain words; a code without one prints as it is. */
export const CODE_WORDS: Record<string, Record<Lang, Record<string, string>>> = {
  encounterType: {
    en: { individual: 'Peer support, one to one', group: 'Peer support group', outreach: 'Outreach', accompaniment: 'Going with you to an appointment', advocacy: 'Speaking up for you', 'crisis-support': 'Support in a crisis', 'family-collateral': 'Meeting with family or supporters' },
    es: { individual: 'Apoyo entre pares, uno a uno', group: 'Grupo de apoyo entre pares', outreach: 'Acercamiento', accompaniment: 'Acompañarle a una cita', advocacy: 'Abogar por usted', 'crisis-support': 'Apoyo en una crisis', 'family-collateral': 'Reunión con familia o personas de apoyo' },
  },
  modality: {
    en: { 'in-person': 'In person', phone: 'By phone', video: 'By video', text: 'By text' },
    es: { 'in-person': 'En persona', phone: 'Por teléfono', video: 'Por video', text: 'Por texto' },
  },
  goalStatus: {
    en: { active: 'Working on it', achieved: 'Done', paused: 'On hold', discontinued: 'Stopped' },
    es: { active: 'Trabajando en ella', achieved: 'Lograda', paused: 'En pausa', discontinued: 'Dejada' },
  },
  stepStatus: {
    en: { 'not-started': 'not started', 'in-progress': 'started', done: 'done', dropped: 'dropped' },
    es: { 'not-started': 'sin empezar', 'in-progress': 'empezado', done: 'hecho', dropped: 'dejado' },
  },
  lifeArea: {
    en: { housing: 'Housing', 'substance use': 'Substance use', 'substance-use': 'Substance use', employment: 'Work', health: 'Health', relationships: 'Relationships', education: 'School', recovery: 'Recovery' },
    es: { housing: 'Vivienda', 'substance use': 'Consumo de sustancias', 'substance-use': 'Consumo de sustancias', employment: 'Trabajo', health: 'Salud', relationships: 'Relaciones', education: 'Estudios', recovery: 'Recuperación' },
  },
  need: {
    en: { housing: 'Housing', food: 'Food', transportation: 'Getting around', treatment: 'Treatment', employment: 'Work', legal: 'Legal help', benefits: 'Benefits', health: 'Health', other: 'Other' },
    es: { housing: 'Vivienda', food: 'Comida', transportation: 'Transporte', treatment: 'Tratamiento', employment: 'Trabajo', legal: 'Ayuda legal', benefits: 'Beneficios', health: 'Salud', other: 'Otra cosa' },
  },
  referralStatus: {
    en: { draft: 'Not sent yet', sent: 'Sent', received: 'Received', accepted: 'Accepted', declined: 'Declined', 'in-progress': 'In progress', completed: 'Done', 'not-completed': 'Not done', cancelled: 'Cancelled' },
    es: { draft: 'Todavía no enviado', sent: 'Enviado', received: 'Recibido', accepted: 'Aceptado', declined: 'Rechazado', 'in-progress': 'En curso', completed: 'Completado', 'not-completed': 'No completado', cancelled: 'Cancelado' },
  },
  method: {
    en: { verbal: 'by voice', written: 'in writing', electronic: 'online' },
    es: { verbal: 'de palabra', written: 'por escrito', electronic: 'en línea' },
  },
};

export const wordFor = (table: keyof typeof CODE_WORDS, lang: Lang, code: string | null | undefined) => (code ? (CODE_WORDS[table]?.[lang]?.[code] ?? code) : '');
