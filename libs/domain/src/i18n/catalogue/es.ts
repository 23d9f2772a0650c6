/**
 * Español (Voting Rights Act section 203). Same keys and the same ICU arguments as catalogue/en.ts
 * (the compiler checks the keys, a unit test the arguments). Usted form, as US election offices write.
 */
import type { LanguageFile } from './keys';
import { ES_PACKET_MESSAGES } from './es-packet';
import { ES_REQUEST_MESSAGES } from './es-request';

export const es: LanguageFile = {
  messages: {
    ...ES_REQUEST_MESSAGES,
    ...ES_PACKET_MESSAGES,

    'date.deadline': '{weekday}, {date}, {time} UTC',
    'date.deadline.office': '{utc} ({when} en la oficina electoral, UTC{offset})',
    'date.deadline.otherDay': '{time} del {weekday} {dayMonth}',

    'mail.greeting': 'Hola, {firstName}:',
    'mail.footer': 'Recibe este correo electrónico porque dio esta dirección en su solicitud de boleta.',
    'mail.officeName': 'Oficina Electoral de {jurisdiction}',
    'mail.office.email': 'Correo electrónico: {email}',
    'mail.office.phone': 'Teléfono: {phone}',
    'mail.office.fax': 'Fax: {fax}',
    'mail.tracking':
      'Su código de seguimiento: {trackingCode}\nSígalo aquí (la página le pide su fecha de nacimiento):\n{trackingUrl}',
    'mail.forElection': ' para la {election}',
    'mail.method':
      '{method, select, email {por correo electrónico} online {en línea} fax {por fax} other {por correo postal}}',
    'mail.forReasons': '{count, plural, one {por este motivo} other {por estos motivos}}',
    'mail.fwabHint':
      'Todavía puede votar con la Boleta Federal de Voto Ausente por Escrito (FWAB), de FVAP.gov, si queda tiempo antes de la elección. Su oficina electoral puede decirle la fecha límite.',

    'mail.field.email': 'su dirección de correo electrónico',
    'mail.field.phone': 'su número de teléfono',
    'mail.field.mailingAddress': 'la dirección a la que se envía su boleta',
    'mail.field.ballotDelivery': 'cómo recibe su boleta',
    'mail.contactChanged.subject': 'Se cambiaron sus datos de contacto',
    'mail.contactChanged.body':
      'Su oficina electoral cambió {fields} en su solicitud de boleta.\nLos mensajes y su boleta ahora van a los datos nuevos.\n\nSi usted no pidió este cambio, comuníquese de inmediato con su oficina electoral (abajo).',
    'mail.cancel.voter-request': 'usted pidió a la oficina que la cancelara',
    'mail.cancel.voter-moved': 'los registros de la oficina indican que se mudó fuera del área que atiende',
    'mail.cancel.voter-died': 'los registros de la oficina indican que este votante falleció',
    'mail.cancel.duplicate': 'usted tiene otra solicitud en la oficina',
    'mail.cancel.other': 'por un motivo que la oficina puede explicarle',
    'mail.requestCancelled.subject': 'Se canceló su solicitud de boleta',
    'mail.requestCancelled.body':
      'Su oficina electoral canceló su solicitud de boleta: {reason}.\nUna boleta que le haya enviado por esta solicitud no se contará.\n\nSi es un error, comuníquese con su oficina electoral (abajo); también puede enviar una solicitud nueva.',
    'mail.requestReceived.subject': 'Recibimos su solicitud de boleta',
    'mail.requestReceived.body': 'Su oficina electoral recibió su solicitud de boleta de voto ausente.',
    'mail.requestReceived.nextElectronic':
      'Cuando su boleta esté lista, le enviaremos por correo electrónico un enlace a ella.',
    'mail.requestReceived.nextSent':
      'Su oficina electoral le enviará su boleta {method} cuando esté lista, y se lo avisaremos por correo electrónico.',
    'mail.requestResubmitted.subject': 'Su solicitud de boleta se envió de nuevo',
    'mail.requestResubmitted.body':
      'Alguien, probablemente usted, volvió a enviar una solicitud de boleta a su nombre. Su oficina electoral ya tiene su solicitud para este año, así que nada cambia y no se envía una segunda boleta.',
    'mail.requestResubmitted.after': 'Si usted no la envió, avísele a su oficina electoral.',
    'mail.requestNeedsReview.subject': 'Se está revisando su solicitud de boleta',
    'mail.requestNeedsReview.body':
      'Una persona de su oficina electoral necesita revisar algunos datos de su solicitud de boleta.\nNo necesita hacer nada ahora. Le escribiremos cuando se decida; si la oficina necesita algo de usted, se comunicará con usted.',
    'mail.requestApproved.subject': 'Se aprobó su solicitud de boleta',
    'mail.requestApproved.body': 'Su oficina electoral aprobó su solicitud de boleta.',
    'mail.requestApproved.nextElectronic':
      'Le enviaremos por correo electrónico un enlace a su boleta cuando esté lista.',
    'mail.requestApproved.nextSent': 'Su boleta se enviará {method}.',
    'mail.requestRejected.subject': 'No se aceptó su solicitud de boleta',
    'mail.requestRejected.body':
      'Su oficina electoral no pudo aceptar su solicitud de boleta, {forReasons}:\n{reasons}\n\nQué puede hacer: comuníquese con su oficina electoral (abajo) para corregirla o para enviar una solicitud nueva.',

    'mail.reissue.spoiled': 'usted pidió una nueva',
    'mail.reissue.lost': 'la primera se perdió',
    'mail.reissue.damaged': 'la primera se dañó',
    'mail.reissue.undeliverable': 'la primera no se pudo entregar',
    'mail.reissue.other': 'por un motivo que la oficina puede explicarle',
    'mail.reissue.unknown': 'a petición de la oficina',
    'mail.ballotReplaced.subject': 'Se reemplazó su boleta: use la nueva',
    'mail.ballotReplaced.body':
      'Su oficina electoral canceló la boleta de voto ausente{forElection} que le había enviado{why} y le envía una nueva.\nUse solo la boleta nueva. Si ya marcó o envió la anterior, no se contará: marque y envíe la nueva.',
    'mail.ballotReplaced.why': ' ({reason})',
    'mail.ballotReady.subject': 'Su boleta está lista',
    'mail.ballotReady.body':
      'Su boleta de voto ausente{forElection} está lista. Abra esta página para descargarla:\n{url}\n\nImprímala, marque sus opciones, firme la declaración y envíela de vuelta como indican las instrucciones.\nNo comparta este enlace: abre su boleta.',
    'mail.ballotSent.subject': 'Su boleta se envió {method}',
    'mail.ballotSent.body':
      'Su oficina electoral le envió su boleta de voto ausente{forElection} {method} el {date}.\nCuando llegue, márquela, firme la declaración y envíela de vuelta como indican las instrucciones.',
    'mail.ballotReturned.subject': 'Su boleta llegó a la oficina electoral',
    'mail.ballotReturned.body':
      'Su oficina electoral recibió su boleta{forElection} el {date}.\n{timely, select, yes {Llegó a tiempo. La oficina ahora la revisará; le enviaremos el resultado por correo electrónico.} other {Llegó después de la fecha límite. La oficina decidirá si se puede contar; le enviaremos el resultado por correo electrónico.}}',
    'mail.ballotAccepted.subject': 'Se aceptó su boleta',
    'mail.ballotAccepted.body': 'Su boleta{forElection} fue aceptada y se contará. Gracias por votar.',
    'mail.ballotRejected.subject': 'No se aceptó su boleta',
    'mail.ballotRejected.body': 'Su boleta{forElection} no pudo ser aceptada, {forReasons}:\n{reasons}',
    'mail.ballotRejected.late':
      'Qué puede hacer: en la próxima elección, envíe su boleta de vuelta lo antes posible y pregunte a su oficina electoral si puede devolverla por fax o por correo electrónico.',
    'mail.ballotRejected.other':
      'Qué puede hacer: comuníquese de inmediato con su oficina electoral (abajo); quizás pueda enviarle una boleta nueva.',
    'mail.cureRequested.subject': 'Acción necesaria: corrija un problema con su boleta antes del {date}',
    'mail.cureRequested.body':
      'Su oficina electoral recibió su boleta{forElection} pero todavía no puede contarla:\n{problems}\n\nQué hacer:\n{fixes}\n\nFecha límite: {deadline}.\nSi la oficina no lo recibe para entonces, su boleta no se podrá contar.',
    'mail.ballotCured.subject': 'Gracias: se corrigió el problema con su boleta',
    'mail.ballotCured.body':
      'Su oficina electoral recibió lo que necesitaba. Ahora decidirá sobre su boleta; le enviaremos el resultado por correo electrónico.',

    'mail.fwabCounted.subject': 'Su boleta por escrito se contará',
    'mail.fwabCounted.body':
      'Su oficina electoral recibió su Boleta Federal de Voto Ausente por Escrito (FWAB){forElection}. Se contará.',
    'mail.fwabSuperseded.subject': 'Su boleta estatal se contará',
    'mail.fwabSuperseded.body':
      'Su oficina electoral recibió tanto su boleta estatal como su Boleta Federal de Voto Ausente por Escrito (FWAB){forElection}.\n{reason}',
    'mail.fwabSuperseded.default': 'Su boleta estatal es la que cuenta.',
    'mail.fwabRejected.subject': 'Su boleta por escrito no se pudo contar',
    'mail.fwabRejected.body':
      'Su oficina electoral recibió su Boleta Federal de Voto Ausente por Escrito (FWAB){forElection}, pero no se puede contar:\n{reasons}\n\nComuníquese con su oficina electoral (abajo) si tiene preguntas.',
    'mail.fwabRejected.default': 'Su oficina electoral puede decirle por qué.',

    'web.siteName': 'Boletas para votantes en el extranjero y militares',
    'web.skipLink': 'Saltar al contenido principal',
    'web.nav.label': 'Principal',
    'web.nav.request': 'Solicitar una boleta',
    'web.nav.track': 'Seguir su boleta',
    'web.footer':
      'Nada en estas páginas viene de otro sitio web. Sus opciones de voto nunca se nos envían: usted marca su boleta en papel.',
    'web.language.label': 'Idioma',
    'web.errorSummary': 'Hay un problema',
    'web.errorPrefix': 'Error: ',
    'web.titleError': 'Error: {title}',

    'web.home.title': 'Inicio',
    'web.home.heading': 'Vote desde el extranjero o desde las Fuerzas Armadas',
    'web.home.lead':
      'Los ciudadanos estadounidenses en servicio militar, sus familias y los ciudadanos que viven en el extranjero pueden obtener aquí su boleta de voto ausente y seguirla hasta que se cuente.',
    'web.home.request': 'Solicite su boleta',
    'web.home.track': 'Siga su boleta',
    'web.home.how': 'Cómo funciona',
    'web.home.step1':
      'Llene la solicitud (la Solicitud Federal por Tarjeta Postal, FPCA). Recibe un código de seguimiento.',
    'web.home.step2': 'Su oficina electoral la revisa y prepara su boleta.',
    'web.home.step3':
      'Descargue e imprima su boleta, márquela en papel, firme la declaración y envíela de vuelta.',
    'web.home.step4': 'Siga cada paso: la oficina registra cuándo llega su boleta y si se cuenta.',
    'web.home.receipts': 'Cada paso viene con un comprobante',
    'web.home.receiptsText':
      'Cada paso se escribe en el registro público de su oficina electoral, y usted recibe un comprobante firmado. Su navegador verifica el comprobante por sí mismo, así que no tiene que confiar en nuestra palabra: si alguien cambiara después la historia de su boleta, el comprobante ya no coincidiría con el registro.',

    'web.track.title': 'Siga su boleta',
    'web.track.intro':
      'Escriba el código de seguimiento que recibió al enviar su solicitud y su fecha de nacimiento.',
    'web.track.code': 'Código de seguimiento',
    'web.track.codeHint': 'Por ejemplo {example}',
    'web.track.codeMissing': 'Escriba su código de seguimiento',
    'web.track.dob': 'Fecha de nacimiento',
    'web.track.dobHint': 'Año, mes y día, por ejemplo 1990-04-25',
    'web.track.dobMissing': 'Escriba su fecha de nacimiento',
    'web.track.submit': 'Mostrar mi boleta',
    'web.track.notFound':
      'No encontramos una solicitud de boleta con este código de seguimiento y esta fecha de nacimiento. Revise ambos e inténtelo de nuevo.',

    'web.result.title': 'Su solicitud de boleta',
    'web.result.code': 'Código de seguimiento',
    'web.result.request': 'Solicitud:',
    'web.result.requestStatus':
      '{status, select, verified {Aceptada} needs_review {En revisión} rejected {No aceptada} cancelled {Cancelada} other {Recibida}}',
    'web.result.ballotStatus':
      '{status, select, generated {Lista} transmitted {Enviada a usted} returned {Recibida por la oficina} cure_requested {Acción necesaria} cured {Corregida, en decisión} accepted {Aceptada} rejected {No aceptada} other {Reemplazada o cancelada}}',
    'web.result.rejectedHelp':
      'Puede comunicarse con su oficina electoral, enviar una solicitud corregida o votar con la Boleta Federal de Voto Ausente por Escrito (FWAB).',
    'web.result.reviewHelp': 'No necesita hacer nada ahora. Le escribiremos cuando se decida.',
    'web.result.ballots': 'Sus boletas',
    'web.result.getBallot': 'Obtener su boleta',
    'web.result.whatToDo': 'Qué hacer',
    'web.result.cureBefore':
      'Comuníquese con su oficina electoral antes del {deadline} para corregirlo, o su boleta no se podrá contar.',
    'web.result.theDeadline': 'la fecha límite',
    'web.result.cureAffidavit': 'Descargar la declaración jurada de corrección (PDF)',
    'web.result.cureUploadHelp':
      'Fírmela y envíela de vuelta por correo postal, fax o correo electrónico como se indica, o suba aquí un escaneo o una foto de la página firmada (PDF, PNG o JPEG, hasta 5 MB):',
    'web.result.cureFile': 'Declaración jurada firmada',
    'web.result.cureUpload': 'Subir la declaración jurada firmada',
    'web.result.why': 'Por qué',
    'web.result.fwabHeading': '¿No ha llegado su boleta?',
    'web.result.fwabText':
      'Si su boleta no le llega a tiempo, vote con la Boleta Federal de Voto Ausente por Escrito (FWAB). Si su boleta regular llega después, envíela también: solo se cuenta una.',
    'web.result.fwabDownload': 'Descargar la boleta por escrito (PDF)',
    'web.result.steps': 'Cada paso',
    'web.result.stepsText':
      'Cada paso tiene un comprobante firmado por el registro público de su oficina electoral. Verificar lo comprueba aquí, en su navegador, con la clave pública del registro que aparece abajo: no se nos pregunta si es válido.',
    'web.verify.checking': 'Comprobando\u2026',
    'web.verify.otherStep': 'No verificado: este comprobante es de otro paso.',
    'web.verify.ok':
      'Verificado: firmado por {signedBy}, entrada {entry} de {size} del registro público{also}.',
    'web.verify.witnessed': ', atestiguado por {names}',
    'web.verify.bad': 'No verificado (detalle técnico, en inglés: {reason}).',
    'web.packetCheck.ok':
      'Este es el paquete de este paso: su SHA-256 es el de la entrada del registro que tiene comprobante.',
    'web.packetCheck.bad': 'No es este paquete (detalle técnico, en inglés: {reason}).',
    'web.result.verify': 'Verificar este comprobante',
    'web.result.witnessed': 'Atestiguado por {witnesses}.',
    'web.result.awaitingWitnesses':
      'Firmado por el registro; esperando que los testigos independientes lo refrenden (esta página lo muestra cuando lo hayan hecho).',
    'web.result.packetSha': 'SHA-256 del paquete (de este paso con comprobante):',
    'web.result.packetCheck': 'Verifique el PDF que descargó (se queda en su dispositivo):',
    'web.result.showReceipt': 'Mostrar el comprobante',
    'web.result.receiptPending':
      'El comprobante de este paso se está firmando; aparece aquí en unos segundos.',
    'web.result.witnesses': 'Testigos independientes',
    'web.result.witnessesText':
      'El registro de su oficina electoral está refrendado por testigos independientes, y cada uno firma solo una historia que amplía lo que firmó antes. Un comprobante cuenta cuando {quorum} de estos {count} lo han refrendado; Verificar también lo comprueba.',
    'web.result.logKey': 'La clave pública del registro',
    'web.result.logKeyText':
      'Cualquiera puede verificar estos comprobantes sin conexión con esta clave, por ejemplo con el comando verify-receipt del proyecto. Su oficina electoral publica la misma clave.',
    'web.result.logKeyPending': 'La clave del registro se publica cuando se firma el primer comprobante.',
    'web.result.another': 'Seguir otra solicitud',
    'web.step.unknownTitle': 'Novedad',
    'web.step.unknownDetail': 'Su oficina electoral registró un paso.',

    'web.packet.title': 'Su boleta',
    'web.packet.returned': 'Su oficina electoral ya recibió esta boleta. No necesita enviarla de nuevo.',
    'web.packet.download':
      'Descargar su paquete de boleta (PDF, {pages, plural, one {# página} other {# páginas}}, {paper, select, a4 {A4} other {carta de EE. UU.}})',
    'web.packet.whatToDo': 'Qué hacer',
    'web.packet.step1': 'Imprima todas las páginas del paquete en papel común.',
    'web.packet.step2':
      'Marque sus opciones en la boleta con un bolígrafo oscuro. Sus opciones nunca se envían por internet.',
    'web.packet.step3': 'Firme y feche la declaración del votante.',
    'web.packet.step4':
      'Ponga la boleta en un sobre, con la declaración, y envíela de vuelta con la página del sobre de devolución como indican las instrucciones del paquete.',
    'web.packet.screenReader': '¿Usa un lector de pantalla?',
    'web.packet.accessibleLink': 'Lea su boleta como página web',
    'web.packet.accessibleText': ': las mismas contiendas y opciones, en orden, con encabezados.',

    'reason.unknown': 'Código de motivo "{code}"; su oficina electoral puede darle más información.',

    // the marking page (/ballot/{id}/mark): marked in the browser, nothing sent
    'marking.title': 'Marque su boleta en este dispositivo',
    'marking.private':
      'Sus opciones se quedan en este dispositivo. Esta página ya cargó todo lo que necesita: no envía nada mientras usted marca, y su propio navegador prepara su boleta marcada.',
    'marking.noScript':
      'Para marcar en esta página se necesita JavaScript. Sin él, descargue su paquete de boleta, imprímalo y marque la boleta con un bolígrafo.',
    'marking.howTo':
      'Cada contienda es un grupo de opciones. Use Tab para pasar de una contienda a otra y las flechas o la barra espaciadora para elegir. Puede dejar una contienda en blanco.',
    'marking.voteFor': '{n, plural, one {Vote por uno.} other {Vote hasta por #.}}',
    'marking.chooseOne': 'Elija una opción.',
    'marking.writeIn':
      'Candidato por escrito {n}: rellene este óvalo; después de imprimir, escriba el nombre en su línea con un bolígrafo',
    'marking.tooMany':
      'Puede elegir hasta {n} en esta contienda. Para elegir otra opción, primero desmarque una de las suyas.',
    'marking.clear': 'Borrar esta contienda',
    'marking.cleared': 'Ninguna opción en esta contienda.',
    'marking.toReview': 'Revisar mis opciones',
    'marking.review': 'Revise sus opciones',
    'marking.reviewIntro':
      'Revise cada contienda. No se ha enviado nada. Para cambiar una opción, vuelva a su boleta.',
    'marking.none': 'Ninguna opción',
    'marking.change': 'Cambiar mis opciones',
    'marking.make': 'Preparar mi boleta marcada (PDF)',
    'marking.making': 'Preparando su boleta marcada…',
    'marking.failed':
      'Su navegador no pudo preparar el PDF. Descargue su paquete de boleta, imprímalo y márquelo con un bolígrafo.',
    'marking.ready': 'Su boleta marcada está lista',
    'marking.readyText':
      'Es su paquete de boleta con los óvalos de sus opciones rellenados, preparado por su navegador. No se ha enviado a ninguna parte.',
    'marking.save': 'Guardar su paquete de boleta marcado (PDF)',
    'marking.next1':
      'Abra el PDF e imprima todas las páginas en papel común. Compruebe que los óvalos rellenados son las opciones que eligió.',
    'marking.next2': 'Escriba cada nombre por escrito en su línea con un bolígrafo.',
    'marking.next3': 'Firme y feche en papel la declaración del votante.',
    'marking.next4': 'Devuelva la boleta y la declaración como indican las instrucciones del paquete.',
    'marking.back': 'Volver a su paquete de boleta',
    'marking.link': 'Marque su boleta en este dispositivo',
    'marking.linkText':
      ': elija con el teclado o un lector de pantalla, revise y luego imprima la boleta que su navegador rellena. Sus opciones nunca salen de su dispositivo.',
    // mensajes de texto (SMS): sin á, í, ó, ú donde se puede, para que quepan en el alfabeto GSM-7
    'sms.message': '{office}: {text}',
    'sms.stop': 'Baja: responda STOP.',
    'sms.request-received': 'Recibimos su solicitud de boleta.',
    'sms.request-resubmitted': 'Recibimos otra vez su solicitud. Si no fue usted, llame.',
    'sms.request-needs-review': 'Una persona revisa su solicitud. No tiene que hacer nada.',
    'sms.request-approved': 'Su solicitud de boleta fue aprobada. Le enviaremos su boleta.',
    'sms.request-rejected': 'Su solicitud de boleta no fue aceptada. Vea por qué y qué hacer:',
    'sms.ballot-ready': 'Su boleta ya se puede descargar:',
    'sms.ballot-sent':
      'Enviamos su boleta {method, select, fax {por fax} other {por correo postal}} el {date}.',
    'sms.ballot-returned':
      '{timely, select, yes {Recibimos su boleta a tiempo.} other {Recibimos su boleta tarde: no se puede contar.}}',
    'sms.ballot-accepted': 'Su boleta fue aceptada y se va a contar. Gracias por votar.',
    'sms.ballot-rejected': 'Su boleta no se pudo contar. Vea por qué y qué hacer:',
    'sms.cure-requested': 'Problema con su boleta: corrija antes del {deadline}:',
    'sms.ballot-cured': 'Su boleta fue corregida; la oficina decide luego.',
    'sms.fwab-resolved':
      '{disposition, select, counted {Su boleta FWAB se va a contar.} superseded {Cuenta su boleta regular, no la FWAB.} other {Su boleta FWAB no se pudo contar.}}',
    'sms.contact-changed': 'Cambiamos sus datos de contacto. ¿No fue a pedido suyo? Llame.',
    'sms.request-cancelled': 'Su solicitud de boleta fue cancelada. Puede enviar una nueva.',
    'sms.ballot-replaced': 'Su boleta fue reemplazada: use solo la nueva, que llega pronto.',
    'sms.field': 'mensajes de texto (SMS)',
    'request.sms.legend': 'Mensajes de texto (opcional)',
    'request.sms.optIn': 'Envíenme también mensajes de texto (SMS) breves sobre mi solicitud y mi boleta',
    'request.sms.mobile': 'Número de celular, en formato internacional (por ejemplo +491701234567)',
  },
  vocabulary: {
    requestReason: {
      duplicate: 'La oficina electoral ya tiene una solicitud de este votante.',
      invalid: 'La solicitud no es válida.',
      'mismatch-voter-signature': 'La firma no coincide con la firma registrada.',
      'missing-identification':
        'No se dio un número de identificación, así que no se puede encontrar al votante en el padrón automáticamente.',
      'missing-ssn': 'Se requiere el número de Seguro Social (últimos cuatro dígitos) y falta.',
      'missing-state-id-number':
        'Se requiere el número de licencia de conducir o de identificación estatal y falta.',
      'missing-voter-signature': 'El votante no firmó (aceptó y fechó) la declaración.',
      untracked: 'El motivo no está registrado.',
      other: 'Otro motivo, anotado por la oficina electoral.',
      'under-18-on-election-day': 'El votante no tendrá 18 años el día de la elección.',
      'not-outside-united-states':
        'Un ciudadano que vive en el extranjero debe dar una dirección postal fuera de los Estados Unidos o en un puesto militar o diplomático (APO, FPO, DPO).',
      'residence-outside-jurisdiction':
        'El domicilio electoral no está en el área que atiende esta oficina electoral.',
      'residence-county-missing':
        'Falta el condado del domicilio electoral, así que la oficina debe revisarlo.',
      'residence-county-code-unresolved':
        'El condado del domicilio electoral se dio como un código que la oficina no tiene configurado, así que la oficina debe revisarlo.',
      'affirmation-dated-in-future': 'La declaración tiene una fecha posterior a hoy.',
      'roll-id-mismatch':
        'El votante está en el padrón, pero el número de identificación no coincide con el registrado.',
      'roll-multiple-candidates': 'Varios votantes del padrón tienen este nombre y esta fecha de nacimiento.',
      'roll-no-id-to-compare':
        'El votante está en el padrón, pero el padrón no tiene un número de identificación del tipo dado para comparar.',
      'not-on-roll':
        'El votante no está en el padrón. La FPCA también es una solicitud de inscripción: la oficina inscribe al votante después de revisarla.',
      'roll-record-not-active':
        'El votante está en el padrón, pero la inscripción está cancelada o pendiente.',
      'identification-not-accepted-by-state':
        'El número de identificación indicado no es de un tipo que el estado acepta para la inscripción; la oficina le pedirá uno que acepte.',
    },
    ballotRejection: {
      'mismatch-voter-signature':
        'La firma en el sobre de su boleta no coincide con la firma que la oficina electoral tiene registrada.',
      'missing-voter-signature': 'La declaración en el sobre de su boleta no está firmada.',
      'not-timely': 'Su boleta llegó después de la fecha límite.',
      postmark: 'El matasellos del sobre de su boleta falta o es posterior a la fecha límite.',
      rejected: 'La oficina electoral no pudo aceptar su boleta.',
      undeliverable: 'No se pudo entregarle su paquete de boleta.',
      untracked: 'La oficina electoral no registró un motivo.',
      'voided-spoiled': 'Esta boleta se canceló, por ejemplo porque se emitió una boleta de reemplazo.',
      'voter-died': 'Los registros de la oficina electoral indican que este votante falleció.',
      'voter-moved': 'Los registros de la oficina electoral indican que se mudó fuera del área que atiende.',
      'voter-unregistered': 'No está inscrito para votar con esta oficina electoral.',
      other: 'Otro motivo; su oficina electoral puede darle más información.',
    },
    cureProblem: {
      'missing-voter-signature': 'La declaración en el sobre de su boleta no está firmada.',
      'mismatch-voter-signature':
        'La firma en el sobre de su boleta no coincide con la firma que la oficina electoral tiene registrada.',
      other: 'La oficina electoral encontró un problema con su boleta devuelta que usted puede corregir.',
    },
    cureFix: {
      'missing-voter-signature':
        'Envíe a la oficina electoral una declaración firmada de que la boleta es suya (pida a la oficina su formulario de corrección).',
      'mismatch-voter-signature':
        'Confirme a la oficina electoral que la boleta es suya con una declaración firmada (pida a la oficina su formulario de corrección).',
      other: 'Comuníquese con la oficina electoral para saber qué enviar.',
    },
    fwabNotCounted: {
      'state-ballot-counted':
        'Su boleta estatal llegó a tiempo y es la que cuenta, así que su boleta por escrito se deja de lado, como dispone la ley.',
      'fwab-not-timely': 'Su boleta por escrito llegó después de la fecha límite.',
      'no-timely-application':
        'La oficina electoral no recibió su solicitud de boleta a tiempo para esta elección.',
      'voter-unregistered': 'No está inscrito para votar con esta oficina electoral.',
    },
    stepTitle: {
      'uocava.request.submitted.v1': 'Solicitud recibida',
      'uocava.request.duplicate.v1': 'Solicitud enviada de nuevo',
      'uocava.request.verified.v1': 'Solicitud aceptada',
      'uocava.request.needs-review.v1': 'En revisión por su oficina electoral',
      'uocava.request.rejected.v1': 'Solicitud no aceptada',
      'uocava.request.style-assigned.v1': 'Boleta elegida',
      'uocava.ballot.generated.v1': 'Boleta lista',
      'uocava.ballot.packet-regenerated.v1': 'Paquete de boleta preparado de nuevo',
      'uocava.ballot.transmitted.v1': 'Boleta enviada a usted',
      'uocava.ballot.returned.v1': 'Boleta devuelta recibida',
      'uocava.ballot.accepted.v1': 'Boleta aceptada',
      'uocava.ballot.rejected.v1': 'Boleta no aceptada',
      'uocava.ballot.cure-requested.v1': 'Acción necesaria: corrija el sobre de su boleta',
      'uocava.request.contact-changed.v1': 'Datos de contacto cambiados',
      'uocava.request.cancelled.v1': 'Solicitud cancelada',
      'uocava.ballot.voided.v1': 'Boleta cancelada',
      'uocava.ballot.cured.v1': 'Problema corregido',
    },
    stepDetail: {
      'uocava.request.submitted.v1': 'Su oficina electoral recibió su solicitud de boleta.',
      'uocava.request.duplicate.v1':
        'Usted envió su solicitud de nuevo. Nada cambia: su primera solicitud sigue en pie.',
      'uocava.request.verified.v1':
        'Su oficina electoral lo encontró en el padrón. Lo siguiente es preparar su boleta.',
      'uocava.request.needs-review.v1':
        'Algunos datos necesitan que una persona los revise. No necesita hacer nada ahora: le escribiremos cuando se decida.',
      'uocava.request.rejected.v1':
        'Su oficina electoral no pudo aceptar su solicitud. Puede comunicarse con ella, enviar una solicitud corregida o votar con la Boleta Federal de Voto Ausente por Escrito (FWAB).',
      'uocava.request.style-assigned.v1': 'Su oficina electoral eligió la boleta para su dirección.',
      'uocava.ballot.generated.v1':
        'Se preparó su paquete de boleta: instrucciones, la boleta, la declaración y el sobre.',
      'uocava.ballot.packet-regenerated.v1':
        'Su paquete de boleta se preparó de nuevo, con la misma boleta. Use el paquete que descargue ahora; una copia que haya impreso antes sigue siendo válida.',
      'uocava.ballot.transmitted.v1':
        'Imprímala, marque sus opciones, firme la declaración y envíela de vuelta como indican las instrucciones.',
      'uocava.ballot.returned.v1':
        'Su oficina electoral recibió su boleta devuelta. Lo siguiente es revisar el sobre.',
      'uocava.ballot.accepted.v1': 'Su boleta fue aceptada y se contará. Gracias por votar.',
      'uocava.ballot.rejected.v1': 'Su boleta no se pudo contar.',
      'uocava.ballot.cure-requested.v1':
        'Su oficina electoral encontró un problema que usted puede corregir antes de la fecha límite.',
      'uocava.request.contact-changed.v1':
        'Su oficina electoral cambió sus datos de contacto o la dirección a la que se envía su boleta.',
      'uocava.request.cancelled.v1':
        'Su oficina electoral canceló su solicitud de boleta. Una boleta enviada por ella no se contará; puede enviar una solicitud nueva.',
      'uocava.ballot.voided.v1':
        'Esta boleta se canceló y ya no se puede contar. Si se emitió un reemplazo, use solo la boleta nueva.',
      'uocava.ballot.cured.v1':
        'Se corrigió el problema con el sobre de su boleta. Lo siguiente es que su oficina electoral decida sobre su boleta.',
    },
  },
};
