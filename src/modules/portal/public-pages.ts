import type { Lang } from '../matching/taxonomy.ts';
import type { IntakeField, PublicExperienceGroup } from './public-intake.rules.ts';

/**
 * The public pages as server-rendered HTML (issue 23): they work without JavaScript, paint
 * at once on a slow phone (one small document, no script, styles inline), and every value a
 * person or an agency wrote is escaped here. Words aim at a 6th-grade reading level.
 */

export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const e = escapeHtml;

const T = {
  en: {
    title: 'Find a peer',
    other: 'Español',
    crisisTitle: 'Need help right now?',
    callUs: 'Call us',
    what: 'What is a peer?',
    whatBody: 'A peer is someone who has been through hard times too, like mental health struggles or drug or alcohol use, and is doing better now. They are trained to listen and to help you find your own way.',
    is: 'A peer can:',
    isItems: ['Listen without judging you', 'Share what helped them', 'Help you find housing, food, treatment and other help', 'Go with you to appointments'],
    isNot: 'A peer is not:',
    isNotItems: ['A therapist or a doctor', 'A case manager who decides things for you'],
    mandated: 'Please know: if a child or another person is being hurt, or you may hurt yourself or someone else, a peer must tell someone who can help. This is the law.',
    formTitle: 'Ask for a peer',
    formIntro: 'Only one thing is needed: a way to reach you. Everything else is up to you.',
    reach: 'How can we reach you?',
    phone: 'Phone number',
    byText: 'You can text me',
    email: 'Email',
    leaveMessage: 'You can leave a message',
    safeTimes: 'When is it safe to call or text you?',
    safeTimesHint: 'For example: weekdays after 5 pm',
    name: 'What should we call you?',
    optional: '(you can skip this)',
    language: 'What language do you want to speak?',
    english: 'English',
    spanish: 'Spanish (Español)',
    otherLanguage: 'Another language',
    experiences: 'I would like my peer to have been through:',
    experiencesHint: 'Pick any that matter to you. You do not have to pick any.',
    gender: 'I would like my peer to be:',
    woman: 'A woman',
    man: 'A man',
    nonbinary: 'Non-binary',
    noPreference: 'It does not matter',
    modality: 'How would you like to meet?',
    inPerson: 'In person',
    byPhone: 'By phone',
    either: 'Either is fine',
    place: 'Where? (your town or ZIP code)',
    human: 'One question to show you are a person:',
    honeypot: 'Leave this empty',
    send: 'Send my request',
    privacy: 'We keep what you write private. We use it only to find you a peer.',
    errorsTitle: 'Please fix this:',
    thanks: 'Thank you. We got your request.',
    reference: 'Your reference number',
    writeDown: 'Write it down or take a picture. Give it to us when you call.',
    next: 'What happens next',
    nextItems: (org: string, days: number, how: string) => [
      `Someone from ${org} will ${how} within ${days} business ${days === 1 ? 'day' : 'days'}.`,
      'They will ask a few questions and tell you about the peers who may fit you.',
      'You decide if you want to meet. It is free, and you can stop any time.',
    ],
    howPhone: 'call you',
    howText: 'text you',
    howEmail: 'email you',
    noNews: (phone: string | null) => (phone ? `Not heard from us? Call ${phone} and give your reference number.` : 'Not heard from us? Call us and give your reference number.'),
    ourPeers: 'Meet our peers',
    peersTitle: 'Our peers',
    peersIntro: 'These peers chose to tell you about themselves, in their own words.',
    beenThrough: 'Has been through:',
    speaks: 'Speaks:',
    noPeers: 'Our peers have not written about themselves here yet. Ask for a peer and we will tell you about them.',
    askPeer: 'Ask for a peer',
    langNames: { en: 'English', es: 'Spanish' } as Record<string, string>,
  },
  es: {
    title: 'Encuentre un par',
    other: 'English',
    crisisTitle: '¿Necesita ayuda ahora mismo?',
    callUs: 'Llámenos',
    what: '¿Qué es un par?',
    whatBody: 'Un par es alguien que también pasó por momentos difíciles, como problemas de salud mental o de consumo de drogas o alcohol, y ahora está mejor. Está capacitado para escucharle y ayudarle a encontrar su propio camino.',
    is: 'Un par puede:',
    isItems: ['Escucharle sin juzgarle', 'Contarle lo que le ayudó', 'Ayudarle a encontrar vivienda, comida, tratamiento y otras ayudas', 'Acompañarle a sus citas'],
    isNot: 'Un par no es:',
    isNotItems: ['Un terapeuta ni un médico', 'Un administrador de casos que decide por usted'],
    mandated: 'Tenga en cuenta: si un niño u otra persona está siendo lastimada, o si usted podría lastimarse o lastimar a alguien, el par tiene que avisar a quien pueda ayudar. Así lo pide la ley.',
    formTitle: 'Pida un par',
    formIntro: 'Solo necesitamos una cosa: una forma de comunicarnos con usted. Todo lo demás es opcional.',
    reach: '¿Cómo nos comunicamos con usted?',
    phone: 'Número de teléfono',
    byText: 'Me pueden enviar textos',
    email: 'Correo electrónico',
    leaveMessage: 'Me pueden dejar un mensaje',
    safeTimes: '¿Cuándo es seguro llamarle o escribirle?',
    safeTimesHint: 'Por ejemplo: entre semana después de las 5 pm',
    name: '¿Cómo le llamamos?',
    optional: '(puede dejarlo en blanco)',
    language: '¿En qué idioma quiere hablar?',
    english: 'Inglés (English)',
    spanish: 'Español',
    otherLanguage: 'Otro idioma',
    experiences: 'Me gustaría que mi par haya pasado por:',
    experiencesHint: 'Marque lo que sea importante para usted. No tiene que marcar nada.',
    gender: 'Me gustaría que mi par sea:',
    woman: 'Una mujer',
    man: 'Un hombre',
    nonbinary: 'Persona no binaria',
    noPreference: 'No importa',
    modality: '¿Cómo quiere reunirse?',
    inPerson: 'En persona',
    byPhone: 'Por teléfono',
    either: 'Cualquiera está bien',
    place: '¿Dónde? (su ciudad o código postal)',
    human: 'Una pregunta para saber que es una persona:',
    honeypot: 'Deje esto vacío',
    send: 'Enviar mi pedido',
    privacy: 'Lo que escribe es privado. Solo lo usamos para encontrarle un par.',
    errorsTitle: 'Por favor corrija esto:',
    thanks: 'Gracias. Recibimos su pedido.',
    reference: 'Su número de referencia',
    writeDown: 'Anótelo o tómele una foto. Dígalo cuando nos llame.',
    next: 'Qué pasa ahora',
    nextItems: (org: string, days: number, how: string) => [
      `Alguien de ${org} va a ${how} en ${days} ${days === 1 ? 'día hábil' : 'días hábiles'} o menos.`,
      'Le hará algunas preguntas y le contará sobre los pares que podrían ser para usted.',
      'Usted decide si quiere reunirse. Es gratis y puede dejarlo cuando quiera.',
    ],
    howPhone: 'llamarle',
    howText: 'enviarle un texto',
    howEmail: 'escribirle un correo',
    noNews: (phone: string | null) => (phone ? `¿No sabe nada de nosotros? Llame al ${phone} y dé su número de referencia.` : '¿No sabe nada de nosotros? Llámenos y dé su número de referencia.'),
    ourPeers: 'Conozca a nuestros pares',
    peersTitle: 'Nuestros pares',
    peersIntro: 'Estos pares decidieron contarle sobre ellos, con sus propias palabras.',
    beenThrough: 'Ha pasado por:',
    speaks: 'Habla:',
    noPeers: 'Nuestros pares todavía no escribieron sobre ellos aquí. Pida un par y le contaremos sobre ellos.',
    askPeer: 'Pida un par',
    langNames: { en: 'inglés', es: 'español' } as Record<string, string>,
  },
};

