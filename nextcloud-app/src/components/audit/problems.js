// Why a Forms application waits for a manager: the server's message ids, in words.
import { t } from '../../l10n.js'

export function problemLabel(problem) {
	switch (problem) {
	case 'forms-no-name': return t('No name in the answers')
	case 'forms-no-contact': return t('Neither an e-mail address nor a phone number')
	case 'forms-unknown-question': return t('The form has a question the mapping does not know (the form was changed)')
	case 'forms-answers-unreadable': return t('The answers could not be read')
	case 'forms-answer-too-long': return t('An answer is too long')
	default: {
		const i = String(problem).indexOf(':')
		if (i > 0) return t('The answer for “{field}” was refused ({reason})', { field: problem.slice(0, i), reason: problem.slice(i + 1) })
		return String(problem)
	}
	}
}

export function applicationStatusLabel(status) {
	switch (status) {
	case 'pending': return t('Being read')
	case 'created': return t('Member created')
	case 'needs_review': return t('Waiting for a manager')
	case 'rejected': return t('Dismissed')
	case 'failed': return t('Could not be read')
	default: return String(status ?? '')
	}
}
