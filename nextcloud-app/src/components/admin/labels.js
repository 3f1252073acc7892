// Roles, legal forms and group kinds in words.
import { t } from '../../l10n.js'

export function legalFormLabel(form) {
	return { association: t('Association (loi 1901)'), scic: t('Cooperative (SCIC)'), other: t('Other') }[form] ?? form
}

export function roleLabel(role) {
	return { manager: t('Manager'), treasurer: t('Treasurer'), viewer: t('Viewer') }[role] ?? role
}

export function groupKindLabel(kind) {
	return { active_members: t('Active members'), board: t('Board (a yes/no field)'), role: t('People with a role') }[kind] ?? kind
}
