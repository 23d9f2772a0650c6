import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import {
  currentStateRuleOverrides,
  findJurisdiction,
  insertStateRuleOverrides,
  withTenant,
} from '@uocava/database';
import {
  effectiveStateRules,
  parseStateRuleOverrides,
  stateRulesOf,
  type StateRuleOverrides,
} from '@uocava/domain';
import { invalidRequest, ProblemException } from '@uocava/platform';
import { actorLabel, type OfficePrincipal } from '../common/office-auth';

/**
 * The office's state rules (docs/state-rules.md): read by every role, overridden by an admin. An
 * override replaces one of its own state's values whole, with its own citation; each save is a
 * new version (state_rule_overrides), and the audit trail names the key that saved it.
 */
@Injectable()
export class StateRulesService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async get(p: OfficePrincipal) {
    return withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const j = await findJurisdiction(tx, p.jurisdictionId);
      const state = j?.state ?? '';
      const table = stateRulesOf(state);
      const current = await currentStateRuleOverrides(tx, p.jurisdictionId);
      const parsed = current && parseStateRuleOverrides(current.overrides);
      const values: StateRuleOverrides | undefined = parsed?.ok ? parsed.overrides : undefined;
      return {
        state,
        hasTable: table !== undefined,
        table: table ?? null,
        overrides:
          current === undefined || values === undefined
            ? null
            : {
                version: current.version,
                values,
                createdAt: current.createdAt.toISOString(),
                createdBy: current.createdBy,
              },
        effective: effectiveStateRules(state, values) ?? null,
      };
    });
  }

  async putOverrides(p: OfficePrincipal, body: unknown) {
    const parsed = parseStateRuleOverrides(body);
    if (!parsed.ok)
      throw invalidRequest(
        parsed.problems.map((x) => ({
          field: x.pointer.split('/').filter(Boolean).join('.') || 'body',
          pointer: x.pointer,
          code: 'invalid',
          message: x.message,
        })),
        "The overrides do not fit the state rules' schema; nothing was saved.",
      );
    await withTenant(this.ds, p.jurisdictionId, async (tx) => {
      const j = await findJurisdiction(tx, p.jurisdictionId);
      if (j === undefined || stateRulesOf(j.state) === undefined)
        throw new ProblemException(
          422,
          'no-state-table',
          'No table for this state',
          `The state ${j?.state ?? ''} has no rules table to override; add one first (docs/state-rules.md, "Adding a state").`,
        );
      try {
        await insertStateRuleOverrides(tx, {
          jurisdictionId: p.jurisdictionId,
          overrides: parsed.overrides,
          createdBy: actorLabel(p),
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505')
          throw new ProblemException(
            409,
            'conflict',
            'Saved at the same time',
            'Another admin saved overrides at the same moment: read them again and retry.',
          );
        throw error;
      }
    });
    return this.get(p);
  }
}
