// Which rows of a long list to draw: a list of fixed-height rows scrolled inside a box draws
// only the rows in view plus a few on each side, positioned in a spacer as tall as the whole
// list. 100 000 members make a tall spacer and a few dozen elements.

/**
 * The rows to draw, [start, end) in row indexes, for a box of `viewport` pixels scrolled by
 * `scrollTop`, rows of `rowHeight` pixels, `count` rows, and `buffer` extra rows each side.
 */
export function visibleRange({ scrollTop, viewport, rowHeight, count, buffer = 8 }) {
	if (count <= 0 || rowHeight <= 0) return { start: 0, end: 0 }
	const top = Math.max(0, Number(scrollTop) || 0)
	const first = Math.floor(top / rowHeight)
	const inView = Math.ceil(Math.max(0, Number(viewport) || 0) / rowHeight) + 1
	const start = Math.max(0, Math.min(first - buffer, count - 1))
	const end = Math.min(count, first + inView + buffer)
	return { start, end: Math.max(start, end) }
}

/** True when rows up to `end` are wanted but fewer than `end` + `ahead` are loaded and more exist. */
export function needsMore({ end, loaded, hasMore, ahead = 40 }) {
	return hasMore && end + ahead > loaded
}
