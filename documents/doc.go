// Package documents turns a page of text (or HTML) into proposed facts of
// the graph, each with the verbatim quotes that support it: the
// rule-based extractor for Polish and English, the HTML reduction it
// reads, and the measure that compares its proposals with facts curated
// by hand.
//
// The rules read the shapes municipal and network pages use to state
// memberships ("X jest członkiem stowarzyszenia Y od listopada 2005 r.",
// a lead sentence ending in a colon and a list of names under it),
// foundings, offices, member counts, events and partner-city agreements.
// Names are resolved against the graph with the same inflection-aware
// matching the search uses (graph.MatchScore), so "Krakowa" is the city
// Kraków; a name the graph does not have becomes a proposed new node with
// the name as written. Dates keep the precision written, and a fact whose
// date the sentence leaves ambiguous is proposed without one.
package documents
