// The audit log's action codes, and a plain description of the common ones.
import { t } from '../../l10n.js'

export const AUDIT_ACTIONS = [
	'application.created', 'application.dismissed', 'application.failed', 'application.needs_review', 'application.read',
	'consent.given', 'consent.history_read', 'consent.read', 'consent.read_own', 'consent.recorded', 'consent.recorded_own', 'consent.renewals_listed', 'consent.withdrawn',
	'field.created', 'form_mapping.created', 'form_mapping.deleted', 'form_mapping.updated',
	'group_sync.group_added', 'group_sync.group_confirmed', 'group_sync.group_created', 'group_sync.group_removed', 'group_sync.previewed', 'group_sync.run', 'group_sync.run_requested', 'group_sync.user_added', 'group_sync.user_removed',
	'import.csv', 'ledger.checkpoint_signed', 'link.created', 'link.revoked',
	'member.anonymised', 'member.created', 'member.deleted', 'member.erased', 'member.nextcloud_account_unlinked', 'member.package_exported', 'member.package_exported_own', 'member.read', 'member.restricted', 'member.status_changed', 'member.updated',
	'members.exported', 'members.imported', 'members.listed', 'membership.paid', 'membership.recorded', 'membership_type.created',
	'organization.created', 'organization.updated', 'purpose.audience_listed', 'purpose.created', 'purpose.updated', 'purpose.version_published',
	'request.assigned', 'request.closed', 'request.extended', 'request.listed', 'request.opened', 'request.read',
	'retention.approved', 'retention.default.refused', 'retention.explained', 'retention.hold.placed', 'retention.hold.released', 'retention.holds.listed', 'retention.previewed', 'retention.review.decided', 'retention.rule.changed', 'retention.rule.created', 'retention.run.completed', 'retention.settings.changed',
	'role.granted', 'role.revoked', 'webhook.created', 'webhook.deleted', 'webhook.redelivered', 'webhook.secret_rotated', 'webhook.updated',
]

/** A sentence for the common actions; '' when there is none (the code is shown alone). */
export function actionDescription(code) {
	switch (code) {
	case 'member.created': return t('Member added')
	case 'member.updated': return t('Member changed')
	case 'member.read': return t('Member record read')
	case 'members.listed': return t('Member list read')
	case 'member.erased': return t('Member erased')
	case 'member.anonymised': return t('Member anonymised')
	case 'member.restricted': return t('Processing restricted')
	case 'member.status_changed': return t('Member status changed')
	case 'members.exported': return t('Members exported')
	case 'members.imported': return t('Members imported')
	case 'membership.recorded': return t('Dues recorded')
	case 'membership.paid': return t('Dues paid')
	case 'consent.given': return t('Consent given')
	case 'consent.withdrawn': return t('Consent withdrawn')
	case 'consent.recorded': return t('Consent recorded')
	case 'request.opened': return t('Data request opened')
	case 'request.closed': return t('Data request closed')
	case 'retention.previewed': return t('Retention preview shown')
	case 'retention.explained': return t('Retention explained for a member')
	case 'retention.approved': return t('Retention preview approved')
	case 'retention.run.completed': return t('Retention run completed')
	case 'retention.rule.created': return t('Retention rule added')
	case 'retention.rule.changed': return t('Retention rule changed')
	case 'retention.hold.placed': return t('Legal hold placed')
	case 'retention.hold.released': return t('Legal hold released')
	case 'retention.holds.listed': return t('Legal holds listed')
	case 'retention.review.decided': return t('Review decided')
	case 'retention.settings.changed': return t('Retention settings changed')
	case 'application.created': return t('Application turned into a member')
	case 'application.dismissed': return t('Application dismissed')
	case 'application.read': return t('Application read')
	case 'role.granted': return t('Role granted')
	case 'role.revoked': return t('Role revoked')
	default: return ''
	}
}
