/**
 * English words of the ballot packet PDF (libs/ballot-pdf packet/*.ts, deadline.ts, ballot.ts):
 * the instructions, the declaration, the secrecy sleeve and the return envelope. Spread into
 * catalogue/en.ts. The words are the packet's bytes: a change is a RENDERER_REVISION bump.
 */
export const EN_PACKET_MESSAGES = {
  'pdf.title': '{election} \u2014 absentee ballot packet',
  'pdf.date': '{weekday}, {month} {day}, {year}',
  'pdf.time.midnight': 'midnight (start of the day)',
  'pdf.time.noon': 'noon',
  'pdf.time': '{hour}:{minute} {am, select, yes {a.m.} other {p.m.}}',
  'pdf.deadline.raw': 'Your ballot must be received by the election office by {deadline}.',
  'pdf.deadline.receivedBy':
    'Your ballot must be RECEIVED by the election office by {time} on {date} ({offset}). Mail takes time from abroad: send it back as soon as you can.',
  'pdf.deadline.postmarked':
    'Your ballot must be mailed no later than election day, {electionDay} (postmarked, or signed and dated on the declaration if there is no postmark), and must be RECEIVED by the election office by {receivedBy}{days, plural, =0 {.} one { (# day after election day).} other { (# days after election day).}}',

  'pdf.instr.kicker': 'ABSENTEE BALLOT PACKET \u2014 INSTRUCTIONS',
  'pdf.instr.electionDay': '{jurisdiction} \u2014 election day {date}',
  'pdf.instr.qrAlt': 'QR code with the address of your ballot tracking page, the address printed beside it',
  'pdf.instr.deadline': 'Deadline',
  'pdf.instr.contents': 'What is in this packet',
  'pdf.instr.contentsText':
    '1. These instructions.  2. Your ballot ({pages, plural, one {# page} other {# pages}}).  3. The voter\u2019s declaration.  4. A secrecy sleeve and a return envelope label.',
  'pdf.instr.how': 'How to vote and return your ballot',
  'pdf.instr.step1': '1. Print all pages on plain white paper, one side only. Do not resize the pages.',
  'pdf.instr.step2':
    '2. Mark your ballot with a black or blue pen, following the instructions on the ballot. Do not sign or write your name on the ballot.',
  'pdf.instr.step3':
    '3. Fold the ballot and put it inside the secrecy sleeve (the page marked \u201cOfficial Ballot\u201d). Folding it around the ballot is enough.',
  'pdf.instr.step4':
    '4. Sign and date the voter\u2019s declaration. An unsigned declaration means your ballot cannot be counted.',
  'pdf.instr.step5':
    '5. Put the secrecy sleeve and the signed declaration in an envelope. Cut out the return envelope label and tape it on the envelope, or fold the page into an envelope.',
  'pdf.instr.step6': '6. Mail it to your election office:',
  'pdf.instr.byFax': 'by fax to {fax}',
  'pdf.instr.byEmail': 'by e-mail to {email}',
  'pdf.instr.or': ' or ',
  'pdf.instr.electronic':
    'This office also accepts voted ballots {ways}. Send the ballot and the signed declaration together. A ballot returned electronically cannot stay fully secret: you may be asked to sign a waiver of secrecy.',
  'pdf.instr.postage': 'Postage',
  'pdf.instr.postageText':
    'Returning your ballot by mail is free in the U.S. mail, through a military post office (APO/FPO/DPO) and through the diplomatic pouch of a U.S. embassy or consulate: the return envelope label carries the \u201cOfficial Absentee Balloting Material \u2014 First-Class Mail \u2014 U.S. Postage Paid 39 USC 3406\u201d marking. If you use your host country\u2019s postal service, you must pay its postage.',
  'pdf.instr.label11':
    'At a military post office, ask for Label 11-DoD: your voted ballot then travels by Priority Mail Express with tracking, at no cost to you.',
  'pdf.instr.late': 'If your ballot is late or does not arrive',
  'pdf.instr.lateText':
    'If you fear this ballot will not reach the office in time, or you did not receive it, vote with the Federal Write-In Absentee Ballot (FWAB, SF-186) from FVAP.gov and send it to the same address. If this ballot arrives later, vote and return it too: only one ballot will be counted.',
  'pdf.instr.phone': 'phone {phone}',
  'pdf.instr.email': 'e-mail {email}',
  'pdf.instr.questions': 'Questions',
  'pdf.instr.questionsText': '{office}{contact}. Please give your tracking code, never your ID number.',
  'pdf.instr.preparedFor': 'Prepared for: {name}',
  'pdf.instr.trackingCode': 'Tracking code: {code}',
  'pdf.instr.follow': 'Follow your ballot at {url} or scan the code.',

  'pdf.decl.kicker': 'PUT THIS PAGE IN THE RETURN ENVELOPE, OUTSIDE THE SECRECY SLEEVE',
  'pdf.decl.title': 'Voter\u2019s Declaration / Affirmation',
  'pdf.decl.oath':
    'I swear or affirm, under penalty of perjury, that: I am a member of the Uniformed Services or merchant marine on active duty, or an eligible spouse or dependent of such a member; or a U.S. citizen residing outside the United States; I am a U.S. citizen, at least 18 years of age (or will be by the day of the election), and eligible to vote in the requested jurisdiction; I have not been convicted of a felony or other disqualifying offense or been adjudicated mentally incompetent, or, if so, my voting rights have been reinstated; I am not requesting a ballot or voting in any other jurisdiction in the United States; I marked the enclosed ballot myself (or, if I needed help, the person helping me marked it as I asked) and the ballot was sealed in the secrecy sleeve without being seen by anyone else. The information I have given is true, accurate and complete to the best of my knowledge. I understand that a material misstatement of fact in completing this document may constitute grounds for conviction of perjury.',
  'pdf.decl.name': 'Voter\u2019s name',
  'pdf.decl.signature': 'Signature of the voter (required)',
  'pdf.decl.date': 'Date (MM/DD/YYYY)',
  'pdf.decl.mark':
    'If you cannot sign, make your mark and have a witness sign and print their name here if your state requires it:',
  'pdf.decl.witnessLine': 'Witness signature and printed name (only where required)',
  'pdf.decl.notary': 'Notary public: signature, printed name, commission expiry and seal (required)',
  'pdf.decl.witness': 'Witness: signature, printed name and address (required)',
  'pdf.decl.witnessOrNotary': 'Witness or notary: signature, printed name and address or seal (required)',
  'pdf.decl.witnessAddress': 'Address of the witness, or the notary\u2019s seal',
  'pdf.decl.trackingCode': 'Tracking code {code}',

  'pdf.env.fold': 'fold',
  'pdf.env.official': 'OFFICIAL BALLOT',
  'pdf.env.sleeve': 'Secrecy sleeve: place your voted ballot inside',
  'pdf.env.sleeveHint': 'Fold this sheet around your ballot. Do not write your name on it.',
  'pdf.env.kicker':
    'RETURN ENVELOPE \u2014 cut along the dashed line and tape on any envelope, or fold into an envelope',
  'pdf.env.noPostage': 'No postage necessary in U.S. mail, APO/FPO/DPO',
  'pdf.env.from': 'From:',
  'pdf.env.electionMail': 'Official Election Mail',
  'pdf.env.enclosed': 'Absentee ballot enclosed',
  'pdf.env.to': 'To:',
  'pdf.env.beforeSeal':
    'Before you seal the envelope: the secrecy sleeve with your ballot inside and the signed declaration go in. The election office scans the barcode when your envelope arrives; you can follow each step with your tracking code.',
  'pdf.env.barcodeAlt': 'Barcode of the ballot ID, the ID printed under it',
  'pdf.env.ballotId': 'Ballot ID {id}',

  // the ballot's own fixed words (libs/ballot-pdf ballot.ts), in the ballot's languages
  'pdf.ballot.kicker': 'OFFICIAL ABSENTEE BALLOT',
  'pdf.ballot.style': 'Ballot style {style}',
  'pdf.ballot.qrAlt': 'QR code for the duplication board: {code}',
  'pdf.ballot.page': 'Page {page} of {pages}',
  'pdf.ballot.continue': 'Continue voting on the next page',
  'pdf.ballot.howTo': 'How to mark your ballot',
  'pdf.ballot.exampleAlt': 'Example of a voting target: an oval, filled in completely',
  'pdf.ballot.howToText':
    'Use a black or blue pen. Fill in the oval completely next to each choice, like this. Do not vote for more choices than allowed. To vote for a person not listed, fill in the oval and write the name on the line. If you make a mistake, ask the election office for a new ballot. Do not sign the ballot.',
  'pdf.ballot.voteFor': '{n, plural, =1 {Vote for one} other {Vote for up to #}}',
  'pdf.ballot.yesNo': 'Vote Yes or No',
  'pdf.ballot.continued': 'continued',
  'pdf.ballot.targetAlt': 'Voting target for {choice}',
  'pdf.ballot.writeInAlt': 'Voting target for a write-in candidate: write the name on the line',
  'pdf.ballot.writeIn': 'write-in',
} as const;
