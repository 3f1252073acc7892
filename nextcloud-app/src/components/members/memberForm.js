// The member form's data, apart from any component: the fields the form edits, the body sent
// to create a member (fields left empty are not sent), the changes sent to update one (only
// the fields the person changed, so that a save after a conflict keeps the other person's
// changes to the fields this person did not touch), and the checks done before sending.

/** The fields the form edits, in their display order. Text inputs hold strings ('' = none). */
export const MEMBER_FIELDS = [
	'firstName', 'lastName', 'email', 'phone', 'address', 'postcode', 'city', 'country',
	'birthDate', 'admittedOn', 'leftOn', 'nextcloudUser', 'notes', 'restricted',
]

/** A form state from a member record (or an empty one for a new member). */
export function formFromMember(member = null) {
	const form = {}
	for (const field of MEMBER_FIELDS) {
		if (field === 'restricted') form[field] = Boolean(member?.restricted)
		else form[field] = member?.[field] === null || member?.[field] === undefined ? '' : String(member[field])
	}
	return form
}

function normalised(field, value) {
	if (field === 'restricted') return Boolean(value)
	const text = String(value ?? '').trim()
	return text === '' ? null : text
}

/** The body of POST …/members: every field with a value (restricted only when set). */
export function newMemberBody(form) {
	const body = {}
	for (const field of MEMBER_FIELDS) {
		const value = normalised(field, form[field])
		if (field === 'restricted') {
			if (value) body.restricted = true
		} else if (value !== null) body[field] = value
	}
	return body
}

/**
 * The body of PUT …/members/{id}: the fields whose value differs between `before` (the form
 * as loaded) and `after` (as edited); a field emptied is sent as null (cleared).
 */
export function memberChanges(before, after) {
	const body = {}
	for (const field of MEMBER_FIELDS) {
		const a = normalised(field, before[field])
		const b = normalised(field, after[field])
		if (a !== b) body[field] = b
	}
	return body
}

/** Checks done before sending: { field: 'code' } with code 'required' or 'order'. */
export function checkMemberForm(form) {
	const errors = {}
	if (normalised('lastName', form.lastName) === null) errors.lastName = 'required'
	const admitted = normalised('admittedOn', form.admittedOn)
	const left = normalised('leftOn', form.leftOn)
	if (left !== null && admitted === null) errors.leftOn = 'needs-admission'
	else if (left !== null && admitted !== null && /^\d{4}-\d{2}-\d{2}$/.test(left) && /^\d{4}-\d{2}-\d{2}$/.test(admitted) && left < admitted) errors.leftOn = 'order'
	return errors
}

/** "Durand Hélène", or the last name alone. */
export function memberName(member) {
	if (!member) return ''
	return [member.lastName, member.firstName].filter((s) => s).join(' ')
}
