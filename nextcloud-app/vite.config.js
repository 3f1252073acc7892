// Builds the two front ends into dist/, which registre-server serves under js/, css/ and img/:
//   main   the app in Nextcloud's top menu (and at / in standalone mode);
//   public the consent page a member opens from a signed link (/public/consent).
// Every built file has a content hash in its name, so the server lets browsers keep it a year.
// Nextcloud loads the stable names it was told at registration (js/registre-main.js and
// css/registre-style.css, as a classic script): the small loaders written here are those
// files, and they add the hashed module and styles to the page.
import { defineConfig } from 'vite'
import vue from '@vitejs/plugin-vue'
import { readFileSync } from 'node:fs'
import { entryLoaders } from './build/entry-loaders.js'

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'))

export default defineConfig({
	base: './',
	// @nextcloud/vue reads these build-time names (its logger and translations use them).
	define: { appName: JSON.stringify('registre'), appVersion: JSON.stringify(version) },
	publicDir: 'public',
	plugins: [vue(), entryLoaders({ main: 'registre-main', public: 'registre-public' })],
	build: {
		outDir: 'dist',
		emptyOutDir: true,
		target: 'es2022',
		sourcemap: false,
		chunkSizeWarningLimit: 4000,
		rollupOptions: {
			input: { main: 'src/main.js', public: 'src/public/main.js' },
			output: {
				format: 'es',
				entryFileNames: 'js/[name].[hash].js',
				chunkFileNames: 'js/[name].[hash].js',
				assetFileNames: (asset) => {
					const name = asset.names?.[0] ?? asset.name ?? ''
					return name.endsWith('.css') ? 'css/[name].[hash][extname]' : 'img/[name].[hash][extname]'
				},
			},
		},
	},
	test: {
		environment: 'node',
		include: ['tests/unit/**/*.test.js'],
	},
})
