// DCAT-AP.de for an external map service layer: the dataset's distribution is the service itself — dct:format from
// the EU file-type table (WMS_SRVC / WMTS_SRVC), dcat:accessURL the GetCapabilities document (no downloadURL: a
// map service delivers pictures, not the data), and dcat:accessService a dcat:DataService with its endpoint URL and
// description, as the DCAT-AP.de Konventionenhandbuch (section 3.3) models services.
import type { ServiceLayerEntry } from '../../src/model/catalog.ts'
import type { JsonLdNode } from './dcat.ts'
import { capabilitiesUrl } from '../../src/model/service.ts'

const FILE_TYPE = 'http://publications.europa.eu/resource/authority/file-type/'
const OGC_SERVICE_TYPE = 'http://www.opengis.net/def/serviceType/ogc/'
const iri = (id: string) => ({ '@id': id })

export function serviceDistribution(entry: ServiceLayerEntry, title: string, rights: JsonLdNode, fileUrl: string): JsonLdNode {
  const caps = capabilitiesUrl(entry)
  const type = entry.service === 'wms' ? 'WMS' : 'WMTS'
  const endpoint = entry.service === 'wms' ? entry.url : new URL(caps).origin + new URL(caps).pathname
  return {
    '@id': `${fileUrl}#distribution-${entry.id}-service`,
    '@type': 'dcat:Distribution',
    'dct:title': `${title} (${type})`,
    'dct:description': `Darstellungsdienst (${type} ${entry.version}), Ebene „${entry.layers}“; eingebunden als externer Dienst, keine Datei zum Herunterladen.`,
    'dcat:accessURL': iri(caps),
    'dct:format': iri(`${FILE_TYPE}${type}_SRVC`),
    'dcat:accessService': {
      '@id': `${fileUrl}#service-${entry.id}`,
      '@type': 'dcat:DataService',
      'dct:title': `${title} (${type})`,
      'dcat:endpointURL': iri(endpoint),
      'dcat:endpointDescription': iri(caps),
      'dct:conformsTo': iri(`${OGC_SERVICE_TYPE}${entry.service}`),
    },
    ...rights,
  }
}
