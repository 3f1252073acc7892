// Downloads a file the API answers: fetched through the client (so the Nextcloud proxy gets its
// headers), then handed to the browser as a Blob URL, in standalone mode and in Nextcloud alike.
import { api } from '../../api/client.js'
import { fileNameFromDisposition } from './importHelpers.js'

export async function downloadFile(path, { query, fallbackName = 'registre-export' } = {}) {
	const response = await api().request('GET', path, { query, raw: true })
	const blob = await response.blob()
	const name = fileNameFromDisposition(response.headers.get('Content-Disposition'), fallbackName)
	const url = URL.createObjectURL(blob)
	try {
		const a = document.createElement('a')
		a.href = url
		a.download = name
		a.style.display = 'none'
		document.body.appendChild(a)
		a.click()
		a.remove()
	} finally {
		setTimeout(() => URL.revokeObjectURL(url), 10000)
	}
	return { name, size: blob.size }
}
