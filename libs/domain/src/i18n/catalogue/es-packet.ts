/** Español: the words of the ballot packet PDF (catalogue/en-packet.ts), the same keys and arguments. */
import type { EN_PACKET_MESSAGES } from './en-packet';

export const ES_PACKET_MESSAGES: Record<keyof typeof EN_PACKET_MESSAGES, string> = {
  'pdf.title': '{election} \u2014 paquete de boleta de voto ausente',
  'pdf.date': '{weekday}, {day} de {month} de {year}',
  'pdf.time.midnight': 'la medianoche (comienzo del día)',
  'pdf.time.noon': 'el mediodía',
  'pdf.time': 'las {hour}:{minute} {am, select, yes {a. m.} other {p. m.}}',
  'pdf.deadline.raw': 'La oficina electoral debe recibir su boleta a más tardar el {deadline}.',
  'pdf.deadline.receivedBy':
    'La oficina electoral debe RECIBIR su boleta a más tardar a {time} del {date} ({offset}). El correo desde el extranjero tarda: envíela de vuelta lo antes posible.',
  'pdf.deadline.postmarked':
    'Su boleta debe enviarse por correo a más tardar el día de la elección, {electionDay} (con matasellos, o firmada y fechada en la declaración si no hay matasellos), y la oficina electoral debe RECIBIRLA a más tardar el {receivedBy}{days, plural, =0 {.} one { (# día después del día de la elección).} other { (# días después del día de la elección).}}',

  'pdf.instr.kicker': 'PAQUETE DE BOLETA DE VOTO AUSENTE \u2014 INSTRUCCIONES',
  'pdf.instr.electionDay': '{jurisdiction} \u2014 día de la elección: {date}',
  'pdf.instr.qrAlt':
    'Código QR con la dirección de la página de seguimiento de su boleta; la dirección está impresa al lado',
  'pdf.instr.deadline': 'Fecha límite',
  'pdf.instr.contents': 'Qué contiene este paquete',
  'pdf.instr.contentsText':
    '1. Estas instrucciones.  2. Su boleta ({pages, plural, one {# página} other {# páginas}}).  3. La declaración del votante.  4. Un sobre de confidencialidad y una etiqueta para el sobre de devolución.',
  'pdf.instr.how': 'Cómo votar y devolver su boleta',
  'pdf.instr.step1':
    '1. Imprima todas las páginas en papel blanco normal, por una sola cara. No cambie el tamaño de las páginas.',
  'pdf.instr.step2':
    '2. Marque su boleta con un bolígrafo negro o azul, siguiendo las instrucciones de la boleta. No firme ni escriba su nombre en la boleta.',
  'pdf.instr.step3':
    '3. Doble la boleta y póngala dentro del sobre de confidencialidad (la página marcada \u201cBoleta oficial\u201d). Basta con doblar esa página alrededor de la boleta.',
  'pdf.instr.step4':
    '4. Firme y feche la declaración del votante. Si la declaración no está firmada, su boleta no se puede contar.',
  'pdf.instr.step5':
    '5. Ponga el sobre de confidencialidad y la declaración firmada en un sobre. Recorte la etiqueta del sobre de devolución y péguela en el sobre, o doble la página para formar un sobre.',
  'pdf.instr.step6': '6. Envíelo por correo a su oficina electoral:',
  'pdf.instr.byFax': 'por fax al {fax}',
  'pdf.instr.byEmail': 'por correo electrónico a {email}',
  'pdf.instr.or': ' o ',
  'pdf.instr.electronic':
    'Esta oficina también acepta boletas votadas {ways}. Envíe la boleta y la declaración firmada juntas. Una boleta devuelta por vía electrónica no puede ser del todo secreta: es posible que se le pida firmar una renuncia al secreto del voto.',
  'pdf.instr.postage': 'Franqueo',
  'pdf.instr.postageText':
    'Devolver su boleta por correo es gratis en el correo de EE. UU., a través de una oficina postal militar (APO/FPO/DPO) y a través de la valija diplomática de una embajada o consulado de EE. UU.: la etiqueta del sobre de devolución lleva la marca \u201cOfficial Absentee Balloting Material \u2014 First-Class Mail \u2014 U.S. Postage Paid 39 USC 3406\u201d. Si usa el servicio postal del país donde vive, debe pagar su franqueo.',
  'pdf.instr.label11':
    'En una oficina postal militar, pida la etiqueta Label 11-DoD: así su boleta votada viaja por Priority Mail Express con seguimiento, sin costo para usted.',
  'pdf.instr.late': 'Si su boleta llega tarde o no llega',
  'pdf.instr.lateText':
    'Si teme que esta boleta no llegue a la oficina a tiempo, o no la recibió, vote con la Boleta Federal de Voto Ausente por Escrito (FWAB, SF-186) de FVAP.gov y envíela a la misma dirección. Si esta boleta llega después, vótela y devuélvala también: solo se contará una boleta.',
  'pdf.instr.phone': 'teléfono {phone}',
  'pdf.instr.email': 'correo electrónico {email}',
  'pdf.instr.questions': 'Preguntas',
  'pdf.instr.questionsText':
    '{office}{contact}. Indique su código de seguimiento, nunca su número de identificación.',
  'pdf.instr.preparedFor': 'Preparado para: {name}',
  'pdf.instr.trackingCode': 'Código de seguimiento: {code}',
  'pdf.instr.follow': 'Siga su boleta en {url} o escanee el código.',

  'pdf.decl.kicker': 'PONGA ESTA PÁGINA EN EL SOBRE DE DEVOLUCIÓN, FUERA DEL SOBRE DE CONFIDENCIALIDAD',
  'pdf.decl.title': 'Declaración / afirmación del votante',
  'pdf.decl.oath':
    'Juro o afirmo, bajo pena de perjurio, que: soy miembro de los Servicios Uniformados o de la Marina Mercante en servicio activo, o cónyuge o dependiente con derecho de dicho miembro; o soy ciudadano estadounidense que reside fuera de los Estados Unidos; soy ciudadano estadounidense, tengo al menos 18 años (o los tendré el día de la elección) y tengo derecho a votar en la jurisdicción solicitada; no he sido condenado por un delito grave u otro delito que me inhabilite, ni declarado mentalmente incapaz, o, si lo fui, mis derechos de voto han sido restablecidos; no estoy solicitando una boleta ni votando en ninguna otra jurisdicción de los Estados Unidos; marqué yo mismo la boleta adjunta (o, si necesité ayuda, la persona que me ayudó la marcó como yo le pedí) y la boleta se cerró en el sobre de confidencialidad sin que nadie más la viera. La información que he dado es verdadera, exacta y completa según mi leal saber y entender. Entiendo que una declaración falsa sobre un hecho importante al completar este documento puede ser motivo de condena por perjurio.',
  'pdf.decl.name': 'Nombre del votante',
  'pdf.decl.signature': 'Firma del votante (obligatoria)',
  'pdf.decl.date': 'Fecha (MM/DD/AAAA)',
  'pdf.decl.mark':
    'Si no puede firmar, haga su marca y pida a un testigo que firme y escriba su nombre aquí si su estado lo exige:',
  'pdf.decl.witnessLine': 'Firma y nombre en letra de imprenta del testigo (solo donde se exige)',
  'pdf.decl.notary':
    'Notario público: firma, nombre en letra de imprenta, vencimiento de la comisión y sello (obligatorio)',
  'pdf.decl.witness': 'Testigo: firma, nombre en letra de imprenta y dirección (obligatorio)',
  'pdf.decl.witnessOrNotary':
    'Testigo o notario: firma, nombre en letra de imprenta y dirección o sello (obligatorio)',
  'pdf.decl.witnessAddress': 'Dirección del testigo, o sello del notario',
  'pdf.decl.trackingCode': 'Código de seguimiento {code}',

  'pdf.env.fold': 'doblar',
  'pdf.env.official': 'BOLETA OFICIAL',
  'pdf.env.sleeve': 'Sobre de confidencialidad: ponga dentro su boleta votada',
  'pdf.env.sleeveHint': 'Doble esta hoja alrededor de su boleta. No escriba su nombre en ella.',
  'pdf.env.kicker':
    'SOBRE DE DEVOLUCIÓN \u2014 recorte por la línea discontinua y péguelo en cualquier sobre, o dóblelo para formar un sobre',
  'pdf.env.noPostage': 'Sin franqueo en el correo de EE. UU., APO/FPO/DPO',
  'pdf.env.from': 'De:',
  'pdf.env.electionMail': 'Correo electoral oficial',
  'pdf.env.enclosed': 'Contiene una boleta de voto ausente',
  'pdf.env.to': 'Para:',
  'pdf.env.beforeSeal':
    'Antes de cerrar el sobre: deben ir dentro el sobre de confidencialidad con su boleta y la declaración firmada. La oficina electoral escanea el código de barras cuando llega su sobre; puede seguir cada paso con su código de seguimiento.',
  'pdf.env.barcodeAlt': 'Código de barras del identificador de la boleta, impreso debajo',
  'pdf.env.ballotId': 'Identificador de la boleta {id}',

  'pdf.ballot.kicker': 'BOLETA OFICIAL DE VOTO AUSENTE',
  'pdf.ballot.style': 'Estilo de boleta {style}',
  'pdf.ballot.qrAlt': 'Código QR para la junta de duplicación: {code}',
  'pdf.ballot.page': 'Página {page} de {pages}',
  'pdf.ballot.continue': 'Continúe votando en la página siguiente',
  'pdf.ballot.howTo': 'Cómo marcar su boleta',
  'pdf.ballot.exampleAlt': 'Ejemplo de un óvalo de votación rellenado por completo',
  'pdf.ballot.howToText':
    'Use un bolígrafo de tinta negra o azul. Rellene por completo el óvalo junto a cada opción, así. No vote por más opciones de las permitidas. Para votar por una persona que no figura en la lista, rellene el óvalo y escriba el nombre en la línea. Si se equivoca, pida una boleta nueva a la oficina electoral. No firme la boleta.',
  'pdf.ballot.voteFor': '{n, plural, =1 {Vote por uno} other {Vote por hasta #}}',
  'pdf.ballot.yesNo': 'Vote Sí o No',
  'pdf.ballot.continued': 'continuación',
  'pdf.ballot.targetAlt': 'Óvalo de votación para {choice}',
  'pdf.ballot.writeInAlt': 'Óvalo de votación para un candidato por escrito: escriba el nombre en la línea',
  'pdf.ballot.writeIn': 'candidato por escrito',
};
