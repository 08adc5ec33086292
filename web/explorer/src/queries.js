// Every GraphQL document the explorer sends, in one place, so that a
// dashboard author can read what the page asks the public API (schema.graphqls)
// and copy it. Each is a named operation: the server's metrics and logs
// count them by name (citynet_graphql_operations_total{operation="…"}).

const CITE = `fragment Cite on Citation {
  quote
  source { id title titleEn publisher author language url file published updated }
}`;

const PARTY = `__typename ... on City { id name } ... on Institution { id name }`;

// Suggestions as the user types: case-, diacritic- and inflection-insensitive
// ("Krakowa" finds Kraków).
export const SEARCH = `query ExplorerSearch($text: String!, $types: [NodeType!], $first: Int) {
  search(text: $text, types: $types, first: $first) {
    type label matched score
    node { id }
  }
}`;

// What to draw: the nodes within `depth` hops, cut at `limit`, with what the
// cut left out. Only what the drawing needs (country to colour cities,
// member count to size networks); facts and their sources are fetched when
// a node or a line is clicked, which keeps a 1,000-node drawing under the
// server's complexity limit.
export const NEIGHBORHOOD = `query ExplorerNeighborhood($id: ID!, $depth: Int, $limit: Int, $relations: [RelationType!]) {
  neighborhood(id: $id, depth: $depth, limit: $limit, relations: $relations) {
    center { id type label }
    nodes {
      id type label
      node {
        ... on City { country { id name } }
        ... on Network { acronym memberCount }
      }
    }
    edges { id type source target }
    truncated omitted
    omittedByType { type count }
  }
}`;

// The default centre: the city in the most networks.
export const START = `query ExplorerStart {
  stats { networksPerCity(first: 1) { city { id name } count } }
}`;

// The type of a node known only by its id (a link such as /#krakow).
export const TYPE_OF = `query ExplorerType($id: ID!) { node(id: $id) { __typename id } }`;

// Everything the side panel shows about one node, by its type, with the
// sources of every fact.
export const DETAILS = {
  CITY: `query ExplorerCity($id: ID!) {
  city(id: $id) {
    id name localName altNames
    country { id name }
    memberships {
      since until status phase focus
      network { id name acronym }
      sources { ...Cite }
    }
    founded { date note network { id name } sources { ...Cite } }
    events { id name kind date sources { ...Cite } }
    attended { id name kind date }
    partnerships { id kind name date parties { ${PARTY} } areas sources { ...Cite } }
    offices { title titleEn since until person { id name } sources { ...Cite } }
    institutions { id name kind }
    claims { property value sources { ...Cite } }
    sources { ...Cite }
  }
}
${CITE}`,
  NETWORK: `query ExplorerNetwork($id: ID!) {
  network(id: $id) {
    id name localName acronym altNames kind scope founded
    seat { id name }
    website description topics memberCount
    founders { founder { __typename ... on City { id name } ... on Person { id name } } date note sources { ...Cite } }
    events { id name kind date }
    claims { property value sources { ...Cite } }
    sources { ...Cite }
  }
}
${CITE}`,
  COUNTRY: `query ExplorerCountry($id: ID!) {
  country(id: $id) { id name localName altNames sources { ...Cite } }
}
${CITE}`,
  EVENT: `query ExplorerEvent($id: ID!) {
  event(id: $id) {
    id name localName kind date
    place { id name } organizer { id name }
    topics participants { ${PARTY} } description
    sources { ...Cite }
  }
}
${CITE}`,
  PARTNERSHIP: `query ExplorerPartnership($id: ID!) {
  partnership(id: $id) { id kind name date parties { ${PARTY} } areas description sources { ...Cite } }
}
${CITE}`,
  PERSON: `query ExplorerPerson($id: ID!) {
  person(id: $id) {
    id name altNames
    offices { title titleEn since until city { id name } sources { ...Cite } }
    sources { ...Cite }
  }
}
${CITE}`,
  INSTITUTION: `query ExplorerInstitution($id: ID!) {
  institution(id: $id) {
    id name localName acronym kind
    city { id name } country { id name }
    partnerships { id kind name date }
    attended { id name date }
    sources { ...Cite }
  }
}
${CITE}`,
  SOURCE: `query ExplorerSource($id: ID!) {
  source(id: $id) { id title titleEn publisher author language url file published updated }
}`,
};

// A network's members, a page at a time (Relay cursors): a network of the
// acuto preset has 6,000 members, too many for one answer. Each city's
// memberships come along so the table can show the dates, status and
// quotes of the one in this network; the sources are named by title and
// file only, which keeps a page of 20 within the complexity limit (the
// city's own panel has the rest).
export const MEMBERS = `query ExplorerMembers($network: ID!, $first: Int, $after: String) {
  cities(filter: { network: $network }, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name country { name }
      memberships { since until status network { id } sources { quote source { id title language file } } }
    } }
  }
}`;