const STYLE = `*{box-sizing:border-box}body{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1b1e;background:#fff}
main,header,.crisis{max-width:40rem;margin:0 auto;padding:0 1rem}header{display:flex;justify-content:space-between;align-items:center;gap:1rem;padding-top:.75rem;padding-bottom:.5rem}
header strong{font-size:1.05rem}a{color:#1c4fa0}.crisis{background:#fff4e6;border:2px solid #d9480f;border-radius:8px;padding:.75rem 1rem;margin:.5rem auto}
.crisis h2{font-size:1.05rem;margin:0 0 .25rem}.crisis ul{list-style:none;margin:0;padding:0}.crisis li{margin:.3rem 0}.crisis a{font-weight:700;color:#8f2d00}
.call{display:block;text-align:center;background:#1c4fa0;color:#fff;font-weight:700;padding:.8rem;border-radius:8px;text-decoration:none;margin:.75rem 0;font-size:1.1rem}
h1{font-size:1.6rem;margin:.75rem 0 .25rem}h2{font-size:1.25rem;margin:1.25rem 0 .5rem}fieldset{border:1px solid #ced4da;border-radius:8px;margin:1rem 0;padding:.5rem 1rem 1rem}
legend{font-weight:700;padding:0 .25rem}label{display:block;margin:.6rem 0 .2rem;font-weight:600}label.opt{display:flex;gap:.5rem;align-items:flex-start;font-weight:400;margin:.4rem 0}
input[type=text],input[type=tel],input[type=email],input[type=number],textarea{width:100%;font:inherit;padding:.55rem;border:1px solid #868e96;border-radius:6px}
input[type=checkbox],input[type=radio]{width:1.3rem;height:1.3rem;margin-top:.15rem;flex:none}.hint{color:#495057;font-size:.95rem;margin:.1rem 0}
button{font:inherit;font-weight:700;background:#1e6b30;color:#fff;border:0;border-radius:8px;padding:.85rem 1.25rem;width:100%;margin:1rem 0;cursor:pointer}
details{margin:.4rem 0;border-bottom:1px solid #e9ecef}summary{cursor:pointer;padding:.35rem 0;font-weight:600}.hp{position:absolute;left:-10000px;width:1px;height:1px;overflow:hidden}
.errors{border:2px solid #c92a2a;border-radius:8px;padding:.5rem 1rem;background:#fff5f5}.ref{font-size:2rem;font-weight:800;letter-spacing:.1em;background:#f1f3f5;border-radius:8px;padding:.5rem 1rem;display:inline-block}
.peer{border:1px solid #dee2e6;border-radius:8px;padding:.75rem 1rem;margin:.75rem 0}.peer h2{margin:.1rem 0}.bio{white-space:pre-line}footer{max-width:40rem;margin:2rem auto;padding:0 1rem;color:#495057;font-size:.95rem}
a:focus-visible,button:focus-visible,input:focus-visible,summary:focus-visible,textarea:focus-visible{outline:3px solid #f08c00;outline-offset:2px}`;

