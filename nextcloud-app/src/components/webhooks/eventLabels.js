// Event types and delivery states in words.
import { t } from '../../l10n.js'

export function eventLabel(type) {
	return {
		'member.created': t('A member is added'),
		'member.updated': t('A member record changes'),
		'member.status_changed': t('A member’s status changes'),
		'membership.paid': t('A membership is paid'),
		'consent.given': t('A consent is given'),
		'consent.withdrawn': t('A consent is withdrawn'),
		'member.restricted': t('Processing of a member is restricted'),
		'member.erased': t('A member is erased'),
		'request.opened': t('A data-subject request is opened'),
		'request.closed': t('A data-subject request is closed'),
	}[type] ?? type
}

export function deliveryStatusLabel(status) {
	return { pending: t('Pending'), delivered: t('Delivered'), dead: t('Failed (no more attempts)') }[status] ?? status
}