// One relationship with its sources: the one-hop path over its type.
export const EDGE = `query ExplorerEdge($from: ID!, $to: ID!, $type: RelationType!) {
  path(from: $from, to: $to, maxHops: 1, relations: [$type]) {
    nodes { id type label }
    edges { id type source target since until status title date sources { ...Cite } }
  }
}
${CITE}`;

export const PAIRS = `query ExplorerCityPairs($minShared: Int!, $first: Int, $after: String) {
  cityPairs(minShared: $minShared, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      a { id name country { name } }
      b { id name country { name } }
      sharedCount jaccard
      shared { id name acronym }
    } }
  }
}`;

export const PATH = `query ExplorerPath($from: ID!, $to: ID!, $maxHops: Int) {
  path(from: $from, to: $to, maxHops: $maxHops) {
    length
    nodes { id type label }
    edges { id type source target since until status title date sources { ...Cite } }
  }
}
${CITE}`;

// With no ids: the 20 largest networks.
export const OVERLAP = `query ExplorerOverlap {
  networkOverlap {
    networks { id name acronym memberCount }
    shared jaccard
  }
}`;

// The Map view (map.js): every city, 500 a page (the API's largest), with
// where it is, its population and the ids of its networks, which are all
// the map needs to size the dots and to pick out a network's members
// without asking again. A city without a location comes too: the map
// lists it as not on the map.
export const MAP_CITIES = `query ExplorerMapCities($first: Int, $after: String) {
  cities(first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name
      country { id name }
      location { lat lon }
      population populationYear
      networks { id }
    } }
  }
}`;

// A network picked on the map: its name, and how far its members are
// spread (Network.span: great-circle distances between its located
// members). Two documents, so that a server without Network.span still
// names the network and the map still picks out its members.
export const MAP_NETWORK = `query ExplorerMapNetwork($id: ID!) {
  network(id: $id) { id name acronym memberCount }
}`;

export const MAP_SPAN = `query ExplorerMapSpan($id: ID!) {
  network(id: $id) { id span { maxKm medianKm countries located members } }
}`;

export const TIMELINE = `query ExplorerTimeline {
  stats { joinsPerYear { year count } joinsWithoutYear }
}`;

export const JOINED = `query ExplorerJoined($year: Int!, $first: Int, $after: String) {
  cities(filter: { joinedFrom: $year, joinedTo: $year }, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { node { id name country { name } memberships { since network { id name } } } }
  }
}`;

// The change feed: one event per committed write (subscriptions.graphqls),
// so the page can say that what it shows is out of date.
export const CHANGES = `subscription ExplorerChanges {
  graphChanged { version at by changes { section change nodeType id } }
}`;

// What a document supports (Source.supports), a page at a time: each record
// citing it with the sentence quoted and the nodes it joins.
const NAME = `__typename id
  ... on City { name } ... on Country { name } ... on Network { name acronym } ... on Institution { name }
  ... on Person { name } ... on Event { name } ... on Partnership { title: name kind }`;

export const SUPPORTS = `query ExplorerSupports($id: ID!, $first: Int, $after: String) {
  source(id: $id) {
    supports(first: $first, after: $after) {
      totalCount
      pageInfo { hasNextPage endCursor }
      edges { node { section key quote subject { ${NAME} } object { ${NAME} } } }
    }
  }
}`;

// Documents: pages added by curators, the facts read from them (proposals)
// and their review (documents.graphqls).
const PROPOSAL = `id sourceId relation status confidence summary decidedBy
  quotes { text start end }
  entities { role type text id name match isNew country }
  records`;

export const DOCUMENT_SOURCES = `query ExplorerDocumentSources {
  proposals { sourceId status source { id title } }
}`;

export const DOCUMENT = `query ExplorerDocument($source: ID!) {
  document(source: $source) { sourceId text language retrieved source { id title url publisher } }
  proposals(source: $source) { ${PROPOSAL} }
}`;

export const ADD_DOCUMENT = `mutation ExplorerAddDocument($input: DocumentInput!) {
  addDocument(input: $input) { existing document { sourceId } proposals { id } }
}`;

export const ACCEPT_PROPOSAL = `mutation ExplorerAcceptProposal($id: ID!) {
  acceptProposal(id: $id) { proposal { ${PROPOSAL} } summary { section created updated } }
}`;

export const REJECT_PROPOSAL = `mutation ExplorerRejectProposal($id: ID!) {
  rejectProposal(id: $id) { ${PROPOSAL} }
}`;

export const EDIT_PROPOSAL = `mutation ExplorerEditProposal($id: ID!, $records: String!) {
  editProposal(id: $id, records: $records) { ${PROPOSAL} }
}`;
