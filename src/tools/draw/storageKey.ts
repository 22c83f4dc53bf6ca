// Alone in its module: the map screen looks for stored drawings at start without loading the drawing code.
export const STORAGE_KEY = 'geoportal.drawings'
/** Dispatched on window when the drawing tool opens, so the map screen loads the drawings' map layer. */
export const DRAW_OPEN_EVENT = 'geoportal:draw-open'
