// Package documents turns a page of text (or HTML) into proposed facts of
// the graph, each with the verbatim quotes that support it: the
// rule-based extractor for Polish and English (and German's plainest
// membership statements), the HTML reduction it
// reads, and the measure that compares its proposals with facts curated
// by hand.
//
// The rules read the shapes municipal and network pages use to state
// memberships ("X jest członkiem stowarzyszenia Y od listopada 2005 r.",
// a lead sentence ending in a colon and a list of names under it, an
// organisation's entry with a field "Gdansk's accession date: 20th
// October 1995", a table of organisations and years of accession),
// foundings, offices, member counts, events and partner-city agreements.
// A date is taken for a membership only where the grammar ties it to
// the membership; otherwise the membership is proposed without one.
// Names are resolved against the graph with the same inflection-aware
// matching the search uses (graph.MatchScore), so "Krakowa" is the city
// Kraków; a name the graph does not have becomes a proposed new node with
// the name as written. Dates keep the precision written, and a fact whose
// date the sentence leaves ambiguous is proposed without one.
package documents
