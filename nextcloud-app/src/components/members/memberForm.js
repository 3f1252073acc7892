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

// Custom fields (GET …/fields): their values in the form are strings for text, long text,
// number, date and single choice, a boolean (or null when not set) for yes/no, and a list for
// multiple choice.

function customInput(def, value) {
	if (def.type === 'boolean') return value === true || value === false ? value : null
	if (def.type === 'multiple_choice') return Array.isArray(value) ? value.map(String) : []
	if (value === null || value === undefined) return ''
	return String(value)
}

/** The form's custom values for a member (or a new one), by key. */
export function customFormFromMember(defs, member = null) {
	const out = {}
	for (const def of defs) out[def.key] = customInput(def, member?.custom?.[def.key])
	return out
}

/** A form value as the API takes it; null when not set. A number that does not read stays text (the server names it). */
export function customValue(def, input) {
	if (def.type === 'boolean') return input === true || input === false ? input : null
	if (def.type === 'multiple_choice') return Array.isArray(input) && input.length ? [...input] : null
	const text = String(input ?? '').trim()
	if (text === '') return null
	if (def.type === 'number') {
		const cleaned = text.replace(/[\s\u00a0\u202f]/g, '').replace(',', '.')
		return /^-?\d+(\.\d+)?$/.test(cleaned) ? Number(cleaned) : text
	}
	return text
}

function sameValue(a, b) {
	return JSON.stringify(a) === JSON.stringify(b)
}

/** `custom` for a new member: the values set, or undefined when none is. */
export function newCustomBody(defs, form) {
	const out = {}
	for (const def of defs) {
		const value = customValue(def, form[def.key])
		if (value !== null) out[def.key] = value
	}
	return Object.keys(out).length ? out : undefined
}

/** `custom` for an update: the keys whose value changed (null removes one), or undefined. */
export function customChanges(defs, before, after) {
	const out = {}
	for (const def of defs) {
		const a = customValue(def, before[def.key])
		const b = customValue(def, after[def.key])
		if (!sameValue(a, b)) out[def.key] = b
	}
	return Object.keys(out).length ? out : undefined
}
