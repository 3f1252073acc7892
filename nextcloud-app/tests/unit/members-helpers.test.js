import { describe, expect, it } from 'vitest'
import { checkMemberForm, customChanges, customFormFromMember, customValue, formFromMember, memberChanges, memberName, newCustomBody, newMemberBody } from '../../src/components/members/memberForm.js'
import { needsMore, visibleRange } from '../../src/components/members/virtualWindow.js'
import { amountInput } from '../../src/components/dues/amount.js'
import { parseMoney } from '../../src/format.js'

describe('visibleRange', () => {
	it('draws the rows in view plus a buffer', () => {
		expect(visibleRange({ scrollTop: 0, viewport: 480, rowHeight: 48, count: 100000, buffer: 5 })).toEqual({ start: 0, end: 16 })
		expect(visibleRange({ scrollTop: 4800, viewport: 480, rowHeight: 48, count: 100000, buffer: 5 })).toEqual({ start: 95, end: 116 })
	})
	it('stops at the end of the list', () => {
		expect(visibleRange({ scrollTop: 48 * 995, viewport: 480, rowHeight: 48, count: 1000, buffer: 5 })).toEqual({ start: 990, end: 1000 })
	})
	it('draws nothing for an empty list and survives odd input', () => {
		expect(visibleRange({ scrollTop: 0, viewport: 480, rowHeight: 48, count: 0 })).toEqual({ start: 0, end: 0 })
		expect(visibleRange({ scrollTop: -20, viewport: Number.NaN, rowHeight: 48, count: 3, buffer: 0 })).toEqual({ start: 0, end: 1 })
	})
	it('keeps the element count small however long the list', () => {
		const { start, end } = visibleRange({ scrollTop: 48 * 50000, viewport: 900, rowHeight: 48, count: 100000 })
		expect(end - start).toBeLessThan(60)
	})
})

describe('needsMore', () => {
	it('asks for the next page when the view nears the loaded rows', () => {
		expect(needsMore({ end: 70, loaded: 100, hasMore: true })).toBe(true)
		expect(needsMore({ end: 20, loaded: 100, hasMore: true })).toBe(false)
		expect(needsMore({ end: 100, loaded: 100, hasMore: false })).toBe(false)
	})
})

describe('member form', () => {
	const member = { firstName: 'Hélène', lastName: 'Durand', email: 'h@x.fr', phone: null, address: null, postcode: '75001', city: 'Paris', country: null, birthDate: null, admittedOn: '2026-01-01', leftOn: null, nextcloudUser: null, notes: '', restricted: false }

	it('reads a record into strings', () => {
		const form = formFromMember(member)
		expect(form.phone).toBe('')
		expect(form.postcode).toBe('75001')
		expect(form.restricted).toBe(false)
	})
	it('sends only the fields with a value when creating', () => {
		const form = formFromMember()
		form.lastName = '  Martin '
		form.email = ''
		form.city = 'Lyon'
		expect(newMemberBody(form)).toEqual({ lastName: 'Martin', city: 'Lyon' })
	})
	it('sends only the changed fields, null for a cleared one', () => {
		const before = formFromMember(member)
		const after = { ...before, city: '', firstName: 'Helene', notes: ' ', restricted: true }
		expect(memberChanges(before, after)).toEqual({ city: null, firstName: 'Helene', restricted: true })
		expect(memberChanges(before, { ...before })).toEqual({})
	})
	it('checks the required last name and the dates order', () => {
		expect(checkMemberForm({ ...formFromMember(), lastName: ' ' })).toEqual({ lastName: 'required' })
		expect(checkMemberForm({ ...formFromMember(member), leftOn: '2025-12-31' })).toEqual({ leftOn: 'order' })
		expect(checkMemberForm({ ...formFromMember(member), admittedOn: '', leftOn: '2026-02-01' })).toEqual({ leftOn: 'needs-admission' })
	})
	it('names a member by last then first name', () => {
		expect(memberName(member)).toBe('Durand Hélène')
		expect(memberName({ lastName: 'Seul', firstName: '' })).toBe('Seul')
	})
})

describe('amountInput', () => {
	it('writes cents as a person types them, and parseMoney reads them back', () => {
		expect(amountInput(2550, 'fr')).toBe('25,50')
		expect(amountInput(2500, 'en')).toBe('25.00')
		expect(amountInput(5, 'fr')).toBe('0,05')
		expect(amountInput(null)).toBe('')
		for (const cents of [0, 5, 2550, 123456]) expect(parseMoney(amountInput(cents, 'fr'))).toBe(cents)
	})
})

describe('custom fields', () => {
	const defs = [
		{ key: 'tshirt', type: 'single_choice', choices: ['S', 'M'] },
		{ key: 'benevole', type: 'boolean', choices: [] },
		{ key: 'licence', type: 'number', choices: [] },
		{ key: 'sports', type: 'multiple_choice', choices: ['foot', 'rugby'] },
		{ key: 'note', type: 'text', choices: [] },
	]
	it('reads a member into form values', () => {
		expect(customFormFromMember(defs, { custom: { tshirt: 'M', licence: 12.5, sports: ['foot'] } }))
			.toEqual({ tshirt: 'M', benevole: null, licence: '12.5', sports: ['foot'], note: '' })
	})
	it('sends only the values set at creation', () => {
		const form = customFormFromMember(defs)
		expect(newCustomBody(defs, form)).toBeUndefined()
		form.licence = '1 250,5'
		form.benevole = false
		form.sports = ['rugby']
		expect(newCustomBody(defs, form)).toEqual({ licence: 1250.5, benevole: false, sports: ['rugby'] })
		expect(customValue(defs[2], 'douze')).toBe('douze')
	})
	it('sends the changed keys in an update, null for a removed value', () => {
		const before = customFormFromMember(defs, { custom: { tshirt: 'M', note: 'x' } })
		const after = { ...before, tshirt: '', note: 'x', sports: ['foot'] }
		expect(customChanges(defs, before, after)).toEqual({ tshirt: null, sports: ['foot'] })
		expect(customChanges(defs, before, { ...before })).toBeUndefined()
	})
})
