// The early entry (issue #21): its own <script type="module"> in index.html (vite.config.ts, earlyEntry), with an
// import graph without MapLibre and React, so that catalog.json and the first view's data are asked for while
// those large chunks are still downloading. main.tsx takes the result over (src/app/firstRequests.ts).
import { firstRequests } from './firstRequests.ts'

// A failure is main.tsx's to show: it awaits the same promise.
firstRequests().catch(() => undefined)