export interface PageOrg {
  name: string;
  slug: string;
  phone: string | null;
  responseDays: number;
  asks: IntakeField[];
  crisisLines: ReadonlyArray<{ number: string; label: string }>;
  experiences: PublicExperienceGroup[];
  challenge: { question: string; token: string };
}

const telOf = (phone: string) => phone.replace(/[^\d+]/g, '');

const shell = (lang: Lang, title: string, org: PageOrg, path: string, embed: boolean, body: string) => {
  const t = T[lang];
  const other: Lang = lang === 'es' ? 'en' : 'es';
  const crisis = `<section class="crisis" aria-labelledby="crisis-h"><h2 id="crisis-h">${e(t.crisisTitle)}</h2><ul>${org.crisisLines
    .map((c) => `<li><a href="tel:${c.number}">${e(c.label)}</a></li>`)
    .join('')}</ul></section>`;
  return `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>${e(title)} · ${e(org.name)}</title><meta name="robots" content="noindex"><style>${STYLE}</style></head><body>
${embed ? '' : `<header><strong>${e(org.name)}</strong><a href="${e(path)}?lang=${other}" lang="${other}" hreflang="${other}">${e(t.other)}</a></header>`}
${crisis}<main id="main">${body}</main>${embed ? '' : `<footer>${e(org.name)}</footer>`}</body></html>`;
};

export interface FormValues {
  phone?: string;
  email?: string;
  byText?: boolean;
  okToLeaveMessage?: boolean;
  safeTimes?: string;
  name?: string;
  language?: string;
  experiences?: string[];
  gender?: string;
  modality?: string;
  place?: string;
}

const checked = (on: boolean | undefined) => (on ? ' checked' : '');

