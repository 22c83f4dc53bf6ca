// The proj4 of the browser build (vite.config.ts resolves `proj4` to this file; Node — the publisher and the
// unit tests — keeps the full package). proj4's index registers all ~35 projection methods and MGRS; the portal
// only ever defines the CRSs of registry.ts (CRS_DEFINITIONS, GK_DEFINITIONS): lon/lat, Web Mercator (both
// built into proj4's core), UTM and Gauss-Krüger (transverse Mercator). Only those methods are registered here,
// which keeps proj4 ~70 kB (minified) smaller in the page and again in the vector worker. A definition with
// another method fails loudly in proj4 ("Could not get projection name"), and test/browser checks the portal's
// CRSs in the built app.
import core from 'proj4/lib/core.js'
import defs from 'proj4/lib/defs.js'
import nadgrid from 'proj4/lib/nadgrid.js'
import Proj from 'proj4/lib/Proj.js'
import etmerc from 'proj4/lib/projections/etmerc.js'
import tmerc from 'proj4/lib/projections/tmerc.js'
import utm from 'proj4/lib/projections/utm.js'
import transform from 'proj4/lib/transform.js'
import type full from 'proj4'

const proj4 = Object.assign(core, { defaultDatum: 'WGS84', Proj, WGS84: new Proj('WGS84'), defs, nadgrid, transform })
for (const method of [tmerc, etmerc, utm]) Proj.projections.add(method)

export default proj4 as unknown as typeof full
