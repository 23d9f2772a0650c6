/**
 * Import of a NIST SP 1500-20 (v1) ballot definition: schema validation (JSON Schema draft-07,
 * ajv), reference checks, and mapping to the typed `ElectionDefinition`. Pure: no I/O.
 */
import { isRecord } from '@uocava/contracts/values';
import type {
  BallotStyleDef,
  CandidateChoice,
  Contest,
  ContestTranslations,
  ElectionDefinition,
  ElectionSettings,
  GpUnitInfo,
  ImportError,
  ImportResult,
  MeasureChoice,
  PartyInfo,
} from './model';
import { schemaErrors, validator } from './nist-schema';
import { settingsErrors, settingsShapeErrors } from './settings-rules';

type Obj = Record<string, unknown>;
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
const objs = (v: unknown): Obj[] => arr(v).filter(isRecord);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const strs = (v: unknown): string[] => arr(v).filter((x): x is string => typeof x === 'string');

/** Text of an InternationalizedText, preferring English, else the first language given. */
function text(v: unknown): string | undefined {
  if (!isRecord(v)) return undefined;
  const items = objs(v.Text);
  const en = items.find((t) => typeof t.Language === 'string' && t.Language.toLowerCase().startsWith('en'));
  return str((en ?? items[0])?.Content);
}

/** The other languages of an InternationalizedText (primary tag, lower case): the definition's words. */
function otherTexts(v: unknown): Map<string, string> {
  const out = new Map<string, string>();
  if (!isRecord(v)) return out;
  for (const item of objs(v.Text)) {
    const lang = str(item.Language)?.toLowerCase().split('-')[0];
    const content = str(item.Content);
    if (lang && lang !== 'en' && content !== undefined && !out.has(lang)) out.set(lang, content);
  }
  return out;
}

/** A contest's words in each other language its definition has (absent when none). */
function translationsOf(c: Obj): { translations?: ContestTranslations } {
  const out: ContestTranslations = {};
  const put = (field: 'title' | 'subtitle' | 'summary' | 'fullText', v: unknown) => {
    for (const [lang, content] of otherTexts(v)) (out[lang] ??= {})[field] = content;
  };
  put('title', c.BallotTitle);
  put('subtitle', c.BallotSubTitle);
  put('summary', c.SummaryText);
  put('fullText', c.FullText);
  for (const o of objs(c.ContestOption))
    for (const [lang, content] of otherTexts(o.Selection))
      ((out[lang] ??= {}).options ??= {})[String(o['@id'])] = content;
  return Object.keys(out).length > 0 ? { translations: out } : {};
}

/**
 * Validates `json` against the NIST SP 1500-20 v1 schema and our reference rules, and maps it to
 * the typed model. Exactly one Election is expected in the file.
 */
