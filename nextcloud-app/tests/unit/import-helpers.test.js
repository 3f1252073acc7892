import { describe, expect, it } from 'vitest'
import { columnsParam, countsOf, duplicateFields, fileNameFromDisposition } from '../../src/components/import/importHelpers.js'
import { slugFromName } from '../../src/components/admin/adminHelpers.js'

describe('columnsParam', () => {
	it('names columns by position, in order, with ignore for none', () => {
		expect(columnsParam({ 3: 'city', 0: 'last_name', 1: '' , 2: null })).toBe('#1:last_name,#2:ignore,#3:ignore,#4:city')
	})
	it('is empty when nothing was chosen', () => {
		expect(columnsParam({})).toBe('')
		expect(columnsParam(undefined)).toBe('')
	})
	it('keeps custom fields as they are', () => {
		expect(columnsParam({ 1: 'custom.licence' })).toBe('#2:custom.licence')
	})
})

describe('duplicateFields', () => {
	it('lists the fields chosen twice, ignoring empty choices', () => {
		expect(duplicateFields(['email', '', 'city', 'email', null, ''])).toEqual(['email'])
		expect(duplicateFields(['a', 'b'])).toEqual([])
	})
})

describe('fileNameFromDisposition', () => {
	it('reads the quoted and the RFC 5987 forms', () => {
		expect(fileNameFromDisposition('attachment; filename="registre-1.csv"')).toBe('registre-1.csv')
		expect(fileNameFromDisposition("attachment; filename*=UTF-8''registre%20%C3%A9t%C3%A9.json")).toBe('registre été.json')
		expect(fileNameFromDisposition('attachment; filename=plain.zip')).toBe('plain.zip')
	})
	it('never keeps a path, and falls back when there is no name', () => {
		expect(fileNameFromDisposition('attachment; filename="../../etc/passwd"')).toBe('.._.._etc_passwd')
		expect(fileNameFromDisposition(null, 'x.csv')).toBe('x.csv')
		expect(fileNameFromDisposition('attachment', 'x.csv')).toBe('x.csv')
	})
})

describe('countsOf', () => {
	it('reads the counts of an audit entry', () => {
		expect(countsOf(['created:3', 'updated:12', 'other'])).toEqual({ created: 3, updated: 12 })
		expect(countsOf(undefined)).toEqual({})
	})
})

describe('slugFromName', () => {
	it('drops accents and punctuation', () => {
		expect(slugFromName('Club de Rugby d’Été !')).toBe('club-de-rugby-d-ete')
		expect(slugFromName('  --  ')).toBe('')
		expect(slugFromName('a'.repeat(70)).length).toBe(64)
	})
})
