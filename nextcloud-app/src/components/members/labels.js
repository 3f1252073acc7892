// The words shown for the API's codes (statuses, payment methods, periods), in one place.
import { language, t } from '../../l10n.js'

export function statusLabel(status) {
	switch (status) {
	case 'applicant': return t('Applicant')
	case 'active': return t('Active')
	case 'lapsed': return t('Lapsed')
	case 'former': return t('Former member')
	default: return String(status ?? '')
	}
}

export const STATUSES = ['applicant', 'active', 'lapsed', 'former']

export const PAYMENT_METHODS = ['cash', 'cheque', 'transfer', 'card', 'online', 'other']

export function methodLabel(method) {
	switch (method) {
	case 'cash': return t('Cash')
	case 'cheque': return t('Cheque')
	case 'transfer': return t('Bank transfer')
	case 'card': return t('Card')
	case 'online': return t('Online')
	case 'other': return t('Other')
	default: return ''
	}
}

export const PERIODS = ['calendar_year', 'season', 'rolling_months', 'lifetime']

export function periodLabel(type) {
	switch (type?.period) {
	case 'calendar_year': return t('Calendar year')
	case 'season': return t('Season starting in {month}', { month: monthName(type.seasonStartMonth) })
	case 'rolling_months': return t('{months} months from the start', { months: type.rollingMonths })
	case 'lifetime': return t('Lifetime')
	default: return String(type?.period ?? '')
	}
}

export function periodName(period) {
	switch (period) {
	case 'calendar_year': return t('Calendar year')
	case 'season': return t('Season')
	case 'rolling_months': return t('Rolling months')
	case 'lifetime': return t('Lifetime')
	default: return String(period ?? '')
	}
}

/** Today as YYYY-MM-DD in the browser's time zone. */
export function today() {
	const d = new Date()
	return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`
}

/** 9 → "septembre" / "September". */
export function monthName(month) {
	return new Intl.DateTimeFormat(language() === 'fr' ? 'fr-FR' : 'en-GB', { month: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(2026, Number(month) - 1, 1)))
}
