// The words the retention pages put on the API's codes, and the small helpers around a run.
import { describe, expect, it } from 'vitest'
import {
	ACTIONS, SUBJECTS, SUBJECT_RULES, countOutcomes, delayLabel, isoDay, outcomeLabel, parseReport,
	reasonLabel, reasonSentence, ruleSummary, stateLabel, subjectLabel, triggerLabel,
} from '../../src/components/retention/labels.js'
import { actorLabel } from '../../src/components/audit/actors.js'
import { problemLabel } from '../../src/components/audit/problems.js'

const rule = { subject: 'former_members', trigger: 'date_left', delayAmount: 3, delayUnit: 'years', action: 'erase' }

describe('retention labels', () => {
	it('names every subject, and each subject’s triggers and actions', () => {
		for (const s of SUBJECTS) {
			expect(subjectLabel(s)).not.toBe(s)
			for (const tr of SUBJECT_RULES[s].triggers) expect(triggerLabel(tr)).not.toBe(tr)
			for (const a of SUBJECT_RULES[s].actions) expect(ACTIONS).toContain(a)
		}
	})

	it('summarises a rule in one sentence, with plurals', () => {
		expect(ruleSummary(rule)).toBe('Erase: Former members, 3 years after the date of leaving')
		expect(delayLabel(1, 'months')).toBe('1 month')
		expect(delayLabel(90, 'days')).toBe('90 days')
	})

	it('explains each reason the API gives', () => {
		const fmt = (d) => `[${d}]`
		expect(reasonSentence({ rule, reason: 'due', triggerDate: '2019-06-30', dueOn: '2022-06-30' }, fmt))
			.toBe('The date of leaving is [2019-06-30]: the rule applies since [2022-06-30].')
		expect(reasonSentence({ rule, reason: 'not-yet-due', triggerDate: '2026-10-01', dueOn: '2029-10-01' }, fmt))
			.toBe('The date of leaving is [2026-10-01]: the rule will apply on [2029-10-01].')
		expect(reasonSentence({ rule, reason: 'held', hold: { until: '2027-01-01' } }, fmt)).toBe('A legal hold keeps this member until [2027-01-01].')
		expect(reasonSentence({ rule, reason: 'not-in-subject' })).toBe('The rule is about former members; this member is not one of them.')
		expect(reasonSentence({ rule, reason: 'no-trigger-date' })).toBe('The register has no date of leaving for this member.')
		for (const r of ['due', 'held', 'not-yet-due', 'not-in-subject', 'no-trigger-date', 'rule-disabled', 'record-rule']) {
			expect(reasonLabel(r)).not.toBe(r)
			expect(reasonSentence({ rule, reason: r, hold: { until: 'x' } })).not.toBe('')
		}
	})

	it('names states and outcomes, null as not done', () => {
		expect(stateLabel('awaiting-approval')).toBe('Awaiting approval')
		expect(outcomeLabel(null)).toBe('Not done yet')
		expect(outcomeLabel('erased')).toBe('Erased')
	})

	it('counts a run’s outcomes', () => {
		expect(countOutcomes([{ outcome: 'erased' }, { outcome: 'held' }, { outcome: 'erased' }, { outcome: null }]))
			.toEqual({ erased: 2, held: 1, pending: 1 })
		expect(countOutcomes(undefined)).toEqual({})
	})

	it('reads a report, or nothing', () => {
		expect(parseReport('{"format":"registre-retention-report-v1","rules":[]}').rules).toEqual([])
		expect(parseReport('not json')).toBeNull()
		expect(parseReport(null)).toBeNull()
	})

	it('writes a local calendar day', () => {
		expect(isoDay(new Date(2026, 0, 5))).toBe('2026-01-05')
	})
})

describe('audit and applications labels', () => {
	it('names actors', () => {
		expect(actorLabel('user:alice')).toBe('alice')
		expect(actorLabel('system')).toBe('Registre (automatic)')
		expect(actorLabel('nextcloud')).toBe('Nextcloud')
	})

	it('explains why an application waits', () => {
		expect(problemLabel('forms-no-name')).toBe('No name in the answers')
		expect(problemLabel('email:invalid-email')).toBe('The answer for “email” was refused (invalid-email)')
	})
})