/** The find-a-peer page: phone first, crisis lines on top, what peer support is and is not, the request. */
export const findAPeerPage = (o: { lang: Lang; org: PageOrg; embed: boolean; values?: FormValues; errors?: Array<{ field: string; message: string }> }) => {
  const { lang, org, embed } = o;
  const t = T[lang];
  const v = o.values ?? {};
  const path = `/o/${org.slug}/find-a-peer`;
  const asks = (f: IntakeField) => org.asks.includes(f);
  const radio = (name: string, value: string, label: string, current: string | undefined) =>
    `<label class="opt"><input type="radio" name="${name}" value="${e(value)}"${checked(current === value)}> <span>${e(label)}</span></label>`;
  const errors = o.errors?.length
    ? `<div class="errors" role="alert" tabindex="-1" id="errors"><p><strong>${e(t.errorsTitle)}</strong></p><ul>${o.errors.map((x) => `<li><a href="#${fieldAnchor(x.field)}">${e(x.message)}</a></li>`).join('')}</ul></div>`
    : '';
  const body = `<h1>${e(t.title)}</h1>
${org.phone ? `<a class="call" href="tel:${e(telOf(org.phone))}">${e(t.callUs)}: ${e(org.phone)}</a>` : ''}
<h2>${e(t.what)}</h2><p>${e(t.whatBody)}</p>
<p><strong>${e(t.is)}</strong></p><ul>${t.isItems.map((i) => `<li>${e(i)}</li>`).join('')}</ul>
<p><strong>${e(t.isNot)}</strong></p><ul>${t.isNotItems.map((i) => `<li>${e(i)}</li>`).join('')}</ul>
<p>${e(t.mandated)}</p>
${embed ? '' : `<p><a href="/o/${e(org.slug)}/peers?lang=${lang}">${e(t.ourPeers)}</a></p>`}
<h2 id="form-h">${e(t.formTitle)}</h2>${errors}<p>${e(t.formIntro)}</p>
<form method="post" action="${e(path)}${embed ? '?embed=1' : ''}" aria-labelledby="form-h">
<input type="hidden" name="lang" value="${lang}">
<fieldset id="f-contact"><legend>${e(t.reach)}</legend>
<label for="phone">${e(t.phone)}</label><input id="phone" name="phone" type="tel" autocomplete="tel" inputmode="tel" value="${e(v.phone ?? '')}">
<label class="opt"><input type="checkbox" name="byText" value="1"${checked(v.byText)}> <span>${e(t.byText)}</span></label>
<label for="email">${e(t.email)}</label><input id="email" name="email" type="email" autocomplete="email" value="${e(v.email ?? '')}">
<label class="opt"><input type="checkbox" name="okToLeaveMessage" value="1"${checked(v.okToLeaveMessage)}> <span>${e(t.leaveMessage)}</span></label>
${asks('safeTimes') ? `<label for="safeTimes">${e(t.safeTimes)}</label><p class="hint" id="safeTimes-hint">${e(t.safeTimesHint)}</p><input id="safeTimes" name="safeTimes" type="text" aria-describedby="safeTimes-hint" value="${e(v.safeTimes ?? '')}">` : ''}
</fieldset>
${asks('name') ? `<label for="name">${e(t.name)} <span class="hint">${e(t.optional)}</span></label><input id="name" name="name" type="text" autocomplete="given-name" value="${e(v.name ?? '')}">` : ''}
${asks('language') ? `<fieldset><legend>${e(t.language)}</legend>${radio('language', 'en', t.english, v.language)}${radio('language', 'es', t.spanish, v.language)}${radio('language', 'other', t.otherLanguage, v.language)}</fieldset>` : ''}
${
  asks('experiences') && org.experiences.length
    ? `<fieldset><legend>${e(t.experiences)}</legend><p class="hint">${e(t.experiencesHint)}</p>${org.experiences
        .map(
          (g) =>
            `<details${g.options.some((op) => v.experiences?.includes(op.code)) ? ' open' : ''}><summary>${e(g.heading)}</summary>${g.options
              .map((op) => `<label class="opt"><input type="checkbox" name="experiences" value="${e(op.code)}"${checked(v.experiences?.includes(op.code))}> <span>${e(op.label)}</span></label>`)
              .join('')}</details>`,
        )
        .join('')}</fieldset>`
    : ''
}
${asks('gender') ? `<fieldset><legend>${e(t.gender)}</legend>${radio('gender', 'woman', t.woman, v.gender)}${radio('gender', 'man', t.man, v.gender)}${radio('gender', 'non-binary', t.nonbinary, v.gender)}${radio('gender', '', t.noPreference, v.gender ?? '')}</fieldset>` : ''}
${asks('modality') ? `<fieldset><legend>${e(t.modality)}</legend>${radio('modality', 'in-person', t.inPerson, v.modality)}${radio('modality', 'phone', t.byPhone, v.modality)}${radio('modality', 'either', t.either, v.modality)}</fieldset>` : ''}
${asks('place') ? `<label for="place">${e(t.place)}</label><input id="place" name="place" type="text" autocomplete="postal-code" value="${e(v.place ?? '')}">` : ''}
<div class="hp" aria-hidden="true"><label for="website">${e(t.honeypot)}</label><input id="website" name="website" type="text" tabindex="-1" autocomplete="off"></div>
<label for="answer">${e(t.human)} ${e(org.challenge.question)}</label><input id="answer" name="answer" type="text" inputmode="numeric" autocomplete="off" maxlength="3" required>
<input type="hidden" name="token" value="${e(org.challenge.token)}">
<p class="hint">${e(t.privacy)}</p>
<button type="submit">${e(t.send)}</button>
</form>`;
  return shell(lang, t.title, org, path, embed, body);
};

