// The slim proj4 has the full package's interface (with fewer projections registered).
import proj4 from 'proj4'
export default proj4
