// Words for the retention API's codes (subjects, triggers, actions, states, outcomes, reasons),
// in the association's language. Every string is a literal t() call so that the catalogue test
// finds it. Pure functions: tested in tests/unit/retention-labels.test.js.
import { n, t } from '../../l10n.js'

export const SUBJECTS = ['former_members', 'applicants', 'lapsed_members', 'consent_evidence', 'audit_entries', 'dues_records', 'expired_public_links', 'closed_requests']
export const UNITS = ['days', 'months', 'years']
export const ACTIONS = ['review', 'anonymise', 'erase']

/** Which triggers and actions each subject accepts (docs/retention.md, "Rules"). */
export const SUBJECT_RULES = {
	former_members: { triggers: ['date_left', 'end_of_last_membership'], actions: ['erase', 'anonymise', 'review'] },
	applicants: { triggers: ['application_date'], actions: ['erase', 'anonymise', 'review'] },
	lapsed_members: { triggers: ['end_of_last_membership'], actions: ['erase', 'anonymise', 'review'] },
	consent_evidence: { triggers: ['withdrawal_date'], actions: ['erase'] },
	audit_entries: { triggers: ['creation_date'], actions: ['erase'] },
	dues_records: { triggers: ['end_of_last_membership', 'creation_date'], actions: ['erase', 'anonymise'] },
	expired_public_links: { triggers: ['closing_date'], actions: ['erase'] },
	closed_requests: { triggers: ['closing_date'], actions: ['erase'] },
}

export function subjectLabel(code) {
	switch (code) {
	case 'former_members': return t('Former members')
	case 'applicants': return t('Applicants never admitted')
	case 'lapsed_members': return t('Members who did not renew')
	case 'consent_evidence': return t('Evidence of withdrawn consents')
	case 'audit_entries': return t('Audit log entries')
	case 'dues_records': return t('Dues records')
	case 'expired_public_links': return t('Expired personal links')
	case 'closed_requests': return t('Closed data requests')
	default: return String(code ?? '')
	}
}

export function triggerLabel(code) {
	switch (code) {
	case 'date_left': return t('date of leaving')
	case 'end_of_last_membership': return t('end of the last membership')
	case 'application_date': return t('application date')
	case 'withdrawal_date': return t('withdrawal date')
	case 'creation_date': return t('creation date')
	case 'closing_date': return t('closing date')
	default: return String(code ?? '')
	}
}

export function actionLabel(code) {
	switch (code) {
	case 'erase': return t('Erase')
	case 'anonymise': return t('Anonymise')
	case 'review': return t('Ask for a review')
	default: return String(code ?? '')
	}
}

export function unitLabel(code) {
	switch (code) {
	case 'days': return t('days')
	case 'months': return t('months')
	case 'years': return t('years')
	default: return String(code ?? '')
	}
}

/** "3 years" / "3 ans". */
export function delayLabel(amount, unit) {
	switch (unit) {
	case 'days': return n('{count} day', '{count} days', amount, { count: amount })
	case 'months': return n('{count} month', '{count} months', amount, { count: amount })
	case 'years': return n('{count} year', '{count} years', amount, { count: amount })
	default: return `${amount} ${unit ?? ''}`.trim()
	}
}

/** One sentence for a rule: "Erase — Former members, 3 years after the date of leaving". */
export function ruleSummary(rule) {
	if (!rule) return ''
	return t('{action}: {subject}, {delay} after the {trigger}', {
		action: actionLabel(rule.action),
		subject: subjectLabel(rule.subject),
		delay: delayLabel(rule.delayAmount, rule.delayUnit),
		trigger: triggerLabel(rule.trigger),
	})
}

/** A preview item's state. */
export function stateLabel(code) {
	switch (code) {
	case 'due': return t('Due')
	case 'held': return t('Kept by a legal hold')
	case 'awaiting-approval': return t('Awaiting approval')
	case 'approved': return t('Approved')
	default: return String(code ?? '')
	}
}

/** A run item's outcome (null: not done yet). */
export function outcomeLabel(code) {
	switch (code) {
	case 'erased': return t('Erased')
	case 'anonymised': return t('Anonymised')
	case 'redacted': return t('Redacted')
	case 'review-opened': return t('Review opened')
	case 'review-already-open': return t('Review already open')
	case 'held': return t('Kept by a legal hold')
	case 'awaiting-approval': return t('Awaiting approval')
	case 'gone': return t('Already gone')
	case 'no-longer-due': return t('No longer due')
	case 'rule-removed': return t('Rule removed')
	case null:
	case undefined: return t('Not done yet')
	default: return String(code)
	}
}

/** The short answer of an explanation's reason. */
export function reasonLabel(code) {
	switch (code) {
	case 'due': return t('Due')
	case 'held': return t('Kept by a legal hold')
	case 'not-yet-due': return t('Not yet due')
	case 'not-in-subject': return t('Not concerned')
	case 'no-trigger-date': return t('No trigger date')
	case 'rule-disabled': return t('Rule disabled')
	case 'record-rule': return t('Rule about records')
	default: return String(code ?? '')
	}
}

/**
 * The sentence that says why: dates come already formatted (formatDate), so that this stays
 * independent of the locale's date style.
 */
export function reasonSentence(explanation, fmt = (d) => d) {
	const e = explanation ?? {}
	const rule = e.rule ?? {}
	switch (e.reason) {
	case 'due': return t('The {trigger} is {triggerDate}: the rule applies since {dueOn}.', { trigger: triggerLabel(rule.trigger), triggerDate: fmt(e.triggerDate), dueOn: fmt(e.dueOn) })
	case 'held': return t('A legal hold keeps this member until {until}.', { until: fmt(e.hold?.until) })
	case 'not-yet-due': return t('The {trigger} is {triggerDate}: the rule will apply on {dueOn}.', { trigger: triggerLabel(rule.trigger), triggerDate: fmt(e.triggerDate), dueOn: fmt(e.dueOn) })
	case 'not-in-subject': return t('The rule is about {subject}; this member is not one of them.', { subject: subjectLabel(rule.subject).toLowerCase() })
	case 'no-trigger-date': return t('The register has no {trigger} for this member.', { trigger: triggerLabel(rule.trigger) })
	case 'rule-disabled': return t('The rule is disabled: it does nothing.')
	case 'record-rule': return t('The rule is about records (dues, evidence, links…), not about the member as such.')
	default: return ''
	}
}

/** Outcome → count for a run's items, in a stable order (most common outcomes first). */
export function countOutcomes(items) {
	const counts = {}
	for (const item of items ?? []) {
		const key = item.outcome ?? 'pending'
		counts[key] = (counts[key] ?? 0) + 1
	}
	return counts
}

/** Parses a run's `report` text; null when absent or not JSON. */
export function parseReport(text) {
	if (!text) return null
	try {
		const r = JSON.parse(text)
		return r && typeof r === 'object' ? r : null
	} catch {
		return null
	}
}

/** "2026-11-29" for a Date in local calendar terms. */
export function isoDay(date = new Date()) {
	const p = (v) => String(v).padStart(2, '0')
	return `${date.getFullYear()}-${p(date.getMonth() + 1)}-${p(date.getDate())}`
}