/** Where an error's link goes: the field it names. */
const fieldAnchor = (field: string) => {
  const f = field.replace(/^body\./, '');
  if (f === 'contact') return 'f-contact';
  if (f.startsWith('contact.')) return f.slice('contact.'.length);
  if (f.startsWith('challenge')) return 'answer';
  return f.split('.')[0]!;
};

export const confirmationPage = (o: { lang: Lang; org: PageOrg; embed: boolean; reference: string; via: 'phone' | 'text' | 'email' }) => {
  const t = T[o.lang];
  const how = o.via === 'text' ? t.howText : o.via === 'email' ? t.howEmail : t.howPhone;
  const body = `<h1 tabindex="-1">${e(t.thanks)}</h1>
<p>${e(t.reference)}:</p><p><span class="ref" data-testid="reference">${e(o.reference)}</span></p><p>${e(t.writeDown)}</p>
<h2>${e(t.next)}</h2><ol>${t.nextItems(o.org.name, o.org.responseDays, how).map((i) => `<li>${e(i)}</li>`).join('')}</ol>
<p>${e(t.noNews(o.org.phone))}</p>
${o.org.phone ? `<a class="call" href="tel:${e(telOf(o.org.phone))}">${e(t.callUs)}: ${e(o.org.phone)}</a>` : ''}`;
  return shell(o.lang, t.thanks, o.org, `/o/${o.org.slug}/find-a-peer`, o.embed, body);
};

export const ourPeersPage = (o: {
  lang: Lang;
  org: PageOrg;
  peers: Array<{ displayName: string; pronouns: string | null; languages: string[]; experiences: string[]; bio: string }>;
}) => {
  const t = T[o.lang];
  const body = `<h1>${e(t.peersTitle)}</h1><p>${e(t.peersIntro)}</p>
${
  o.peers.length === 0
    ? `<p>${e(t.noPeers)}</p>`
    : o.peers
        .map(
          (p) => `<article class="peer"><h2>${e(p.displayName)}${p.pronouns ? ` <span class="hint">(${e(p.pronouns)})</span>` : ''}</h2>
<p class="bio">${e(p.bio)}</p>
${p.experiences.length ? `<p><strong>${e(t.beenThrough)}</strong> ${e(p.experiences.join(', '))}</p>` : ''}
<p><strong>${e(t.speaks)}</strong> ${e(p.languages.map((l) => t.langNames[l.split('-')[0]!] ?? l).join(', '))}</p></article>`,
        )
        .join('')
}
<a class="call" href="/o/${e(o.org.slug)}/find-a-peer?lang=${o.lang}">${e(t.askPeer)}</a>`;
  return shell(o.lang, t.peersTitle, o.org, `/o/${o.org.slug}/peers`, false, body);
};
