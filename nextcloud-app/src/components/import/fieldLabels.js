// What a person reads for each member field of the importer (the API's names stay in the
// `columns` parameter).
import { t } from '../../l10n.js'

export function fieldLabel(field) {
	if (!field) return t('Ignore this column')
	if (field.startsWith('custom.')) return t('Custom field: {key}', { key: field.slice(7) })
	const labels = {
		member_number: t('Member number'),
		title: t('Title'),
		first_name: t('First name'),
		last_name: t('Last name'),
		full_name: t('Full name'),
		company: t('Company'),
		email: t('E-mail'),
		phone: t('Phone'),
		mobile: t('Mobile phone'),
		address: t('Address'),
		address_extra: t('Address (continued)'),
		postcode: t('Postcode'),
		city: t('City'),
		country: t('Country'),
		birth_date: t('Date of birth'),
		gender: t('Gender'),
		joined_on: t('Joined on'),
		left_on: t('Left on'),
		notes: t('Notes'),
		nextcloud_user: t('Nextcloud account'),
		membership_type: t('Membership type'),
		membership_start: t('Membership start'),
		membership_end: t('Membership end'),
		amount: t('Amount paid'),
		paid_on: t('Paid on'),
		payment_method: t('Payment method'),
		payment_reference: t('Payment reference'),
	}
	return labels[field] ?? field
}

export function outcomeLabel(outcome) {
	return {
		created: t('Will be created'),
		updated: t('Will be updated'),
		unchanged: t('Unchanged'),
		error: t('Invalid'),
	}[outcome] ?? outcome
}

export function appliedOutcomeLabel(outcome) {
	return {
		created: t('Created'),
		updated: t('Updated'),
		unchanged: t('Unchanged'),
		error: t('Not imported'),
	}[outcome] ?? outcome
}

export function encodingLabel(encoding) {
	return { 'utf-8': 'UTF-8', 'utf-8-bom': t('UTF-8 with BOM'), 'windows-1252': 'Windows-1252' }[encoding] ?? encoding
}

export function separatorLabel(separator) {
	return { ';': t('semicolon (;)'), ',': t('comma (,)'), '\t': t('tab') }[separator] ?? separator
}

export function presetLabel(preset) {
	return { galette: 'Galette', paheko: 'Paheko', helloasso: 'HelloAsso', generic: t('generic') }[preset] ?? preset
}
