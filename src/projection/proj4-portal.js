// proj4 as the portal's build uses it (vite.config.ts, slimProj4): lib/index.js of proj4 without the 33
// projections and the MGRS converter no CRS of registry.ts needs — that saved ~11 kB of gzipped JavaScript
// before the first map view, twice (the page and the vector worker). The same modules, so the same numbers;
// the publisher and the unit tests use the full package. A definition naming another projection fails with
// proj4's own error ("Could not get projection name").
import core from 'proj4/lib/core'
import Proj from 'proj4/lib/Proj'
import Point from 'proj4/lib/Point'
import toPoint from 'proj4/lib/common/toPoint'
import defs from 'proj4/lib/defs'
import nadgrid from 'proj4/lib/nadgrid'
import transform from 'proj4/lib/transform'
import tmerc from 'proj4/lib/projections/tmerc'
import etmerc from 'proj4/lib/projections/etmerc'
import utm from 'proj4/lib/projections/utm'

const proj4 = Object.assign(core, { defaultDatum: 'WGS84', Proj, WGS84: new Proj('WGS84'), Point, toPoint, defs, nadgrid, transform, version: 'portal' })
// longlat and merc are built in (lib/projections.js); UTM (EPSG:25832/25833) needs etmerc; Gauss-Krüger tmerc.
for (const p of [tmerc, etmerc, utm]) proj4.Proj.projections.add(p)
export default proj4