export function parseElectionDefinition(json: unknown, rawSettings: unknown): ImportResult {
  const validate = validator();
  const shapeErrors = settingsShapeErrors(rawSettings);
  if (shapeErrors.length > 0) {
    return {
      ok: false,
      errors: [...(validate(json) ? [] : schemaErrors(validate.errors ?? [])), ...shapeErrors],
    };
  }
  const settings = rawSettings as ElectionSettings;
  const errors: ImportError[] = settingsErrors(settings);
  if (!validate(json)) return { ok: false, errors: [...schemaErrors(validate.errors ?? []), ...errors] };
  const root = json as Obj;

  const elections = objs(root.Election);
  if (elections.length !== 1) {
    errors.push({
      path: '/Election',
      message: `must contain exactly one election (found ${elections.length})`,
    });
    return { ok: false, errors };
  }
  const el = elections[0];
  const ep = '/Election/0';

  const gpUnits: GpUnitInfo[] = objs(root.GpUnit).map((g) => ({
    id: String(g['@id']),
    name: text(g.Name) ?? String(g['@id']),
    type: str(g.Type) === 'other' ? (str(g.OtherType) ?? 'other') : String(g.Type),
  }));
  const gpIds = new Set(gpUnits.map((g) => g.id));

  const parties: PartyInfo[] = objs(root.Party).map((p) => {
    const abbreviation = text(p.Abbreviation) ?? str(p.Abbreviation);
    return {
      id: String(p['@id']),
      name: text(p.Name) ?? String(p['@id']),
      ...(abbreviation ? { abbreviation } : {}),
    };
  });
  const partyById = new Map(parties.map((p) => [p.id, p]));
  const checkParty = (id: string, path: string): string | undefined => {
    const p = partyById.get(id);
    if (!p) errors.push({ path, message: `refers to unknown Party "${id}"` });
    return p?.name;
  };

  const candidates = new Map<string, { name: string; partyId?: string }>();
  objs(el.Candidate).forEach((c, i) => {
    const partyId = str(c.PartyId);
    if (partyId) checkParty(partyId, `${ep}/Candidate/${i}/PartyId`);
    candidates.set(String(c['@id']), {
      name: text(c.BallotName) ?? String(c['@id']),
      ...(partyId ? { partyId } : {}),
    });
  });

  const scopeId = String(el.ElectionScopeId);
  if (!gpIds.has(scopeId))
    errors.push({ path: `${ep}/ElectionScopeId`, message: `refers to unknown GpUnit "${scopeId}"` });
  if (str(el.EndDate) !== settings.electionDate)
    errors.push({
      path: `${ep}/EndDate`,
      message: `is ${str(el.EndDate)} but settings.electionDate is ${settings.electionDate}`,
    });

  const contests: Contest[] = [];
  objs(el.Contest).forEach((c, i) => {
    const cp = `${ep}/Contest/${i}`;
    const id = String(c['@id']);
    const title = text(c.BallotTitle) ?? String(c.Name);
    const subtitle = text(c.BallotSubTitle);
    const sub = { ...(subtitle ? { subtitle } : {}), ...translationsOf(c) };
    const districtId = String(c.ElectionDistrictId);
    if (!gpIds.has(districtId))
      errors.push({ path: `${cp}/ElectionDistrictId`, message: `refers to unknown GpUnit "${districtId}"` });
    const options = objs(c.ContestOption);
    switch (c['@type']) {
      case 'BallotDefinition.CandidateContest': {
        const choices: CandidateChoice[] = [];
        let writeIns = 0;
        options.forEach((o, j) => {
          if (o.IsWriteIn === true) {
            writeIns++;
            return;
          }
          const names: string[] = [];
          const partyNames: string[] = [];
          const addParty = (pid: string, path: string) => {
            const n = checkParty(pid, path);
            if (n && !partyNames.includes(n)) partyNames.push(n);
          };
          strs(o.CandidateIds).forEach((cid, k) => {
            const cand = candidates.get(cid);
            if (!cand) {
              errors.push({
                path: `${cp}/ContestOption/${j}/CandidateIds/${k}`,
                message: `refers to unknown Candidate "${cid}"`,
              });
              return;
            }
            names.push(cand.name);
            if (cand.partyId) addParty(cand.partyId, `${cp}/ContestOption/${j}/CandidateIds/${k}`);
          });
          strs(o.EndorsementPartyIds).forEach((pid, k) =>
            addParty(pid, `${cp}/ContestOption/${j}/EndorsementPartyIds/${k}`),
          );
          choices.push({ id: String(o['@id']), candidateNames: names, partyNames });
        });
        const voteFor = Number(c.VotesAllowed);
        if (!(voteFor >= 1)) errors.push({ path: `${cp}/VotesAllowed`, message: 'must be at least 1' });
        const primaryPartyIds = strs(c.PrimaryPartyIds);
        primaryPartyIds.forEach((pid, k) => checkParty(pid, `${cp}/PrimaryPartyIds/${k}`));
        contests.push({
          kind: 'candidate',
          id,
          title,
          ...sub,
          voteFor,
          writeIns,
          candidates: choices,
          primaryPartyIds,
        });
        break;
      }
      case 'BallotDefinition.BallotMeasureContest':
      case 'BallotDefinition.RetentionContest':
      case 'BallotDefinition.ActivationContest': {
        let measureOptions: MeasureChoice[] = options.map((o) => ({
          id: String(o['@id']),
          label: text(o.Selection) ?? String(o['@id']),
        }));
        if (measureOptions.length === 0)
          measureOptions = [
            { id: `${id}-yes`, label: 'Yes' },
            { id: `${id}-no`, label: 'No' },
          ];
        const summary = text(c.SummaryText);
        let fullText = text(c.FullText) ?? summary ?? '';
        if (c['@type'] === 'BallotDefinition.RetentionContest' && !fullText) {
          const cand = candidates.get(String(c.CandidateId));
          if (!cand)
            errors.push({
              path: `${cp}/CandidateId`,
              message: `refers to unknown Candidate "${String(c.CandidateId)}"`,
            });
          fullText = `Shall ${cand?.name ?? 'the candidate'} be retained in office?`;
        }
        if (!fullText)
          errors.push({ path: `${cp}/FullText`, message: 'a ballot measure needs FullText or SummaryText' });
        contests.push({
          kind: 'measure',
          id,
          title,
          ...sub,
          ...(summary && summary !== fullText ? { summary } : {}),
          fullText,
          options: measureOptions,
        });
        break;
      }
      default: {
        // PartyContest, PartyPreferenceContest, StraightPartyContest: choose a party.
        const partyOptions: MeasureChoice[] = options.map((o, j) => ({
          id: String(o['@id']),
          label: strs(o.PartyIds)
            .map((pid, k) => checkParty(pid, `${cp}/ContestOption/${j}/PartyIds/${k}`) ?? pid)
            .join(' / '),
        }));
        contests.push({ kind: 'party', id, title, ...sub, voteFor: 1, options: partyOptions });
      }
    }
  });
  const contestIds = new Set(contests.map((c) => c.id));

  const styles: BallotStyleDef[] = [];
  const rawStyles = objs(el.BallotStyle);
  rawStyles.forEach((s, i) => {
    const sp = `${ep}/BallotStyle/${i}`;
    const ext = objs(s.ExternalIdentifier);
    const local = ext.find((x) => x.Type === 'local-level') ?? ext[0];
    const styleId = str(local?.Value) ?? `style-${i + 1}`;
    if (styles.some((x) => x.id === styleId))
      errors.push({ path: `${sp}/ExternalIdentifier`, message: `duplicate ballot style id "${styleId}"` });
    const gpUnitIds = strs(s.GpUnitIds);
    gpUnitIds.forEach((g, k) => {
      if (!gpIds.has(g))
        errors.push({ path: `${sp}/GpUnitIds/${k}`, message: `refers to unknown GpUnit "${g}"` });
    });
    const partyIds = strs(s.PartyIds);
    partyIds.forEach((pid, k) => checkParty(pid, `${sp}/PartyIds/${k}`));
    const ordered: string[] = [];
    const walk = (items: Obj[], path: string) =>
      items.forEach((item, k) => {
        if (typeof item.ContestId === 'string') {
          if (!contestIds.has(item.ContestId))
            errors.push({
              path: `${path}/${k}/ContestId`,
              message: `refers to unknown Contest "${item.ContestId}"`,
            });
          else ordered.push(item.ContestId);
          // write-in rows drawn on the physical layout count as write-in lines when the contest has none
          const contest = contests.find((c) => c.id === item.ContestId);
          if (contest?.kind === 'candidate' && contest.writeIns === 0) {
            const rows = objs(item.Physical).flatMap((p) =>
              objs(p.PhysicalContestOption).filter(
                (o) => !o.ContestOptionId && arr(o.WriteInPosition).length > 0,
              ),
            );
            if (rows.length > 0) contest.writeIns = Math.max(contest.writeIns, rows.length);
          }
        } else if (Array.isArray(item.OrderedContent))
          walk(objs(item.OrderedContent), `${path}/${k}/OrderedContent`);
      });
    walk(objs(s.OrderedContent), `${sp}/OrderedContent`);
    styles.push({
      id: styleId,
      gpUnitIds,
      partyIds,
      contestIds: ordered.length > 0 ? ordered : contests.map((c) => c.id),
    });
  });
  if (rawStyles.length === 0) {
    // No style given: one style for the whole scope with every contest, or one per primary party.
    const primaryParties = [
      ...new Set(contests.flatMap((c) => (c.kind === 'candidate' ? c.primaryPartyIds : []))),
    ];
    if (settings.type === 'primary' && primaryParties.length > 0) {
      for (const pid of primaryParties)
        styles.push({
          id: `${scopeId}-${pid}`,
          gpUnitIds: [scopeId],
          partyIds: [pid],
          contestIds: contests
            .filter(
              (c) =>
                c.kind !== 'candidate' || c.primaryPartyIds.length === 0 || c.primaryPartyIds.includes(pid),
            )
            .map((c) => c.id),
        });
    } else {
      styles.push({ id: scopeId, gpUnitIds: [scopeId], partyIds: [], contestIds: contests.map((c) => c.id) });
    }
  }

  if (errors.length > 0) return { ok: false, errors };
  const definition: ElectionDefinition = {
    name: text(el.Name) ?? 'Election',
    date: settings.electionDate,
    type: settings.type,
    federalOffices: settings.federalOffices,
    electionScopeId: scopeId,
    jurisdictionName: gpUnits.find((g) => g.id === scopeId)?.name ?? scopeId,
    returnRule: settings.returnRule,
    ...(settings.oathText !== undefined ? { oathText: settings.oathText } : {}),
    ...(settings.ballotLanguages !== undefined ? { ballotLanguages: settings.ballotLanguages } : {}),
    parties,
    contests,
    ballotStyles: styles,
    gpUnits,
    issuer: String(root.Issuer),
  };
  return { ok: true, definition };
}
